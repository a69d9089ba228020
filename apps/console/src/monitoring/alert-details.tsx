// One alert: what, where, the context that raised it, its history, and the operator's changes
// (resolution state, owner, ticket, comment).
import { useEffect, useState } from 'react';
import type { AlertDetail } from '@vigil/protocol';
import { useSession } from '../session/session.tsx';
import { useAsync } from '../design/use-async.ts';
import { Health, Pill, Severity } from '../design/health.tsx';
import { Empty, ErrorBanner, KeyValues, Panel } from '../design/panel.tsx';
import { Button } from '../design/button.tsx';
import { useToast } from '../design/toast.tsx';
import { formatTime } from '../design/format.ts';
import { href } from '../app/router.ts';
import { RESOLUTION_CHOICES } from './resolution-states.ts';

export function AlertDetails({ alertId, version, onChanged }: { readonly alertId: string | undefined; readonly version: number; readonly onChanged: () => void }) {
  if (!alertId) {
    return <Panel title="Alert details"><Empty>Select an alert (↑/↓, Enter) to see its context and history.</Empty></Panel>;
  }
  return <AlertDetailsFor alertId={alertId} version={version} onChanged={onChanged} />;
}

function AlertDetailsFor({ alertId, version, onChanged }: { readonly alertId: string; readonly version: number; readonly onChanged: () => void }) {
  const { api, cannot, user } = useSession();
  const toast = useToast();
  const detail = useAsync(() => api.alerts.get(alertId), [api, alertId, version]);
  const alert: AlertDetail | undefined = detail.data;
  const [state, setState] = useState<number | ''>('');
  const [owner, setOwner] = useState('');
  const [ticket, setTicket] = useState('');
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!alert) return;
    setState(alert.resolutionState);
    setOwner(alert.owner ?? '');
    setTicket(alert.ticketId ?? '');
    setComment('');
  }, [alert]);

  const save = async (): Promise<void> => {
    if (!alert) return;
    setBusy(true);
    try {
      await api.alerts.update(alert.id, {
        ...(state !== '' && state !== alert.resolutionState ? { resolutionState: state } : {}),
        ...(owner !== (alert.owner ?? '') ? { owner: owner || null } : {}),
        ...(ticket !== (alert.ticketId ?? '') ? { ticketId: ticket || null } : {}),
        ...(comment ? { comment } : {}),
      });
      toast.show('success', 'Alert updated.');
      onChanged();
    } catch (error) {
      toast.failure(error, 'update the alert');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Panel title="Alert details" testId="alert-details">
      <ErrorBanner error={detail.error} onRetry={detail.reload} />
      {alert ? (
        <div style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
          <div>
            <div style={{ display: 'flex', gap: 8, alignItems: 'center' }}><Severity severity={alert.severity} /><Pill tone={alert.open ? 'warning' : 'healthy'}>{alert.resolutionStateName}</Pill></div>
            <h3 style={{ margin: '6px 0 2px', fontSize: 15 }}>{alert.name}</h3>
            <div className="muted">{alert.description}</div>
          </div>
          <KeyValues rows={[
            ['Source', alert.objectId ? <a href={href('monitoring', 'health-explorer', { object: alert.objectId })}>{alert.objectDisplayName ?? alert.objectKey}</a> : null],
            ['Raised by', `${alert.sourceKind} ${alert.sourceId}`],
            ['Monitor now', alert.monitorState ? <Health state={alert.monitorState} /> : null],
            ['Priority', alert.priority],
            ['Raised', formatTime(alert.raisedAtMs)],
            ['Modified', formatTime(alert.lastModifiedAtMs)],
            ['Repeats', alert.repeatCount],
            ['Owner', alert.owner],
            ['Ticket', alert.ticketId],
          ]} />
          <div>
            <strong>Context</strong>
            <pre className="context" data-testid="alert-context">{JSON.stringify(alert.context, null, 2)}</pre>
          </div>
          <form className="form-grid" style={{ gridTemplateColumns: 'minmax(0, 1fr) minmax(0, 1fr)' }} onSubmit={(e) => { e.preventDefault(); void save(); }}>
            <label className="field"><span>Resolution state</span>
              <select className="input" value={state} onChange={(e) => setState(Number(e.target.value))}>
                {RESOLUTION_CHOICES.some(([v]) => v === alert.resolutionState) ? null : <option value={alert.resolutionState}>{alert.resolutionStateName}</option>}
                {RESOLUTION_CHOICES.map(([v, label]) => <option key={v} value={v}>{label}</option>)}
              </select>
            </label>
            <label className="field"><span>Owner</span>
              <span style={{ display: 'flex', gap: 4 }}><input className="input" style={{ flex: 1 }} value={owner} onChange={(e) => setOwner(e.target.value)} /><button type="button" className="btn small" onClick={() => setOwner(user.name)}>Me</button></span>
            </label>
            <label className="field"><span>Ticket</span><input className="input" value={ticket} onChange={(e) => setTicket(e.target.value)} /></label>
            <label className="field"><span>Comment</span><input className="input" value={comment} onChange={(e) => setComment(e.target.value)} /></label>
            <div><Button type="submit" variant="primary" size="small" busy={busy} disabledReason={cannot('alerts:update')}>Save changes</Button></div>
          </form>
          <div>
            <strong>History</strong>
            <ol style={{ margin: '6px 0 0', paddingLeft: 18 }} data-testid="alert-history">
              {alert.history.map((h, i) => (
                <li key={i}>
                  <span className="muted">{formatTime(h.atMs)}</span> · {h.by} · {h.kind}{h.from !== null || h.to !== null ? `: ${h.from ?? '—'} → ${h.to ?? '—'}` : ''}{h.comment ? ` — “${h.comment}”` : ''}
                </li>
              ))}
            </ol>
          </div>
        </div>
      ) : detail.loading ? <Empty>Loading…</Empty> : null}
    </Panel>
  );
}
