// What a fleet has done, summed over its agents: sent, acknowledged, refused and reconnected.
// Loss and duplication are judged by comparing these with the database after a run.
import { createLatencyHistogram, type LatencyHistogram } from '../support/statistics.ts';

export interface FleetCounters {
  started: number;
  linked: number;
  linksOpened: number;
  linkFailures: number;
  closes: number;
  batchesSent: number;
  batchesResent: number;
  batchesAcked: number;
  itemsAcked: number;
  perfAcked: number;
  stateChangesAcked: number;
  eventsAcked: number;
  alertsAcked: number;
  heartbeatsSent: number;
  throttles: number;
  errors: Record<string, number>;
  /** Batch send → ack, milliseconds (first send of the batch on the link that acked it). */
  readonly ackLatency: LatencyHistogram;
  /** TCP connect → welcome, milliseconds. */
  readonly linkLatency: LatencyHistogram;
}

export function createFleetCounters(): FleetCounters {
  return {
    started: 0, linked: 0, linksOpened: 0, linkFailures: 0, closes: 0, batchesSent: 0, batchesResent: 0, batchesAcked: 0, itemsAcked: 0,
    perfAcked: 0, stateChangesAcked: 0, eventsAcked: 0, alertsAcked: 0, heartbeatsSent: 0, throttles: 0, errors: {},
    ackLatency: createLatencyHistogram(), linkLatency: createLatencyHistogram(),
  };
}
