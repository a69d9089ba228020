// The alert view's reads: a filtered, scoped, sorted page of alerts with their object's name and
// class, and one alert with its full history. Open alerts (< 254) are read through the
// (resolution_state, raised_at) index.
import { sql, type SqlBool } from 'kysely';
import { resolutionStateName } from '@vigil/core';
import { ALERT_OPEN_BELOW, DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT, MONITORING_TOTAL_CAP, type AlertHistoryEntryView, type AlertListQuery, type AlertView, type CappedPage } from '@vigil/protocol';
import type { Database } from '@vigil/store';
import { objectScopeCondition, type ObjectScope } from '../../auth/scope-filter.ts';
import { commaList, fetchCappedPage } from '../capped-page.ts';
import { withDerivedClasses } from '../../auth/store-group-membership.ts';
import { MERGE_MAX_DEPTH, mergedPageIds, statesPresent } from './alert-page.query.ts';

const ALERT_COLUMNS = [
  'alert.id', 'alert.name', 'alert.description', 'alert.severity', 'alert.priority', 'alert.resolution_state', 'alert.source_kind', 'alert.source_id',
  'alert.object_id', 'alert.repeat_count', 'alert.owner', 'alert.ticket_id', 'alert.raised_at', 'alert.last_modified_at', 'alert.resolved_at',
  'monitoring_object.display_name as object_display_name', 'monitoring_object.object_key as object_key', 'monitoring_object.class_id as class_id',
] as const;

// Severity and priority sort by rank, not alphabetically.
const SEVERITY_RANK = sql`case alert.severity when 'critical' then 2 when 'warning' then 1 else 0 end`;
const PRIORITY_RANK = sql`case alert.priority when 'high' then 2 when 'medium' then 1 else 0 end`;

export interface AlertRow {
  id: string; name: string; description: string; severity: AlertView['severity']; priority: AlertView['priority']; resolution_state: number;
  source_kind: 'monitor' | 'rule'; source_id: string; object_id: string | null; repeat_count: number; owner: string | null; ticket_id: string | null;
  raised_at: number; last_modified_at: number; resolved_at: number | null; object_display_name: string | null; object_key: string | null; class_id: string | null;
}

export function toAlertView(r: AlertRow): AlertView {
  return {
    id: r.id, name: r.name, description: r.description, severity: r.severity, priority: r.priority,
    resolutionState: r.resolution_state, resolutionStateName: resolutionStateName(r.resolution_state), open: r.resolution_state < ALERT_OPEN_BELOW,
    sourceKind: r.source_kind, sourceId: r.source_id, objectId: r.object_id, objectDisplayName: r.object_display_name ?? null, objectKey: r.object_key ?? null,
    classId: r.class_id ?? null, repeatCount: Number(r.repeat_count), owner: r.owner, ticketId: r.ticket_id,
    raisedAtMs: Number(r.raised_at), lastModifiedAtMs: Number(r.last_modified_at), resolvedAtMs: r.resolved_at === null ? null : Number(r.resolved_at),
  };
}

function alertSelect(db: Database) {
  return db.selectFrom('alert').leftJoin('monitoring_object', 'monitoring_object.id', 'alert.object_id').select(ALERT_COLUMNS);
}

function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The state filter as a range of resolution states, or an explicit list. */
function stateRange(state: string): { low: number; high: number } | number[] {
  if (state === 'open') return { low: 0, high: ALERT_OPEN_BELOW - 1 };
  if (state === 'closed') return { low: ALERT_OPEN_BELOW, high: 255 };
  if (state === 'all') return { low: 0, high: 255 };
  return state.split(',').map(Number);
}

/** Alerts matching the filters, from the alert table alone (object filters as subqueries). */
async function filteredAlerts(db: Database, query: AlertListQuery, scope: ObjectScope) {
  let q = db.selectFrom('alert').where(objectScopeCondition('alert.object_id', scope));
  const states = stateRange(query.state ?? 'open');
  q = Array.isArray(states) ? q.where('alert.resolution_state', 'in', states) : q.where('alert.resolution_state', '>=', states.low).where('alert.resolution_state', '<=', states.high);
  const severities = commaList(query.severity) as AlertView['severity'][] | undefined;
  if (severities) q = q.where('alert.severity', 'in', severities);
  const priorities = commaList(query.priority) as AlertView['priority'][] | undefined;
  if (priorities) q = q.where('alert.priority', 'in', priorities);
  const objectIds = commaList(query.objectId);
  if (objectIds) q = q.where('alert.object_id', 'in', objectIds);
  if (query.classId) {
    const classIds = await withDerivedClasses(db, [query.classId]);
    q = q.where(sql<SqlBool>`alert.object_id in (select co.id from monitoring_object co where co.class_id in (${sql.join(classIds)}))`);
  }
  if (query.groupId) q = q.where(sql<SqlBool>`alert.object_id in (select gm.object_id from group_member gm where gm.group_id = ${query.groupId})`);
  if (query.sourceId) q = q.where('alert.source_id', '=', query.sourceId);
  if (query.owner) q = q.where('alert.owner', '=', query.owner);
  if (query.sinceMs !== undefined) q = q.where('alert.raised_at', '>=', query.sinceMs);
  if (query.untilMs !== undefined) q = q.where('alert.raised_at', '<', query.untilMs);
  if (query.q !== undefined) {
    const pattern = likePattern(query.q);
    q = q.where(sql<SqlBool>`(lower(alert.name) like ${pattern} escape '\\' or lower(alert.description) like ${pattern} escape '\\'
      or alert.object_id in (select qo.id from monitoring_object qo where lower(qo.display_name) like ${pattern} escape '\\'))`);
  }
  return { q, states };
}

