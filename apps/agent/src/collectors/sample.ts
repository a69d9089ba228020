// What every collector and the Nagios adapter produce: one measured value of one counter on one
// monitored object. Numeric samples feed performance rules and threshold monitors; text samples carry
// facts and states (OS name, service state) that discovery and state monitors compare as strings.

/** The monitored object a sample belongs to: its class (e.g. 'linux.logical-disk') and key ('/var'). */
export interface ObjectRef {
  readonly class: string;
  readonly key: string;
}

/**
 * Units are explicit so nobody has to guess from the counter name. Rates are per second; byte
 * quantities are bytes (never KB); durations are seconds.
 */
export type NumericUnit = '%' | 'bytes' | 'bytes/s' | 'count' | 'count/s' | 'seconds' | 'none';

export interface NumericSample {
  readonly kind: 'numeric';
  readonly object: ObjectRef;
  readonly counter: string;
  readonly value: number;
  readonly unit: NumericUnit;
  /** Wall-clock time of the measurement, epoch milliseconds. */
  readonly timestampMs: number;
}

export interface TextSample {
  readonly kind: 'text';
  readonly object: ObjectRef;
  readonly counter: string;
  readonly value: string;
  readonly timestampMs: number;
}

export type Sample = NumericSample | TextSample;

/** Collects samples for one object at one timestamp; keeps collectors free of repeated boilerplate. */
export interface SampleSink {
  numeric(counter: string, value: number, unit: NumericUnit): void;
  text(counter: string, value: string): void;
}

export function sampleSink(samples: Sample[], object: ObjectRef, timestampMs: number): SampleSink {
  return {
    numeric(counter, value, unit) {
      // A NaN or infinite value is a parsing accident, never a measurement: drop it rather than ship it.
      if (Number.isFinite(value)) samples.push({ kind: 'numeric', object, counter, value, unit, timestampMs });
    },
    text(counter, value) {
      samples.push({ kind: 'text', object, counter, value, timestampMs });
    },
  };
}

/**
 * The computer the agent runs on. Its key is a placeholder the workflow layer binds to the agent's
 * own computer object, so collectors never need to know the agent's identity.
 */
export const THIS_COMPUTER: ObjectRef = { class: 'linux.computer', key: 'local' };
