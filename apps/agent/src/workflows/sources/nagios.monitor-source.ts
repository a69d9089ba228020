// nagios: runs a Nagios-compatible plugin -> `plugin-result` (exit status and output); its perfdata
// become perf items of the target (canonical units: seconds, bytes). `plugin` may be a command
// line ("check_disk -w 10% -c 5%"), as Nagios command definitions are; `args` follow it.
import path from 'node:path';
import { NagiosMonitorSource } from '@vigil/core/pack-schema';
import type { PerfItem } from '@vigil/protocol/link';
import { runNagiosPlugin, type NagiosCheckResult } from '../../nagios/nagios-plugin.runner.ts';
import { perfDataToSamples } from '../../nagios/perf-samples.ts';
import type { PerfDatum } from '../../nagios/perfdata.parser.ts';
import { expandArgs, splitWords, substituteTarget } from '../expressions.ts';
import { checked } from '../workflow-configuration.ts';
import type { MonitorSourcePlugin } from './monitor-source.ts';

/** Plugins see a minimal, predictable environment (and C-locale numbers in their output). */
const PLUGIN_ENV = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', LC_ALL: 'C' };

export const nagiosMonitorSource: MonitorSourcePlugin = {
  kind: 'nagios',
  bind(raw, { workflow, target, services }) {
    const source = checked(NagiosMonitorSource, raw, workflow, 'source');
    const [plugin = '', ...leading] = splitWords(substituteTarget(source.plugin, target));
    const executable = path.isAbsolute(plugin) ? plugin : path.join(services.nagiosPluginDir, plugin);
    const args = [...leading, ...expandArgs(source.args, target)];
    const fromTarget = source.intervalSecondsFrom === undefined ? undefined : Number(target.properties[source.intervalSecondsFrom.slice('$target.'.length)]);
    const intervalMs = fromTarget !== undefined && Number.isInteger(fromTarget) && fromTarget >= 10 && fromTarget <= 86_400 ? fromTarget * 1000 : undefined;
    return {
      ...(intervalMs === undefined ? {} : { intervalMs }),
      async read() {
        const result = await runNagiosPlugin(services.runCommand, { executable, args, timeoutMs: source.timeoutSeconds * 1000, env: PLUGIN_ENV });
        const atMs = services.clock.nowMs();
        const perf: PerfItem[] = perfDataToSamples({ class: 'nagios', key: target.key }, result.perfData, atMs).map((sample) => ({
          kind: 'perf', objectKey: target.key, counter: sample.counter, value: sample.value, timestampMs: atMs,
        }));
        return { kind: 'input', input: { kind: 'plugin-result', atMs, exitCode: result.exitCode ?? 3, output: pluginOutputText(result) }, items: perf };
      },
    };
  },
};

/** The plugin's output in plugin format again (status line, long text, perfdata), for the monitor type to parse. */
function pluginOutputText(result: NagiosCheckResult): string {
  const perf = result.perfData.map(formatDatum).join(' ');
  return [result.summary + (perf === '' ? '' : ` | ${perf}`), ...result.longText].join('\n');
}

function formatDatum(datum: PerfDatum): string {
  const label = /[\s'=]/.test(datum.label) ? `'${datum.label.replace(/'/g, "''")}'` : datum.label;
  return `${label}=${datum.value === null ? 'U' : `${datum.value}${datum.unit}`}`;
}
