// The SDK methods for monitoring and its administration: alerts, objects/state, performance,
// events, state changes, maintenance, overrides, groups, tasks, packs, gateways, pool changes.
// Types come from the API schemas in @vigil/protocol; the live feed (SSE) is in ./node and the
// browser's EventSource.
import type {
  AlertBulkResult, AlertBulkUpdate, AlertDetail, AlertListQuery, AlertUpdate, AlertView, CappedPage, EffectiveOverride, EffectiveOverrideQuery, EventListQuery,
  EventView, Gateway, GatewayListQuery, GroupHealthView, GroupInputBody, GroupMembers, MaintenanceListQuery, MaintenanceReasonChoice, MaintenanceScheduleBody,
  MaintenanceScheduleInputBody, MaintenanceStart, MaintenanceStarted, MaintenanceStop, MaintenanceWindowView, MonitoringClassView, MonitoringGroupView,
  MonitoringObjectView, ObjectChildrenQuery, ObjectDetail, ObjectListQuery, OverrideListQuery, OverrideRemoveResult, OverrideSet, OverrideSetResult, OverrideView, PackExport,
  PackImportResult, PackSummary, PackValidation, PerfSamples, PerfSamplesQuery, PerfSeriesListQuery, PerfSeriesView, StateChangeListQuery, StateChangeView,
  TaskListQuery, TaskRun, TaskTypeView, TaskView,
} from '@vigil/protocol';

type Query = Readonly<Record<string, string | number | boolean | undefined>>;
export type ApiCall = <T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown, query?: Query) => Promise<T>;

const seg = encodeURIComponent;
const items = <T>(p: Promise<{ items: T[] }>): Promise<T[]> => p.then((r) => r.items);

