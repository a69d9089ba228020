// How long the operational database keeps each dataset (SCOM's defaults: 7 days each; open
// alerts are kept regardless). Configurable per dataset; the data warehouse keeps the long tail.
export interface GroomingRetentionDays {
  /** Resolved/closed alerts (resolution state >= 254), by resolved_at; their history goes with them. */
  readonly resolvedAlerts: number;
  readonly events: number;
  readonly perfSamples: number;
  readonly stateChanges: number;
  /** Ended maintenance windows, by ended_at. */
  readonly maintenanceHistory: number;
  /** Exactly-once batch records (received_batch). */
  readonly receivedBatches: number;
  /** Objects marked deleted, with their monitor states, memberships and perf series. */
  readonly deletedObjects: number;
}

export const DEFAULT_GROOMING_RETENTION: GroomingRetentionDays = Object.freeze({
  resolvedAlerts: 7,
  events: 7,
  perfSamples: 7,
  stateChanges: 7,
  maintenanceHistory: 7,
  receivedBatches: 7,
  deletedObjects: 7,
});

export type GroomingDataset = keyof GroomingRetentionDays;

/** Problems as sentences naming the dataset; empty when every value is whole days from 1 to 3650. */
export function validateGroomingRetention(retention: GroomingRetentionDays): string[] {
  return (Object.keys(DEFAULT_GROOMING_RETENTION) as GroomingDataset[])
    .filter((key) => !(Number.isInteger(retention[key]) && retention[key] >= 1 && retention[key] <= 3650))
    .map((key) => `retention of ${key} must be whole days from 1 to 3650, got ${String(retention[key])}`);
}
