// Overrides: every override in every pack (GET /overrides), setting one (POST /overrides: written
// into an unsealed override pack, agents recompiled), removing one (DELETE /overrides/:id: its
// pack's next version without it, agents recompiled), and the effective value of one parameter
// on one object with the winner, every candidate and any conflict (GET /overrides/effective).
import { useEffect, useState } from 'react';
import type { EffectiveOverride, MonitoringObjectView, OverrideSet, OverrideSetResult, OverrideView } from '@vigil/protocol';
import { DEFAULT_OVERRIDE_PACK } from '@vigil/protocol';
import { useSession } from '../session/session.tsx';
import { useAsync } from '../design/use-async.ts';
import { DataTable, type Column } from '../design/data-table.tsx';
import { Button } from '../design/button.tsx';
import { Dialog } from '../design/dialog.tsx';
import { Empty, ErrorBanner, KeyValues, Notice, Panel } from '../design/panel.tsx';
import { Pill } from '../design/health.tsx';
import { ObjectPicker } from '../design/object-picker.tsx';
import { useToast } from '../design/toast.tsx';
import { formatValue } from '../design/format.ts';

type ContextKind = OverrideView['context']['kind'];
const KIND_LABEL: Record<ContextKind, string> = { class: 'class', group: 'group', instance: 'object' };

/** What a typed value means: numbers and booleans as such, JSON objects parsed, anything else a string. */
export function parseOverrideValue(text: string): OverrideSet['value'] {
  const trimmed = text.trim();
  if (trimmed === 'true') return true;
  if (trimmed === 'false') return false;
  if (trimmed !== '' && Number.isFinite(Number(trimmed))) return Number(trimmed);
  if (trimmed.startsWith('{')) {
    try {
      return JSON.parse(trimmed) as OverrideSet['value'];
    } catch {
      return text;
    }
  }
  return text;
}

