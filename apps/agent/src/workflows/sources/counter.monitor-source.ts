// counter: a collector counter -> one `sample` input per tick (the first matching object's value).
import { CounterMonitorSource } from '@vigil/core/pack-schema';
import { checkCounterSpec, numericOnly, readCounter } from '../counter-reader.ts';
import { checked } from '../workflow-configuration.ts';
import type { MonitorSourcePlugin } from './monitor-source.ts';

export const counterMonitorSource: MonitorSourcePlugin = {
  kind: 'counter',
  bind(raw, { workflow, target, services, intervalMs }) {
    const source = checked(CounterMonitorSource, raw, workflow, 'source');
    checkCounterSpec(source, services, workflow);
    return {
      async read() {
        const reading = await readCounter(services, source, target, intervalMs);
        if (reading.kind === 'none') return reading;
        const sample = numericOnly(reading.samples)[0];
        if (sample === undefined) return { kind: 'none', reason: `${source.counter} is not numeric` };
        return { kind: 'input', input: { kind: 'sample', atMs: sample.timestampMs, value: sample.value } };
      },
    };
  },
};
