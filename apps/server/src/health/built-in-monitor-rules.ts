// Alert settings of the monitors the Vigil Core pack defines for every agent, available before
// any pack is imported (the pack catalogue layers imported packs over these).
import { fixedMonitorRules, type MonitorRules } from './monitor-rules.ts';

export const BUILT_IN_MONITOR_RULES: MonitorRules = fixedMonitorRules({
  'Vigil.Core.HealthService.SendQueue': {
    name: 'Agent send queue is filling up',
    description: 'The agent is spooling more data than it can deliver; its queue is above the warning (50 %) or critical (60 %) share of the spool quota.',
    priority: 'medium',
    alertOn: 'warning',
  },
  'Vigil.Core.HealthService.Heartbeat': {
    name: 'Health service heartbeat failure',
    description: 'The management group has missed four heartbeats from this agent.',
    priority: 'high',
    alertOn: 'critical',
  },
  'Vigil.Core.Computer.NotReachable': {
    name: 'Computer not reachable',
    description: 'The computer did not answer a reachability check after its agent stopped sending heartbeats.',
    priority: 'high',
    alertOn: 'critical',
  },
});
