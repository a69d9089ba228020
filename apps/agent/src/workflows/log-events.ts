// The event source of event-collection and alert rules (`{ log, match, minLevel }`): new lines of a
// named log (syslog, kern, auth) or a path/glob, kept when they match, as events with fields: the
// line (`message`), its file (`path`), its level, the host, and the match's named groups.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { EventSource } from '@vigil/core/pack-schema';
import { VigilError } from '@vigil/core/errors';
import type { Workflow } from '@vigil/protocol/link';
import { keyWithoutClass, substituteTarget, type WorkflowTarget } from './expressions.ts';
import { logGlobs, openWorkflowLog } from './log-reader.ts';
import { checked } from './workflow-configuration.ts';
import type { WorkflowServices } from './workflow-plugin.ts';

const LEVELS = ['debug', 'info', 'notice', 'warning', 'error', 'critical'] as const;
export type LogLevel = (typeof LEVELS)[number];

export interface LogEvent {
  readonly level: LogLevel;
  readonly message: string;
  /** message, path, level, host and the match's named groups; what alert suppression keys name. */
  readonly fields: Readonly<Record<string, string>>;
}

export interface LogEventSource {
  /** New matching events since the last read; call `commit` once they are spooled. */
  read(): Promise<{ readonly events: readonly LogEvent[]; commit(): Promise<void> }>;
}

/** A line's level from a named group `level`, else from the words syslog-style lines carry. */
export function levelOf(line: string, groups: Readonly<Record<string, string>>): LogLevel {
  const text = groups['level'] ?? line;
  if (/\b(emerg|alert|crit|critical|fatal|panic)\b/i.test(text)) return 'critical';
  if (/\b(err|error|fail(ed|ure)?)\b/i.test(text)) return 'error';
  if (/\b(warn|warning)\b/i.test(text)) return 'warning';
  if (/\bnotice\b/i.test(text)) return 'notice';
  if (/\bdebug\b/i.test(text)) return 'debug';
  return 'info';
}

export function bindLogEvents(workflow: Workflow, raw: unknown, target: WorkflowTarget, services: WorkflowServices): LogEventSource {
  const source = checked(EventSource, raw, workflow, 'source');
  const globs = logGlobs(substituteTarget(source.log, target));
  if (globs === undefined) {
    throw new VigilError('AGENT_WORKFLOW_UNSUPPORTED', { workflowId: workflow.workflowId, targetKey: workflow.targetKey, reason: `log "${source.log}" is not a file path nor one of syslog, kern, auth` });
  }
  const pattern = source.match === undefined ? undefined : new RegExp(source.match, 'u');
  const minimum = LEVELS.indexOf(source.minLevel ?? 'debug');
  const tailer = openWorkflowLog(services, `${workflow.workflowId}|${workflow.targetKey}`, globs, pattern);
  const host = keyWithoutClass(target.key).split('/')[0] ?? '';
  return {
    async read() {
      await mkdir(path.join(services.stateDir, 'logs'), { recursive: true, mode: 0o700 });
      const batch = await tailer.read();
      const events: LogEvent[] = [];
      for (const line of batch.lines) {
        const level = levelOf(line.line, line.groups);
        if (LEVELS.indexOf(level) < minimum) continue;
        events.push({ level, message: line.line, fields: { ...line.groups, message: line.line, path: line.path, level, host } });
      }
      return { events, commit: () => batch.commit() };
    },
  };
}

/** Fills `{{target.X}}` and `{{field}}` placeholders of alert names and descriptions. */
export function renderTemplate(template: string, target: WorkflowTarget, fields: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g, (whole, name: string) => {
    if (name.startsWith('target.')) return String(target.properties[name.slice('target.'.length)] ?? '');
    const field = name.startsWith('event.') ? name.slice('event.'.length) : name;
    return fields[field] ?? whole;
  });
}
