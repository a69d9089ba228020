// Agents: pending management (approve / reject), approved and rejected agents, the approval
// policy for new agents, and join tokens for enrolling agents without review.
import { useState } from 'react';
import type { Agent, ApprovalPolicySetting, JoinTokenCreated } from '@vigil/protocol';
import { useSession } from '../session/session.tsx';
import { useAsync } from '../design/use-async.ts';
import { DataTable, type Column } from '../design/data-table.tsx';
import { Button } from '../design/button.tsx';
import { ErrorBanner, Notice, Panel } from '../design/panel.tsx';
import { Health, Pill } from '../design/health.tsx';
import { useToast } from '../design/toast.tsx';
import { formatAge, formatTime } from '../design/format.ts';

type Approval = Agent['approvalState'];
const POLICIES: ReadonlyArray<readonly [ApprovalPolicySetting['policy'], string]> = [['reject', 'Reject new agents'], ['review', 'Hold for review (pending management)'], ['auto-approve', 'Approve automatically']];

export function AgentsPage() {
  const { api, cannot } = useSession();
  const toast = useToast();
  const [approval, setApproval] = useState<Approval>('pending');
  const [offset, setOffset] = useState(0);
  const [sort, setSort] = useState('name');
  const [q, setQ] = useState('');
  const [active, setActive] = useState<string | undefined>(undefined);
  const [token, setToken] = useState<JoinTokenCreated | undefined>(undefined);
  const agents = useAsync(() => api.agents.list({ approval, limit: 50, offset, sort: sort as 'name', ...(q ? { q } : {}) }), [api, approval, offset, sort, q]);
  const policy = useAsync(() => api.settings.approvalPolicy(), [api]);

  const decide = async (agent: Agent, verb: 'approve' | 'reject'): Promise<void> => {
    try {
      await api.agents[verb](agent.name);
      toast.show('success', `${agent.name} ${verb === 'approve' ? 'approved' : 'rejected'}.`);
      agents.reload();
    } catch (error) {
      toast.failure(error, `${verb} ${agent.name}`);
    }
  };
  const setPolicy = async (value: ApprovalPolicySetting['policy']): Promise<void> => {
    try {
      policy.mutate(() => ({ policy: value }));
      await api.settings.setApprovalPolicy(value);
      toast.show('success', 'Approval policy saved.');
    } catch (error) {
      toast.failure(error, 'change the approval policy');
      policy.reload();
    }
  };
  const createToken = async (): Promise<void> => {
    try {
      setToken(await api.joinTokens.create({}));
    } catch (error) {
      toast.failure(error, 'create a join token');
    }
  };

  const heartbeatState = (a: Agent): 'healthy' | 'critical' | 'unknown' => {
    if (a.lastHeartbeatAtMs === null) return 'unknown';
    return Date.now() - a.lastHeartbeatAtMs < a.heartbeatIntervalSeconds * 4000 ? 'healthy' : 'critical';
  };
  const columns: Column<Agent>[] = [
    { key: 'name', header: 'Agent', sortKey: 'name', render: (a) => a.name },
    { key: 'host', header: 'Host', sortKey: 'hostName', render: (a) => a.hostName },
    ...(approval === 'approved' ? [{ key: 'hb', header: 'Heartbeat', sortKey: 'lastHeartbeatAtMs', render: (a: Agent) => <span style={{ display: 'inline-flex', gap: 6 }}><Health state={heartbeatState(a)} label={false} /> {formatAge(a.lastHeartbeatAtMs)}</span> }] : []),
    { key: 'requested', header: 'Requested', sortKey: 'requestedAtMs', render: (a) => formatTime(a.requestedAtMs) },
    ...(approval === 'pending' ? [] : [{ key: 'decided', header: 'Decided', render: (a: Agent) => a.decidedBy ? `${a.decidedBy}, ${formatAge(a.decidedAtMs)}` : '—' }]),
    {
      key: 'actions', header: '', render: (a) => (
        <span className="toolbar">
          {a.approvalState !== 'approved' ? <Button size="small" variant="primary" testId={`approve-${a.name}`} disabledReason={cannot('agents:approve')} onClick={() => void decide(a, 'approve')}>Approve</Button> : null}
          {a.approvalState === 'pending' ? <Button size="small" variant="danger" testId={`reject-${a.name}`} disabledReason={cannot('agents:approve')} onClick={() => void decide(a, 'reject')}>Reject</Button> : null}
        </span>
      ),
    },
  ];

  return (
    <div className="page-body" data-testid="agents-page">
      <div className="toolbar">
        {(['pending', 'approved', 'rejected'] as const).map((s) => <button key={s} className="chip" aria-pressed={approval === s} onClick={() => { setApproval(s); setOffset(0); }}>{s === 'pending' ? 'Pending management' : s[0]!.toUpperCase() + s.slice(1)}</button>)}
        <input className="input" type="search" placeholder="Search agents  /" aria-label="Search agents" data-search value={q} onChange={(e) => { setQ(e.target.value); setOffset(0); }} />
      </div>
      <Panel title={`Agents: ${approval}`} bodyClass="">
        <ErrorBanner error={agents.error} onRetry={agents.reload} />
        <DataTable label="Agents" testId="agents-table" rows={agents.data?.items ?? []} rowKey={(a) => a.id} columns={columns} sort={sort} onSort={setSort} activeKey={active} onActiveChange={setActive}
          page={agents.data} onPage={setOffset} empty={approval === 'pending' ? 'No agent is waiting for approval.' : 'No agents.'} />
      </Panel>
      <div className="form-grid" style={{ gridTemplateColumns: 'repeat(auto-fill, minmax(340px, 1fr))' }}>
        <Panel title="New agents">
          <ErrorBanner error={policy.error} />
          <label className="field"><span>When an agent asks to join without a token</span>
            <select className="input" value={policy.data?.policy ?? ''} disabled={Boolean(cannot('settings:write'))} title={cannot('settings:write')} aria-label="Approval policy" onChange={(e) => void setPolicy(e.target.value as ApprovalPolicySetting['policy'])}>
              {POLICIES.map(([v, l]) => <option key={v} value={v}>{l}</option>)}
            </select>
          </label>
        </Panel>
        <Panel title="Join tokens" actions={<Button size="small" disabledReason={cannot('join-tokens:manage')} onClick={() => void createToken()}>Create token</Button>}>
          {token ? (
            <Notice>
              <div>Give this to the agent (shown once): <code data-testid="join-token">{token.token}</code> <Pill tone="information">expires {formatTime(token.expiresAtMs)}</Pill></div>
            </Notice>
          ) : <span className="muted">An agent that brings a join token is approved at once, whatever the policy.</span>}
        </Panel>
      </div>
    </div>
  );
}