export function OverridesPage() {
  const { api, cannot } = useSession();
  const toast = useToast();
  const [q, setQ] = useState('');
  const [dialog, setDialog] = useState<Partial<OverrideSet> | undefined>(undefined);
  const [probe, setProbe] = useState<{ workflowId: string; parameter: string; version: number }>({ workflowId: '', parameter: '', version: 0 });
  const overrides = useAsync(() => api.overrides.list(), [api]);
  const groups = useAsync(() => api.groups.list(), [api]);
  const groupName = (id: string): string => groups.data?.find((g) => g.id === id)?.displayName ?? id;
  const needle = q.trim().toLowerCase();
  const recompiled = (count: number): string => `${count} agent configuration${count === 1 ? '' : 's'} recompiled`;
  const removeOverride = async (o: OverrideView): Promise<void> => {
    if (!window.confirm(`Remove the override ${o.workflowId} ${o.parameter} = ${formatValue(o.value)} for ${KIND_LABEL[o.context.kind]} ${o.context.kind === 'group' ? groupName(o.context.id) : o.context.id}? The pack default (or a weaker override) applies again.`)) return;
    try {
      const result = await api.overrides.remove(o.id);
      toast.show('success', `Override removed: ${result.packName} ${result.packVersion}; ${recompiled(result.recompiledAgents)}.`);
      overrides.reload();
      setProbe((p) => ({ workflowId: o.workflowId, parameter: o.parameter, version: p.version + 1 }));
    } catch (error) {
      toast.failure(error, `remove the override of ${o.workflowId} ${o.parameter}`);
    }
  };
  const rows = (overrides.data ?? []).filter((o) => !needle || [o.workflowId, o.parameter, o.context.id, o.packName, formatValue(o.value)].some((s) => s.toLowerCase().includes(needle)));

  const columns: Column<OverrideView>[] = [
    { key: 'workflow', header: 'Monitor, rule or discovery', render: (o) => <code>{o.workflowId}</code> },
    { key: 'parameter', header: 'Parameter', render: (o) => o.parameter },
    { key: 'context', header: 'Applies to', render: (o) => <><Pill tone="information">{KIND_LABEL[o.context.kind]}</Pill> {o.context.kind === 'group' ? groupName(o.context.id) : <code>{o.context.id}</code>}</> },
    { key: 'value', header: 'Value', render: (o) => <strong><code>{formatValue(o.value)}</code></strong> },
    { key: 'enforced', header: 'Enforced', render: (o) => (o.enforced ? <Pill tone="warning">enforced</Pill> : '') },
    { key: 'pack', header: 'Stored in', render: (o) => o.packName || '—' },
    {
      key: 'actions', header: '', render: (o) => (
        <span className="toolbar">
          <Button size="small" onClick={() => setProbe((p) => ({ workflowId: o.workflowId, parameter: o.parameter, version: p.version + 1 }))}>Effective value…</Button>
          <Button size="small" disabledReason={cannot('overrides:manage')} onClick={() => setDialog({ workflowId: o.workflowId, parameter: o.parameter, value: o.value as OverrideSet['value'], context: o.context, enforced: o.enforced, packName: o.packName })}>Change…</Button>
          <Button size="small" variant="danger" testId={`override-remove-${o.id}`} disabledReason={cannot('overrides:manage')} onClick={() => void removeOverride(o)}>Remove</Button>
        </span>
      ),
    },
  ];
  return (
    <div className="page-body" data-testid="overrides-page">
      <div className="toolbar">
        <input className="input" type="search" placeholder="Search monitor, parameter, target  /" aria-label="Search overrides" data-search value={q} onChange={(e) => setQ(e.target.value)} />
        <span className="grow" />
        <Button variant="primary" testId="override-new" disabledReason={cannot('overrides:manage')} onClick={() => setDialog({})}>Set override…</Button>
      </div>
      <Panel title={`Overrides (${rows.length})`} bodyClass="">
        <ErrorBanner error={overrides.error} onRetry={overrides.reload} />
        <DataTable label="Overrides" testId="overrides-table" rows={rows} rowKey={(o) => o.id} columns={columns} empty={overrides.loading ? 'Loading…' : 'No overrides: every monitor and rule runs with its pack defaults.'} />
      </Panel>
      <EffectiveValue probe={probe} workflowIds={[...new Set((overrides.data ?? []).map((o) => o.workflowId))]} groupName={groupName} />
      {dialog ? (
        <OverrideDialog initial={dialog} groups={(groups.data ?? []).map((g) => ({ id: g.id, displayName: g.displayName }))} onClose={() => setDialog(undefined)}
          onDone={(result) => {
            setDialog(undefined);
            toast.show('success', `Override saved in ${result.packName} ${result.packVersion}; ${recompiled(result.recompiledAgents)}.`);
            overrides.reload();
            setProbe((p) => ({ workflowId: result.override.workflowId, parameter: result.override.parameter, version: p.version + 1 }));
          }} />
      ) : null}
    </div>
  );
}

