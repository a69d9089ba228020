// The agent's workflow engine: the runtime's config applier. Each configuration is diffed against
// what runs, by (workflowId, targetKey): unchanged workflows keep running (their timers and
// memory untouched), changed ones are rebuilt, removed ones stop — the agent never restarts.
// Workflows a plugin cannot run are skipped and logged; the rest of the configuration still applies.
import path from 'node:path';
import { createMonitorTypeRegistry, type MonitorTypeRegistry } from '@vigil/core/health';
import { toVigilError, VigilError } from '@vigil/core/errors';
import type { Clock } from '@vigil/core/time';
import type { Logger } from '@vigil/core/logging';
import type { Item, Workflow } from '@vigil/protocol/link';
import type { CommandRunner } from '../commands/command-runner.ts';
import type { Collector } from '../collectors/collector.ts';
import type { AgentWorkflowConfig, ConfigApplyResult } from '../runtime/config-applier.ts';
import { createCollectorHub } from './collector-hub.ts';
import { openMonitorStateStore } from './monitor-state.store.ts';
import { findWorkflowPlugin, WORKFLOW_PLUGINS } from './workflow-plugins.ts';
import type { WorkflowPlugin, WorkflowRun, WorkflowServices } from './workflow-plugin.ts';
import { scheduleWorkflow, type ScheduledWorkflow } from './workflow-scheduler.ts';

/** The first run of a workflow comes within this much of (re)configuration, whatever its interval. */
const MAX_FIRST_DELAY_MS = 30_000;

export interface WorkflowEngineOptions {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly submit: (items: readonly Item[]) => void;
  readonly runCommand: CommandRunner;
  /** The agent's data folder; engine state lives in <dataDir>/state/workflows. */
  readonly dataDir: string;
  /** Root of the host file system for collectors: '/' (default) or a fixture tree. */
  readonly rootPath?: string;
  readonly collectors?: readonly Collector[];
  readonly monitorTypes?: MonitorTypeRegistry;
  /** Default /usr/lib/nagios/plugins. */
  readonly nagiosPluginDir?: string;
  /** In [0, 1): spreads first runs. Default Math.random. */
  readonly random?: () => number;
  readonly plugins?: readonly WorkflowPlugin[];
}

export interface WorkflowEngine {
  /** The ConfigApplier: never rejects a configuration for one workflow it cannot run. */
  apply(config: AgentWorkflowConfig): Promise<ConfigApplyResult>;
  /** `workflowId|targetKey` of every running workflow. */
  running(): string[];
  /** Collections per collector so far. */
  collectorRuns(): ReadonlyMap<string, number>;
  stop(): Promise<void>;
}

interface Running {
  readonly fingerprint: string;
  readonly run: WorkflowRun;
  readonly schedule: ScheduledWorkflow;
}

export const workflowKey = (workflow: Pick<Workflow, 'workflowId' | 'targetKey'>): string => `${workflow.workflowId}|${workflow.targetKey}`;

export async function startWorkflowEngine(options: WorkflowEngineOptions): Promise<WorkflowEngine> {
  const { clock, logger } = options;
  const stateDir = path.join(options.dataDir, 'state', 'workflows');
  const plugins = options.plugins ?? WORKFLOW_PLUGINS;
  const random = options.random ?? Math.random;
  const collectors = createCollectorHub({ clock, runCommand: options.runCommand, ...(options.rootPath === undefined ? {} : { rootPath: options.rootPath }), ...(options.collectors === undefined ? {} : { collectors: options.collectors }) });
  const services: WorkflowServices = {
    clock, logger, submit: options.submit, collectors, runCommand: options.runCommand,
    monitorTypes: options.monitorTypes ?? createMonitorTypeRegistry(),
    monitorStates: await openMonitorStateStore(path.join(stateDir, 'monitor-states.json'), logger),
    stateDir,
    nagiosPluginDir: options.nagiosPluginDir ?? '/usr/lib/nagios/plugins',
  };
  const running = new Map<string, Running>();
  let applying: Promise<unknown> = Promise.resolve();
  let stopped = false;

  function start(workflow: Workflow, fingerprint: string): Running | undefined {
    const ids = { workflowId: workflow.workflowId, targetKey: workflow.targetKey };
    const plugin = findWorkflowPlugin(workflow, services, plugins);
    if (plugin === undefined) {
      logger.warn(ids, `Workflow ${workflow.workflowId} (${workflow.kind} ${workflow.typeId}) is not supported by this agent; skipped.`);
      return undefined;
    }
    let run: WorkflowRun;
    try {
      run = plugin.create(workflow, services);
    } catch (error) {
      const vigilError = toVigilError(error);
      if (vigilError.code === 'AGENT_WORKFLOW_UNSUPPORTED') logger.debug(ids, vigilError.message);
      else logger.warn({ ...ids, err: vigilError }, `Workflow ${workflow.workflowId} skipped: ${vigilError.message}`);
      return undefined;
    }
    const intervalMs = run.intervalMs ?? (workflow.intervalSeconds ?? plugin.defaultIntervalSeconds) * 1000;
    const schedule = scheduleWorkflow({
      clock, intervalMs, firstDelayMs: Math.floor(random() * Math.min(intervalMs, MAX_FIRST_DELAY_MS)),
      run: () => run.run(),
      onError: (error) => logger.warn({ ...ids, err: error }, `Workflow ${workflow.workflowId} failed on ${workflow.targetKey}: ${toVigilError(error).message}`),
    });
    return { fingerprint, run, schedule };
  }

  async function stopOne(key: string): Promise<void> {
    const entry = running.get(key);
    running.delete(key);
    await entry?.schedule.stop();
    await entry?.run.stop?.();
  }

  async function apply(config: AgentWorkflowConfig): Promise<ConfigApplyResult> {
    if (stopped) throw new VigilError('CONFLICT', { what: 'The workflow engine is stopped.' });
    const wanted = new Map<string, { workflow: Workflow; fingerprint: string }>();
    for (const workflow of config.workflows) {
      if (workflow.enabled) wanted.set(workflowKey(workflow), { workflow, fingerprint: JSON.stringify(workflow) });
    }
    let kept = 0;
    for (const key of [...running.keys()]) {
      if (running.get(key)?.fingerprint === wanted.get(key)?.fingerprint) kept += 1;
      else await stopOne(key);
    }
    for (const [key, { workflow, fingerprint }] of wanted) {
      if (running.has(key)) continue;
      const entry = start(workflow, fingerprint);
      if (entry !== undefined) running.set(key, entry);
    }
    services.monitorStates.retain(new Set([...wanted.keys()]));
    await services.monitorStates.flush();
    logger.info({ version: config.version, running: running.size, kept, skipped: wanted.size - running.size }, `Workflows of configuration ${config.version}: ${running.size} running (${kept} unchanged).`);
    return { status: 'applied' };
  }

  return {
    apply(config) {
      const result = applying.then(() => apply(config));
      applying = result.catch(() => undefined);
      return result;
    },
    running: () => [...running.keys()].sort(),
    collectorRuns: () => collectors.runs(),
    async stop() {
      stopped = true;
      await applying;
      await Promise.all([...running.keys()].map((key) => stopOne(key)));
      await services.monitorStates.flush();
    },
  };
}