export function monitoringMethods(call: ApiCall) {
  return {
    alerts: {
      list: (query?: AlertListQuery) => call<CappedPage<AlertView>>('GET', '/alerts', undefined, query),
      get: (id: string) => call<AlertDetail>('GET', `/alerts/${seg(id)}`),
      update: (id: string, update: AlertUpdate) => call<AlertView>('PATCH', `/alerts/${seg(id)}`, update),
      acknowledge: (id: string, comment?: string) => call<AlertView>('PATCH', `/alerts/${seg(id)}`, { resolutionState: 249, ...(comment ? { comment } : {}) }),
      close: (id: string, comment?: string) => call<AlertView>('PATCH', `/alerts/${seg(id)}`, { resolutionState: 255, ...(comment ? { comment } : {}) }),
      bulk: (request: AlertBulkUpdate) => call<AlertBulkResult>('POST', '/alerts/bulk', request),
    },
    objects: {
      list: (query?: ObjectListQuery) => call<CappedPage<MonitoringObjectView>>('GET', '/objects', undefined, query),
      /** By id or object key. */
      get: (idOrKey: string) => call<ObjectDetail>('GET', `/objects/${seg(idOrKey)}`),
      children: (idOrKey: string, query?: ObjectChildrenQuery) => call<CappedPage<MonitoringObjectView>>('GET', `/objects/${seg(idOrKey)}/children`, undefined, query),
      classes: () => items(call<{ items: MonitoringClassView[] }>('GET', '/classes')),
    },
    perf: {
      series: (query?: PerfSeriesListQuery) => call<CappedPage<PerfSeriesView>>('GET', '/perf/series', undefined, query),
      samples: (query: PerfSamplesQuery) => call<PerfSamples>('GET', '/perf/samples', undefined, query),
    },
    events: { list: (query?: EventListQuery) => call<CappedPage<EventView>>('GET', '/events', undefined, query) },
    stateChanges: { list: (query?: StateChangeListQuery) => call<CappedPage<StateChangeView>>('GET', '/state-changes', undefined, query) },
    maintenance: {
      start: (request: MaintenanceStart) => call<MaintenanceStarted>('POST', '/maintenance', request),
      stop: (request: MaintenanceStop) => items(call<{ items: MaintenanceWindowView[] }>('POST', '/maintenance/stop', request)),
      list: (query?: MaintenanceListQuery) => items(call<{ items: MaintenanceWindowView[] }>('GET', '/maintenance', undefined, query)),
      /** Every reason and planned flag `start` and schedules accept, with its label. */
      reasons: () => items(call<{ items: MaintenanceReasonChoice[] }>('GET', '/maintenance/reasons')),
      schedules: () => items(call<{ items: MaintenanceScheduleBody[] }>('GET', '/maintenance/schedules')),
      schedule: (id: string) => call<MaintenanceScheduleBody>('GET', `/maintenance/schedules/${seg(id)}`),
      createSchedule: (input: MaintenanceScheduleInputBody) => call<MaintenanceScheduleBody>('POST', '/maintenance/schedules', input),
      updateSchedule: (id: string, input: MaintenanceScheduleInputBody) => call<MaintenanceScheduleBody>('PUT', `/maintenance/schedules/${seg(id)}`, input),
      deleteSchedule: (id: string) => call<void>('DELETE', `/maintenance/schedules/${seg(id)}`),
    },
    overrides: {
      list: (query?: OverrideListQuery) => items(call<{ items: OverrideView[] }>('GET', '/overrides', undefined, query)),
      set: (request: OverrideSet) => call<OverrideSetResult>('POST', '/overrides', request),
      /** Removes one override (by the id `list` gives) from its pack; agent configurations are recompiled. */
      remove: (id: string) => call<OverrideRemoveResult>('DELETE', `/overrides/${seg(id)}`),
      effective: (query: EffectiveOverrideQuery) => call<EffectiveOverride>('GET', '/overrides/effective', undefined, query),
    },
    groups: {
      list: () => items(call<{ items: MonitoringGroupView[] }>('GET', '/groups')),
      get: (id: string) => call<MonitoringGroupView>('GET', `/groups/${seg(id)}`),
      create: (input: GroupInputBody) => call<MonitoringGroupView>('POST', '/groups', input),
      update: (id: string, input: GroupInputBody) => call<MonitoringGroupView>('PUT', `/groups/${seg(id)}`, input),
      delete: (id: string) => call<void>('DELETE', `/groups/${seg(id)}`),
      members: (id: string) => items(call<GroupMembers>('GET', `/groups/${seg(id)}/members`)),
      health: (id: string) => call<GroupHealthView>('GET', `/groups/${seg(id)}/health`),
    },
    tasks: {
      run: (request: TaskRun) => call<TaskView>('POST', '/tasks', request),
      get: (id: string) => call<TaskView>('GET', `/tasks/${seg(id)}`),
      list: (query?: TaskListQuery) => items(call<{ items: TaskView[] }>('GET', '/tasks', undefined, query)),
      /** The task types built into every agent, with their parameters. */
      types: () => items(call<{ items: TaskTypeView[] }>('GET', '/tasks/types')),
    },
    packs: {
      list: () => items(call<{ items: PackSummary[] }>('GET', '/packs')),
      validate: (yaml: string, file?: string) => call<PackValidation>('POST', '/packs/validate', { yaml, ...(file ? { file } : {}) }),
      import: (yaml: string, file?: string) => call<PackImportResult>('POST', '/packs', { yaml, ...(file ? { file } : {}) }),
      export: (name: string) => call<PackExport>('GET', `/packs/${seg(name)}/export`),
      remove: (name: string) => call<void>('DELETE', `/packs/${seg(name)}`),
    },
    gateways: {
      list: (query?: GatewayListQuery) => items(call<{ items: Gateway[] }>('GET', '/gateways', undefined, query)),
      approve: (name: string) => call<Gateway>('POST', `/gateways/${seg(name)}/approve`, {}),
      reject: (name: string) => call<Gateway>('POST', `/gateways/${seg(name)}/reject`, {}),
    },
    poolAdmin: {
      create: (name: string) => call<{ id: string; name: string }>('POST', '/pools', { name }),
      addMember: (pool: string, server: string) => call<{ ok: true }>('POST', `/pools/${seg(pool)}/members`, { server }),
      removeMember: (pool: string, server: string) => call<void>('DELETE', `/pools/${seg(pool)}/members/${seg(server)}`),
    },
  };
}
