// Groups: every group with its member count (GET /groups); the chosen group's rolled-up health
// under its policy (GET /groups/:id/health) and its members with their health and why each is
// a member (GET /groups/:id/members).
import { useState } from 'react';
import type { DisplayStateValue, GroupMembers, MonitoringGroupView } from '@vigil/protocol';
import { useSession } from '../session/session.tsx';
import { useAsync } from '../design/use-async.ts';
import { DataTable, type Column } from '../design/data-table.tsx';
import { Button } from '../design/button.tsx';
import { Empty, ErrorBanner, KeyValues, Panel } from '../design/panel.tsx';
import { Health, Pill } from '../design/health.tsx';
import { formatAge, formatTime, formatValue } from '../design/format.ts';
import { href, navigate } from '../app/router.ts';

type Member = GroupMembers['items'][number];
const HEALTH_STATES: readonly string[] = ['healthy', 'warning', 'critical', 'unknown', 'maintenance'];
const asHealth = (state: string): DisplayStateValue => (HEALTH_STATES.includes(state) ? state as DisplayStateValue : 'unknown');

export function GroupsPage() {
  const { api } = useSession();
  const groups = useAsync(() => api.groups.list(), [api]);
  const [active, setActive] = useState<string | undefined>(undefined);
  const chosen = groups.data?.find((g) => g.id === active) ?? groups.data?.[0];
  const columns: Column<MonitoringGroupView>[] = [
    { key: 'name', header: 'Group', render: (g) => g.displayName },
    { key: 'members', header: 'Members', render: (g) => g.memberCount },
    { key: 'pack', header: 'Defined in', render: (g) => g.packName ?? <span className="muted">console / API</span> },
    { key: 'created', header: 'Created', render: (g) => formatTime(g.createdAtMs) },
  ];
  return (
    <div className="page-body" data-testid="groups-page">
      <div className="split">
        <Panel title={`Groups (${groups.data?.length ?? 0})`} bodyClass="" actions={<Button size="small" onClick={groups.reload}>Refresh</Button>}>
          <ErrorBanner error={groups.error} onRetry={groups.reload} />
          <DataTable label="Groups" testId="groups-table" rows={groups.data ?? []} rowKey={(g) => g.id} columns={columns} activeKey={chosen?.id} onActiveChange={setActive} onOpen={(g) => setActive(g.id)}
            empty={groups.loading ? 'Loading…' : 'No groups yet. Packs define groups; the SDK API creates them (POST /groups).'} />
        </Panel>
        {chosen ? <GroupDetail key={chosen.id} group={chosen} /> : <Panel title="Group"><Empty>Select a group to see its health and members.</Empty></Panel>}
      </div>
    </div>
  );
}

function GroupDetail({ group }: { readonly group: MonitoringGroupView }) {
  const { api } = useSession();
  const health = useAsync(() => api.groups.health(group.id), [api, group.id]);
  const members = useAsync(() => api.groups.members(group.id), [api, group.id]);
  const h = health.data;
  const columns: Column<Member>[] = [
    { key: 'state', header: 'State', render: (m) => <Health state={m.displayState} />, width: 140 },
    { key: 'name', header: 'Member', render: (m) => m.displayName },
    { key: 'class', header: 'Class', render: (m) => m.classDisplayName },
    { key: 'via', header: 'Member by', render: (m) => <Pill tone="information">{m.via}</Pill> },
    { key: 'since', header: 'Since', render: (m) => <span title={formatTime(m.healthChangedAtMs)}>{formatAge(m.healthChangedAtMs)}</span> },
  ];
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 12, minWidth: 0 }}>
      <Panel title={`Health of ${group.displayName}`} testId="group-health">
        <ErrorBanner error={health.error} onRetry={health.reload} />
        {h ? (
          <div style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
            <div data-testid="group-health-state" data-state={h.state}><Health state={asHealth(h.state)} /></div>
            <KeyValues rows={[
              ['Members', h.memberCount],
              ['Healthy', h.counts.healthy],
              ['Warning', h.counts.warning],
              ['Critical', h.counts.critical],
              ['Not monitored', h.counts.unknown],
              ['In maintenance', h.counts.maintenance],
              ['Rollup policy', <code key="p">{formatValue(h.policy)}</code>],
              ...Object.entries(h.detail).map(([k, v]) => [k, <code key={k}>{formatValue(v)}</code>] as const),
            ]} />
          </div>
        ) : health.loading ? <Empty>Loading…</Empty> : null}
      </Panel>
      <Panel title={`Members (${members.data?.length ?? 0})`} bodyClass="" testId="group-members">
        <ErrorBanner error={members.error} onRetry={members.reload} />
        <DataTable label="Group members" rows={members.data ?? []} rowKey={(m) => m.id} columns={columns} onOpen={(m) => navigate(href('monitoring', 'all-objects', { object: m.id }))}
          empty={members.loading ? 'Loading…' : 'No members (in your scope).'} />
      </Panel>
    </div>
  );
}