function EffectiveValue({ probe, workflowIds, groupName }: { readonly probe: { readonly workflowId: string; readonly parameter: string; readonly version: number }; readonly workflowIds: readonly string[]; readonly groupName: (id: string) => string }) {
  const { api } = useSession();
  const [object, setObject] = useState<MonitoringObjectView | undefined>(undefined);
  const [workflowId, setWorkflowId] = useState(probe.workflowId);
  const [parameter, setParameter] = useState(probe.parameter);
  const [result, setResult] = useState<EffectiveOverride | undefined>(undefined);
  // "Effective value…" on an override row (or a saved override) fills in its monitor and parameter.
  useEffect(() => {
    if (probe.version === 0) return;
    setWorkflowId(probe.workflowId);
    setParameter(probe.parameter);
  }, [probe]);
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const monitors = useAsync(() => (object ? api.objects.get(object.id).then((d) => d.monitors.map((m) => m.monitorId)) : Promise.resolve([])), [api, object]);
  const choices = [...new Set([...(monitors.data ?? []), ...workflowIds])].sort();

  const ask = async (): Promise<void> => {
    if (!object || !workflowId || !parameter) return;
    setBusy(true);
    try {
      setResult(await api.overrides.effective({ objectId: object.id, workflowId: workflowId.trim(), parameter: parameter.trim() }));
      setError(undefined);
    } catch (err) {
      setError(err);
      setResult(undefined);
    } finally {
      setBusy(false);
    }
  };
  const describe = (o: OverrideView): string => `${KIND_LABEL[o.context.kind]} ${o.context.kind === 'group' ? groupName(o.context.id) : o.context.id}`;

  return (
    <Panel title="Effective value on an object" testId="effective-override">
      <form className="toolbar" style={{ alignItems: 'flex-end' }} onSubmit={(e) => { e.preventDefault(); void ask(); }}>
        <ObjectPicker value={object} onChange={setObject} label={object ? `Object: ${object.displayName}` : 'Object'} placeholder="Type a computer or object name…" />
        <label className="field" style={{ minWidth: 300 }}><span>Monitor, rule or discovery</span>
          <input className="input" list="effective-workflows" value={workflowId} onChange={(e) => setWorkflowId(e.target.value)} aria-label="Workflow id" data-testid="effective-workflow" />
          <datalist id="effective-workflows">{choices.map((id) => <option key={id} value={id} />)}</datalist>
        </label>
        <label className="field"><span>Parameter</span><input className="input" value={parameter} onChange={(e) => setParameter(e.target.value)} aria-label="Parameter" data-testid="effective-parameter" /></label>
        <Button type="submit" variant="primary" busy={busy} testId="effective-show" disabledReason={!object || !workflowId || !parameter ? 'Pick an object, a monitor and a parameter first.' : undefined}>Show effective value</Button>
      </form>
      <ErrorBanner error={error} />
      {result ? (
        <div style={{ display: 'flex', flexDirection: 'column', gap: 10, marginTop: 10 }} data-testid="effective-result" data-kind={result.kind}>
          <KeyValues rows={[
            ['Effective value', <strong key="v" data-testid="effective-value"><code>{formatValue(result.value)}</code></strong>],
            ['Pack default', <code key="d">{formatValue(result.defaultValue)}</code>],
            ['Outcome', <Pill key="k" tone={result.kind === 'conflict' ? 'critical' : result.kind === 'overridden' ? 'warning' : 'healthy'}>{result.kind}</Pill>],
            ['Winner', result.winner ? <span key="w" data-testid="effective-winner">{describe(result.winner)} = <code>{formatValue(result.winner.value)}</code>{result.winner.enforced ? ' (enforced)' : ''} · {result.winner.packName}</span> : null],
          ]} />
          <Notice tone={result.kind === 'conflict' ? 'warn' : 'info'}><span data-testid="effective-explanation">{result.explanation}</span></Notice>
          {result.candidates.length > 0 ? (
            <table className="data" data-testid="effective-candidates">
              <thead><tr><th>Rank</th><th>Override</th><th>Value</th><th>Why it applies</th></tr></thead>
              <tbody>
                {[...result.candidates].sort((a, b) => b.rank - a.rank).map((c) => (
                  <tr key={c.override.id} aria-selected={result.winner?.id === c.override.id}>
                    <td>{c.rank}</td><td>{describe(c.override)}{c.override.enforced ? <> <Pill tone="warning">enforced</Pill></> : null}{result.winner?.id === c.override.id ? <> <Pill tone="healthy">winner</Pill></> : null}</td>
                    <td><code>{formatValue(c.override.value)}</code></td><td>{c.why}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : <Empty>No override applies to this object: the pack default is used.</Empty>}
          {result.conflicts.map((c) => (
            <div key={c.rank} className="banner error" role="alert" data-testid="effective-conflict">
              <div><strong>Conflict at rank {c.rank}</strong>: {c.overrides.map((o) => `${describe(o)} = ${formatValue(o.value)}`).join(' vs ')}. Make one of them enforced, or remove one.</div>
            </div>
          ))}
        </div>
      ) : null}
    </Panel>
  );
}

function OverrideDialog({ initial, groups, onClose, onDone }: {
  readonly initial: Partial<OverrideSet>;
  readonly groups: ReadonlyArray<{ id: string; displayName: string }>;
  readonly onClose: () => void;
  readonly onDone: (result: OverrideSetResult) => void;
}) {
  const { api } = useSession();
  const classes = useAsync(() => api.objects.classes(), [api]);
  const [workflowId, setWorkflowId] = useState(initial.workflowId ?? '');
  const [parameter, setParameter] = useState(initial.parameter ?? '');
  const [value, setValue] = useState(initial.value === undefined ? '' : typeof initial.value === 'object' ? JSON.stringify(initial.value) : String(initial.value));
  const [kind, setKind] = useState<ContextKind>(initial.context?.kind ?? 'class');
  const [contextId, setContextId] = useState(initial.context?.id ?? '');
  const [object, setObject] = useState<MonitoringObjectView | undefined>(undefined);
  const [enforced, setEnforced] = useState(initial.enforced ?? false);
  const [packName, setPackName] = useState(initial.packName ?? '');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);

  const submit = async (): Promise<void> => {
    const id = kind === 'instance' ? (object?.id ?? contextId) : contextId;
    if (!workflowId || !parameter || value === '' || !id) { setError(new Error('Fill in the monitor, the parameter, the value and what it applies to.')); return; }
    setBusy(true);
    try {
      onDone(await api.overrides.set({
        workflowId: workflowId.trim(), parameter: parameter.trim(), value: parseOverrideValue(value), context: { kind, id }, enforced,
        ...(packName.trim() ? { packName: packName.trim() } : {}), ...(description ? { description } : {}),
      }));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <Dialog title="Set override" onClose={onClose} onSubmit={() => void submit()}
      footer={<><Button onClick={onClose}>Cancel</Button><Button type="submit" variant="primary" busy={busy} testId="override-save">Save override</Button></>}>
      <label className="field"><span>Monitor, rule or discovery id</span><input className="input" value={workflowId} onChange={(e) => setWorkflowId(e.target.value)} placeholder="Vigil.Linux.Computer.CpuUtilization" data-testid="override-workflow" /></label>
      <div className="form-grid" style={{ gridTemplateColumns: 'repeat(2, minmax(0, 1fr))' }}>
        <label className="field"><span>Parameter</span><input className="input" value={parameter} onChange={(e) => setParameter(e.target.value)} placeholder="critical, enabled, intervalSeconds…" data-testid="override-parameter" /></label>
        <label className="field"><span>Value (number, true/false, text)</span><input className="input" value={value} onChange={(e) => setValue(e.target.value)} data-testid="override-value" /></label>
      </div>
      <label className="field"><span>Applies to</span>
        <select className="input" value={kind} onChange={(e) => { setKind(e.target.value as ContextKind); setContextId(''); }} data-testid="override-context-kind">
          <option value="class">Every object of a class</option><option value="group">The members of a group</option><option value="instance">One object</option>
        </select>
      </label>
      {kind === 'class' ? (
        <label className="field"><span>Class</span>
          <select className="input" value={contextId} onChange={(e) => setContextId(e.target.value)} data-testid="override-class">
            <option value="">Choose a class…</option>
            {contextId && !classes.data?.some((c) => c.id === contextId) ? <option value={contextId}>{contextId}</option> : null}
            {(classes.data ?? []).map((c) => <option key={c.id} value={c.id}>{c.displayName} ({c.id})</option>)}
          </select>
        </label>
      ) : kind === 'group' ? (
        <label className="field"><span>Group</span>
          <select className="input" value={contextId} onChange={(e) => setContextId(e.target.value)}>
            <option value="">Choose a group…</option>
            {groups.map((g) => <option key={g.id} value={g.id}>{g.displayName}</option>)}
          </select>
        </label>
      ) : (
        <ObjectPicker value={object} onChange={setObject} label={object ? `Object: ${object.displayName}` : contextId ? `Object: ${contextId}` : 'Object'} placeholder="Type a computer or object name…" />
      )}
      <label style={{ display: 'flex', gap: 8, alignItems: 'center' }}><input type="checkbox" checked={enforced} onChange={(e) => setEnforced(e.target.checked)} /> Enforced (wins over overrides that are not)</label>
      <div className="form-grid" style={{ gridTemplateColumns: 'repeat(2, minmax(0, 1fr))' }}>
        <label className="field"><span>Store in pack (unsealed)</span><input className="input" value={packName} onChange={(e) => setPackName(e.target.value)} placeholder={DEFAULT_OVERRIDE_PACK} /></label>
        <label className="field"><span>Description</span><input className="input" value={description} onChange={(e) => setDescription(e.target.value)} /></label>
      </div>
      <ErrorBanner error={error} />
    </Dialog>
  );
}
