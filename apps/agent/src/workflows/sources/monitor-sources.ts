// The monitor source plugins, by the pack's `source.kind`. Adding a source kind = one
// `*.monitor-source.ts` file and one line here (and the kind in the pack schema's MonitorSource).
import { commandMonitorSource } from './command.monitor-source.ts';
import { counterMonitorSource } from './counter.monitor-source.ts';
import { logMonitorSource } from './log.monitor-source.ts';
import type { MonitorSourcePlugin } from './monitor-source.ts';
import { nagiosMonitorSource } from './nagios.monitor-source.ts';
import { serviceMonitorSource } from './service.monitor-source.ts';

export const MONITOR_SOURCES: ReadonlyMap<string, MonitorSourcePlugin> = new Map(
  [counterMonitorSource, nagiosMonitorSource, logMonitorSource, serviceMonitorSource, commandMonitorSource].map((plugin) => [plugin.kind, plugin]),
);