export async function listAlerts(db: Database, query: AlertListQuery, scope: ObjectScope): Promise<CappedPage<AlertView>> {
  const { q, states } = await filteredAlerts(db, query, scope);
  const limit = Math.min(query.limit ?? DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT);
  const offset = query.offset ?? 0;
  const sort = query.sort ?? '-raisedAtMs';
  const key = sort.replace(/^-/, '');
  if ((key === 'raisedAtMs' || key === 'severity' || key === 'priority') && offset + limit <= MERGE_MAX_DEPTH) {
    const present = Array.isArray(states) ? states : await statesPresent(db, states.low, states.high);
    const ids = await mergedPageIds(q.select(['alert.id', 'alert.raised_at', 'alert.severity', 'alert.priority']), present, { partition: key === 'raisedAtMs' ? null : key, descending: sort.startsWith('-') }, offset, limit);
    const more = ids.length > limit;
    const pageIds = ids.slice(0, limit);
    const rows = pageIds.length === 0 ? [] : ((await alertSelect(db).where('alert.id', 'in', pageIds).execute()) as AlertRow[]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const items = pageIds.flatMap((id) => (byId.has(id) ? [toAlertView(byId.get(id)!)] : []));
    const counted = more || (items.length === 0 && offset > 0) ? await cappedCount(db, q, query.total === 'exact' ? null : Math.max(MONITORING_TOTAL_CAP, offset + limit + 1)) : { total: offset + items.length, exact: true };
    return { items, total: counted.total, totalExact: counted.exact, offset, limit, nextOffset: more ? offset + items.length : null };
  }
  const joined = alertSelect(db).where('alert.id', 'in', q.select('alert.id'));
  const page = await fetchCappedPage(db, joined, { ...query, q: undefined }, {
    sortColumns: {
      raisedAtMs: 'alert.raised_at', lastModifiedAtMs: 'alert.last_modified_at', name: 'alert.name', resolutionState: 'alert.resolution_state',
      repeatCount: 'alert.repeat_count', severity: 'severity_rank', priority: 'priority_rank',
    },
    defaultSort: '-raisedAtMs', tiebreaker: 'alert.id', searchColumns: [],
  }, { severity_rank: SEVERITY_RANK, priority_rank: PRIORITY_RANK });
  return { ...page, items: (page.items as AlertRow[]).map(toAlertView) };
}

/** Matching rows counted up to `cap` (null = all). */
async function cappedCount(db: Database, q: Awaited<ReturnType<typeof filteredAlerts>>['q'], cap: number | null): Promise<{ total: number; exact: boolean }> {
  const rows = q.select(sql<number>`1`.as('one'));
  const bounded = cap === null ? rows : rows.limit(cap + 1);
  const counted = await db.selectFrom(bounded.as('matching')).select(sql<number | string>`count(*)`.as('n')).executeTakeFirst();
  const total = Number(counted?.n ?? 0);
  return cap !== null && total > cap ? { total: cap, exact: false } : { total, exact: true };
}

export async function findAlertRow(db: Database, id: string): Promise<AlertRow | undefined> {
  return (await alertSelect(db).where('alert.id', '=', id).executeTakeFirst()) as AlertRow | undefined;
}

export async function alertHistoryOf(db: Database, id: string): Promise<AlertHistoryEntryView[]> {
  const rows = await db.selectFrom('alert_history').selectAll().where('alert_id', '=', id).orderBy('at').orderBy('id').execute();
  return rows.map((r) => ({
    atMs: Number(r.at), by: r.by, kind: r.kind as AlertHistoryEntryView['kind'], from: r.from_value, to: r.to_value, comment: r.comment,
  }));
}
