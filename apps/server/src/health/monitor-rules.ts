// What the management server needs to know about a monitor when its state changes: whether it
// raises an alert and with which settings. Consumer-owned port: the pack catalogue implements it
// from imported management packs; tests and the built-in agent monitors use fixed rules.
import type { MonitorAlertSettings } from '@vigil/core';

export interface MonitorRules {
  /** Alert settings for the monitor, or undefined when it raises no alert. */
  alertSettings(monitorId: string): MonitorAlertSettings | undefined;
}

export function fixedMonitorRules(settings: Readonly<Record<string, MonitorAlertSettings>>): MonitorRules {
  return { alertSettings: (monitorId) => settings[monitorId] };
}

/** Layers several rule sources: the first one that knows the monitor wins. */
export function layeredMonitorRules(...layers: readonly MonitorRules[]): MonitorRules {
  return {
    alertSettings(monitorId) {
      for (const layer of layers) {
        const found = layer.alertSettings(monitorId);
        if (found) return found;
      }
      return undefined;
    },
  };
}
