// The maintenance reasons as the server lists them (GET /maintenance/reasons): each reason code
// with a planned flag it accepts and SCOM's label. A <select> option's value is the pair itself,
// so a form can submit before the list has loaded.
import type { MaintenanceReasonChoice } from '@vigil/protocol';
import { useSession } from '../session/session.tsx';
import { useAsync } from '../design/use-async.ts';

export interface MaintenanceReasons {
  readonly choices: readonly MaintenanceReasonChoice[];
  readonly error: unknown;
  /** The label of a window's reason; the bare code while the list loads or if the server lacks it. */
  label(reason: string, planned: boolean): string;
}

export function useMaintenanceReasons(): MaintenanceReasons {
  const { api } = useSession();
  const loaded = useAsync(() => api.maintenance.reasons(), [api]);
  const choices = loaded.data ?? [];
  return {
    choices,
    error: loaded.error,
    label: (reason, planned) => choices.find((c) => c.reason === reason && c.planned === planned)?.displayName ?? `${reason} (${planned ? 'planned' : 'unplanned'})`,
  };
}

/** The value of a reason's <select> option: `reason:planned|unplanned`. */
export const choiceKey = (c: Pick<MaintenanceReasonChoice, 'reason' | 'planned'>): string => `${c.reason}:${c.planned ? 'planned' : 'unplanned'}`;

/** The reason and planned flag an option's value stands for. */
export function parseChoiceKey(key: string): Pick<MaintenanceReasonChoice, 'reason' | 'planned'> {
  const at = key.lastIndexOf(':');
  return { reason: key.slice(0, at), planned: key.slice(at + 1) === 'planned' };
}

/** The <option>s of a reason <select>; the chosen pair stays listed while the list loads. */
export function ReasonOptions({ reasons, selected }: { readonly reasons: MaintenanceReasons; readonly selected: string }) {
  const keys = reasons.choices.map(choiceKey);
  const pending = keys.includes(selected) ? [] : [selected];
  return (
    <>
      {pending.map((key) => <option key={key} value={key}>{reasons.label(parseChoiceKey(key).reason, parseChoiceKey(key).planned)}</option>)}
      {reasons.choices.map((c) => <option key={choiceKey(c)} value={choiceKey(c)}>{c.displayName}</option>)}
    </>
  );
}
