// SCOM's maintenance reasons as the server accepts them (reason code + planned flag); some are
// always planned or always unplanned. Mirrors the server's maintenance-reasons.ts: the API has
// no endpoint that lists them.
export interface ReasonChoice { readonly reason: string; readonly planned: boolean; readonly label: string }

const REASONS: ReadonlyArray<readonly [reason: string, label: string, planning: 'planned' | 'unplanned' | 'either']> = [
  ['other', 'Other', 'either'],
  ['hardware-maintenance', 'Hardware: Maintenance', 'either'],
  ['hardware-installation', 'Hardware: Installation', 'either'],
  ['operating-system-reconfiguration', 'Operating System: Reconfiguration', 'either'],
  ['application-maintenance', 'Application: Maintenance', 'either'],
  ['application-installation', 'Application: Installation', 'planned'],
  ['security-issue', 'Security Issue', 'unplanned'],
  ['loss-of-network-connectivity', 'Loss of Network Connectivity', 'unplanned'],
];

export const REASON_CHOICES: readonly ReasonChoice[] = REASONS.flatMap(([reason, label, planning]) =>
  ([true, false] as const)
    .filter((planned) => planning === 'either' || (planning === 'planned') === planned)
    .map((planned) => ({ reason, planned, label: planning === 'either' ? `${label} (${planned ? 'Planned' : 'Unplanned'})` : label })),
);

/** `reason:planned|unplanned`, the value of a <select> option. */
export const choiceKey = (c: Pick<ReasonChoice, 'reason' | 'planned'>): string => `${c.reason}:${c.planned ? 'planned' : 'unplanned'}`;

export function reasonLabel(reason: string, planned: boolean): string {
  return REASON_CHOICES.find((c) => c.reason === reason && c.planned === planned)?.label ?? `${reason} (${planned ? 'Planned' : 'Unplanned'})`;
}
