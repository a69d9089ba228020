// Management servers and resource pools: which servers are live, and which hold pool leases.
import type { ManagementServer, Pool } from '@vigil/protocol';
import { useSession } from '../session/session.tsx';
import { useAsync } from '../design/use-async.ts';
import { DataTable, type Column } from '../design/data-table.tsx';
import { ErrorBanner, Panel } from '../design/panel.tsx';
import { Health } from '../design/health.tsx';
import { formatAge, formatTime } from '../design/format.ts';

const SERVER_STATE = { running: 'healthy', unresponsive: 'critical', stopped: 'unknown' } as const;

export function ServersPage() {
  const { api } = useSession();
  const servers = useAsync(() => api.servers.list({ limit: 200, sort: 'name' }), [api]);
  const pools = useAsync(() => api.pools.list({ limit: 200, sort: 'name' }), [api]);
  const serverColumns: Column<ManagementServer>[] = [
    { key: 'state', header: 'State', render: (s) => <span style={{ display: 'inline-flex', gap: 6 }}><Health state={SERVER_STATE[s.state]} label={false} /> {s.state}</span> },
    { key: 'name', header: 'Server', render: (s) => s.name },
    { key: 'host', header: 'Host', render: (s) => `${s.host} (link ${s.linkPort}, API ${s.apiPort})` },
    { key: 'version', header: 'Version', render: (s) => s.version },
    { key: 'started', header: 'Started', render: (s) => formatTime(s.startedAtMs) },
    { key: 'seen', header: 'Last seen', render: (s) => formatAge(s.lastSeenAtMs) },
  ];
  return (
    <div className="page-body" data-testid="servers-page">
      <Panel title="Management servers" bodyClass="">
        <ErrorBanner error={servers.error} onRetry={servers.reload} />
        <DataTable label="Management servers" rows={servers.data?.items ?? []} rowKey={(s) => s.id} columns={serverColumns} page={servers.data} />
      </Panel>
      <ErrorBanner error={pools.error} onRetry={pools.reload} />
      {(pools.data?.items ?? []).map((pool: Pool) => (
        <Panel key={pool.id} title={<>{pool.name} <span className="muted" style={{ fontWeight: 400 }}>· {pool.kind} pool · {pool.members.filter((m) => m.live).length} of {pool.members.length} live</span></>}>
          <table className="data">
            <thead><tr><th>Member</th><th>Lease</th><th>Member since</th></tr></thead>
            <tbody>
              {pool.members.map((m) => (
                <tr key={m.serverId}>
                  <td><span style={{ display: 'inline-flex', gap: 6 }}><Health state={m.live ? 'healthy' : 'critical'} label={false} /> {m.serverName}</span></td>
                  <td>{m.leaseExpiresAtMs === null ? 'no lease' : m.live ? `valid until ${formatTime(m.leaseExpiresAtMs)}` : `expired ${formatAge(m.leaseExpiresAtMs)}`}</td>
                  <td>{formatTime(m.addedAtMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Panel>
      ))}
    </div>
  );
}
