// SCOM's maintenance reasons. Each reason is planned, unplanned or either; the label is what the
// console shows ("Hardware: Maintenance (Planned)"). The reason codes are core's MaintenanceReason
// so schedules and ad-hoc windows share one vocabulary.
import type { MaintenanceReason } from '@vigil/core';

export type ReasonPlanning = 'planned' | 'unplanned' | 'either';

export interface MaintenanceReasonInfo {
  readonly reason: MaintenanceReason;
  readonly planning: ReasonPlanning;
  readonly label: string;
}

export const MAINTENANCE_REASONS: readonly MaintenanceReasonInfo[] = [
  { reason: 'other', planning: 'either', label: 'Other' },
  { reason: 'hardware-maintenance', planning: 'either', label: 'Hardware: Maintenance' },
  { reason: 'hardware-installation', planning: 'either', label: 'Hardware: Installation' },
  { reason: 'operating-system-reconfiguration', planning: 'either', label: 'Operating System: Reconfiguration' },
  { reason: 'application-maintenance', planning: 'either', label: 'Application: Maintenance' },
  { reason: 'application-installation', planning: 'planned', label: 'Application: Installation' },
  { reason: 'security-issue', planning: 'unplanned', label: 'Security Issue' },
  { reason: 'loss-of-network-connectivity', planning: 'unplanned', label: 'Loss of Network Connectivity' },
];

/** Every (reason, planned) choice the console offers, with SCOM's label. */
export function maintenanceReasonChoices(): Array<{ reason: MaintenanceReason; planned: boolean; label: string }> {
  return MAINTENANCE_REASONS.flatMap((info) =>
    ([true, false] as const)
      .filter((planned) => info.planning === 'either' || (info.planning === 'planned') === planned)
      .map((planned) => ({ reason: info.reason, planned, label: maintenanceReasonLabel(info.reason, planned) })),
  );
}

/** "Other (Planned)"; reasons that are only ever one kind keep SCOM's shorter label ("Security Issue"). */
export function maintenanceReasonLabel(reason: string, planned: boolean): string {
  const info = MAINTENANCE_REASONS.find((r) => r.reason === reason);
  if (!info) return reason;
  if (info.reason === 'security-issue') return info.label;
  return `${info.label} (${planned ? 'Planned' : 'Unplanned'})`;
}

/** Problems with a reason and its planned flag as sentences; empty when valid. */
export function validateMaintenanceReason(reason: string, planned: boolean): string[] {
  const info = MAINTENANCE_REASONS.find((r) => r.reason === reason);
  if (!info) return [`reason "${reason}" is not one of ${MAINTENANCE_REASONS.map((r) => r.reason).join(', ')}`];
  if (info.planning === 'planned' && !planned) return [`reason ${reason} is always planned`];
  if (info.planning === 'unplanned' && planned) return [`reason ${reason} is always unplanned`];
  return [];
}

export function isMaintenanceReason(reason: string): reason is MaintenanceReason {
  return MAINTENANCE_REASONS.some((r) => r.reason === reason);
}
