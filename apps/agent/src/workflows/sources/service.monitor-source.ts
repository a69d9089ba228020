// service: a systemd unit's ActiveState (active, inactive, failed, ...) from the shared service
// collector -> `service-status`; a unit the host does not have is 'not-found'. Without systemd
// nothing is judged (the monitor stays as it was) rather than every service turning critical.
import { ServiceMonitorSource } from '@vigil/core/pack-schema';
import { maxAgeFor } from '../collector-hub.ts';
import { substituteTarget } from '../expressions.ts';
import { checked } from '../workflow-configuration.ts';
import type { MonitorSourcePlugin } from './monitor-source.ts';

const SERVICE_COLLECTOR = 'linux.service';

export const serviceMonitorSource: MonitorSourcePlugin = {
  kind: 'service',
  bind(raw, { workflow, target, services, intervalMs }) {
    const source = checked(ServiceMonitorSource, raw, workflow, 'source');
    const name = substituteTarget(source.name, target);
    // systemd lists units with their suffix; `ssh` means `ssh.service`.
    const unit = name.includes('.') ? name : `${name}.service`;
    return {
      async read() {
        const collection = await services.collectors.collect(SERVICE_COLLECTOR, maxAgeFor(intervalMs));
        if (collection.kind !== 'collected') return { kind: 'none', reason: `service states ${collection.kind}: ${collection.reason}` };
        const sample = collection.samples.find((s) => s.object.key === unit && s.counter === 'active-state');
        const loaded = collection.samples.find((s) => s.object.key === unit && s.counter === 'load-state');
        const status = sample === undefined || loaded?.value === 'not-found' ? 'not-found' : String(sample.value);
        return { kind: 'input', input: { kind: 'service-status', atMs: collection.atMs, status } };
      },
    };
  },
};
