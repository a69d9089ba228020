// Rule alerts: a rule that fires again for the same object and suppression key does not raise
// a second alert; the open one counts the repeat (SCOM's alert suppression).
import type { AlertId } from '../ids/ids.ts';
import { type Alert, type AlertPriority, type AlertSeverity, SYSTEM_ACTOR, createAlert, isOpenAlert } from './alert-model.ts';

/**
 * The suppression key from the fields a rule suppresses on (e.g. event id and source),
 * independent of field order. An empty list means "one alert per rule and object".
 */
export function suppressionKey(fields: Readonly<Record<string, string>>, suppressOn: readonly string[]): string {
  return JSON.stringify([...suppressOn].sort().map((name) => [name, fields[name] ?? null]));
}

export interface RuleAlertRaise {
  readonly newAlertId: AlertId;
  readonly ruleId: string;
  readonly objectId: string;
  readonly suppressionKey: string;
  readonly name: string;
  readonly description?: string;
  readonly severity: AlertSeverity;
  readonly priority: AlertPriority;
  readonly atMs: number;
}

export type RuleAlertOutcome =
  | { readonly kind: 'raised'; readonly alert: Alert }
  | { readonly kind: 'repeated'; readonly alert: Alert };

/**
 * Raises a rule alert or counts a repeat on the matching open alert among `existing`
 * (resolved and closed alerts never absorb repeats). Consecutive repeats update one history
 * entry instead of adding one each, so an alert storm cannot grow history without bound.
 */
export function raiseRuleAlert(existing: readonly Alert[], raise: RuleAlertRaise): RuleAlertOutcome {
  const match = existing.find(
    (a) =>
      isOpenAlert(a) &&
      a.source.kind === 'rule' &&
      a.source.ruleId === raise.ruleId &&
      a.source.objectId === raise.objectId &&
      a.source.suppressionKey === raise.suppressionKey,
  );
  if (!match) {
    const source = { kind: 'rule', ruleId: raise.ruleId, objectId: raise.objectId, suppressionKey: raise.suppressionKey } as const;
    return { kind: 'raised', alert: createAlert({ ...raise, id: raise.newAlertId, source }) };
  }
  const repeatCount = match.repeatCount + 1;
  const last = match.history.at(-1);
  const from = last?.kind === 'repeat' ? last.from : match.repeatCount;
  const history = last?.kind === 'repeat' ? match.history.slice(0, -1) : match.history;
  return {
    kind: 'repeated',
    alert: {
      ...match,
      repeatCount,
      lastRaisedMs: raise.atMs,
      lastModifiedMs: raise.atMs,
      history: [...history, { kind: 'repeat', atMs: raise.atMs, by: SYSTEM_ACTOR, from, to: repeatCount }],
    },
  };
}
