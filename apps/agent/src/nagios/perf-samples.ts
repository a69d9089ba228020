// Perfdata become numeric samples in the agent's canonical units: time in seconds, sizes in bytes
// (the Monitoring Plugins use binary multiples: 1 MB = 1024² bytes, as check_disk prints them).
import type { NumericSample, NumericUnit, ObjectRef } from '../collectors/sample.ts';
import type { PerfDatum, PerfUnit } from './perfdata.parser.ts';

const CONVERSIONS: Readonly<Record<PerfUnit, readonly [factor: number, unit: NumericUnit]>> = {
  '': [1, 'none'],
  s: [1, 'seconds'],
  ms: [1e-3, 'seconds'],
  us: [1e-6, 'seconds'],
  '%': [1, '%'],
  B: [1, 'bytes'],
  KB: [1024, 'bytes'],
  MB: [1024 ** 2, 'bytes'],
  GB: [1024 ** 3, 'bytes'],
  TB: [1024 ** 4, 'bytes'],
  // A continuous counter ('c') is reported raw; rate rules derive per-second values from it.
  c: [1, 'count'],
};

/** One sample per perfdatum with a value; 'U' (undetermined) values are skipped. */
export function perfDataToSamples(object: ObjectRef, perfData: readonly PerfDatum[], timestampMs: number): NumericSample[] {
  return perfData.flatMap((datum) => {
    if (datum.value === null) return [];
    const [factor, unit] = CONVERSIONS[datum.unit];
    return [{ kind: 'numeric', object, counter: datum.label, value: datum.value * factor, unit, timestampMs } satisfies NumericSample];
  });
}
