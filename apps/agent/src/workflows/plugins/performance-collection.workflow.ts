// Performance collection rules: a collector counter sampled every interval -> `perf` items of the
// target, one per object for `instance: '*'`; optimized collection skips near-repeats.
import { PerformanceCollectionRule } from '@vigil/core/pack-schema';
import type { PerfItem } from '@vigil/protocol/link';
import { THIS_COMPUTER } from '../../collectors/sample.ts';
import { collectorKey } from '../collector-hub.ts';
import { checkCounterSpec, numericOnly, readCounter } from '../counter-reader.ts';
import { createOptimizedFilter } from '../optimized-collection.ts';
import { checked, configurationOf, intervalMsOf, targetOf } from '../workflow-configuration.ts';
import type { WorkflowPlugin } from '../workflow-plugin.ts';

const Source = PerformanceCollectionRule.properties.source;
// The schema's `optimized` is an optional property; its value schema is what a present block must match.
const Optimized = PerformanceCollectionRule.properties.optimized;

export const performanceCollectionWorkflow: WorkflowPlugin = {
  kind: 'rule',
  defaultIntervalSeconds: 300,
  accepts: (typeId) => typeId === 'performance-collection',
  create(workflow, services) {
    const configuration = configurationOf(workflow);
    const source = checked(Source, configuration['source'], workflow, 'source');
    const optimized = configuration['optimized'] === undefined ? undefined : checked(Optimized, configuration['optimized'], workflow, 'optimized');
    checkCounterSpec(source, services, workflow);
    const target = targetOf(workflow);
    const intervalMs = intervalMsOf(workflow, source.intervalSeconds);
    const filter = createOptimizedFilter(optimized);
    // Perf series are named by collector and counter (`logical-disk.free.percent`): counter names alone repeat across collectors.
    const counter = `${collectorKey(source.collector ?? '')}.${source.counter}`;

    return {
      async run() {
        const reading = await readCounter(services, source, target, intervalMs);
        if (reading.kind === 'none') return reading.retryInMs === undefined ? undefined : { retryInMs: reading.retryInMs };
        const items: PerfItem[] = [];
        for (const sample of numericOnly(reading.samples)) {
          if (!filter.shouldSend(sample.object.key, sample.value)) continue;
          const instance = sample.object.key === THIS_COMPUTER.key ? undefined : sample.object.key;
          items.push({ kind: 'perf', objectKey: workflow.targetKey, counter, ...(instance === undefined ? {} : { instance }), value: sample.value, timestampMs: sample.timestampMs });
        }
        if (items.length > 0) services.submit(items);
        return undefined;
      },
    };
  },
};
