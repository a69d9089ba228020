// systemd service states via systemctl. On hosts without systemd (containers, SysV init) the
// collector reports 'unavailable' instead of failing, so service monitors show "not monitored".
import { stat } from 'node:fs/promises';
import type { CommandRequest } from '../commands/command-runner.ts';
import type { Collector, CollectContext, CollectResult } from './collector.ts';
import { hostPath } from './host-files.ts';
import { sampleSink, type Sample } from './sample.ts';

const PROPERTIES = ['Id', 'LoadState', 'ActiveState', 'SubState', 'MainPID', 'NRestarts'] as const;
/** Units per `systemctl show` call, keeping argument lists well under the kernel's limit. */
const UNITS_PER_CALL = 200;
const SYSTEMCTL: Omit<CommandRequest, 'args'> = {
  executable: 'systemctl',
  timeoutMs: 15_000,
  maxOutputBytes: 8 * 1024 * 1024,
  env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', SYSTEMD_COLORS: '0', LC_ALL: 'C' },
};

/** Parses `systemctl show` output: one block of Key=Value lines per unit, blocks separated by blank lines. */
export function parseSystemctlShow(text: string): Map<string, string>[] {
  return text
    .split(/\n\s*\n/)
    .map((block) => {
      const properties = new Map<string, string>();
      for (const line of block.split('\n')) {
        const equals = line.indexOf('=');
        if (equals > 0) properties.set(line.slice(0, equals), line.slice(equals + 1));
      }
      return properties;
    })
    .filter((properties) => properties.has('Id'));
}

async function systemctl(ctx: CollectContext, args: readonly string[]): Promise<{ ok: true; stdout: string } | { ok: false; reason: string }> {
  const result = await ctx.runCommand({ ...SYSTEMCTL, args });
  if (result.kind === 'failed-to-start') return { ok: false, reason: result.message };
  if (result.kind === 'timed-out') return { ok: false, reason: `systemctl ${args[0]} timed out after ${result.timeoutMs} ms` };
  if (result.exitCode !== 0 || result.truncated) {
    return { ok: false, reason: `systemctl ${args[0]} exited ${result.exitCode}${result.truncated ? ' (output truncated)' : ''}: ${result.stderr.trim()}` };
  }
  return { ok: true, stdout: result.stdout };
}

export const serviceCollector: Collector = {
  name: 'service',
  async collect(ctx): Promise<CollectResult> {
    // sd_booted(3): systemd is the running init exactly when /run/systemd/system is a directory.
    const booted = await stat(hostPath(ctx.rootPath, '/run/systemd/system')).then((s) => s.isDirectory(), () => false);
    if (!booted) return { kind: 'unavailable', reason: 'systemd is not running on this host (no /run/systemd/system).' };

    const listed = await systemctl(ctx, ['list-units', '--type=service', '--all', '--plain', '--no-legend', '--no-pager']);
    if (!listed.ok) return { kind: 'failed', reason: listed.reason };
    const units = listed.stdout
      .split('\n')
      .map((line) => line.trim().split(/\s+/).find((token) => token.endsWith('.service')))
      .filter((unit): unit is string => unit !== undefined);

    const samples: Sample[] = [];
    for (let i = 0; i < units.length; i += UNITS_PER_CALL) {
      const shown = await systemctl(ctx, ['show', `--property=${PROPERTIES.join(',')}`, '--no-pager', '--', ...units.slice(i, i + UNITS_PER_CALL)]);
      if (!shown.ok) return { kind: 'failed', reason: shown.reason };
      for (const unit of parseSystemctlShow(shown.stdout)) {
        const sink = sampleSink(samples, { class: 'linux.service', key: unit.get('Id') ?? '' }, ctx.nowMs);
        const activeState = unit.get('ActiveState') ?? 'unknown';
        sink.text('load-state', unit.get('LoadState') ?? 'unknown');
        sink.text('active-state', activeState);
        sink.text('sub-state', unit.get('SubState') ?? 'unknown');
        sink.numeric('active', activeState === 'active' ? 1 : 0, 'none');
        const restarts = unit.get('NRestarts');
        if (restarts !== undefined && restarts !== '') sink.numeric('restarts.count', Number(restarts), 'count');
      }
    }
    return { kind: 'collected', samples, counters: new Map() };
  },
};
