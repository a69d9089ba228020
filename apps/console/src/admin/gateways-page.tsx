// Gateways: approve or reject gateways that asked to join, see where each is connected
// (GET /gateways, POST /gateways/:name/approve|reject).
import { useState } from 'react';
import type { Gateway } from '@vigil/protocol';
import { useSession } from '../session/session.tsx';
import { useAsync } from '../design/use-async.ts';
import { DataTable, type Column } from '../design/data-table.tsx';
import { Button } from '../design/button.tsx';
import { ErrorBanner, Panel } from '../design/panel.tsx';
import { Pill } from '../design/health.tsx';
import { useToast } from '../design/toast.tsx';
import { formatAge, formatTime } from '../design/format.ts';

type Approval = Gateway['approvalState'] | 'all';

export function GatewaysPage() {
  const { api, cannot } = useSession();
  const toast = useToast();
  const [approval, setApproval] = useState<Approval>('all');
  const gateways = useAsync(() => api.gateways.list(approval === 'all' ? {} : { approval }), [api, approval]);
  const servers = useAsync(() => api.servers.list({ limit: 200 }), [api]);
  const serverName = (id: string | null): string => (id === null ? '—' : servers.data?.items.find((s) => s.id === id)?.name ?? id);
  const decide = async (g: Gateway, verb: 'approve' | 'reject'): Promise<void> => {
    try {
      await api.gateways[verb](g.name);
      toast.show('success', `Gateway ${g.name} ${verb === 'approve' ? 'approved' : 'rejected'}.`);
      gateways.reload();
    } catch (error) {
      toast.failure(error, `${verb} gateway ${g.name}`);
    }
  };
  const columns: Column<Gateway>[] = [
    { key: 'name', header: 'Gateway', render: (g) => g.name },
    { key: 'host', header: 'Host', render: (g) => g.hostName },
    { key: 'state', header: 'Approval', render: (g) => <Pill tone={g.approvalState === 'approved' ? 'healthy' : g.approvalState === 'pending' ? 'warning' : 'unknown'}>{g.approvalState}</Pill> },
    { key: 'requested', header: 'Requested', render: (g) => formatTime(g.requestedAtMs) },
    { key: 'decided', header: 'Decided', render: (g) => (g.decidedBy ? `${g.decidedBy}, ${formatAge(g.decidedAtMs)}` : '—') },
    { key: 'server', header: 'Connected to', render: (g) => serverName(g.connectedServerId) },
    { key: 'seen', header: 'Last seen', render: (g) => formatAge(g.lastSeenAtMs) },
    {
      key: 'actions', header: '', render: (g) => (
        <span className="toolbar">
          {g.approvalState !== 'approved' ? <Button size="small" variant="primary" testId={`gateway-approve-${g.name}`} disabledReason={cannot('gateways:approve')} onClick={() => void decide(g, 'approve')}>Approve</Button> : null}
          {g.approvalState === 'pending' ? <Button size="small" variant="danger" testId={`gateway-reject-${g.name}`} disabledReason={cannot('gateways:approve')} onClick={() => void decide(g, 'reject')}>Reject</Button> : null}
        </span>
      ),
    },
  ];
  const rows = gateways.data ?? [];
  return (
    <div className="page-body" data-testid="gateways-page">
      <div className="toolbar">
        {(['all', 'pending', 'approved', 'rejected'] as const).map((s) => (
          <button key={s} className="chip" aria-pressed={approval === s} onClick={() => setApproval(s)}>{s === 'all' ? 'All' : s === 'pending' ? 'Waiting for approval' : s[0]!.toUpperCase() + s.slice(1)}</button>
        ))}
      </div>
      <Panel title={`Gateways (${rows.length})`} bodyClass="" actions={<Button size="small" onClick={gateways.reload}>Refresh</Button>}>
        <ErrorBanner error={gateways.error} onRetry={gateways.reload} />
        <DataTable label="Gateways" testId="gateways-table" rows={rows} rowKey={(g) => g.id} columns={columns} empty={gateways.loading ? 'Loading…' : approval === 'pending' ? 'No gateway is waiting for approval.' : 'No gateways have asked to join.'} />
      </Panel>
    </div>
  );
}
