// Start maintenance on an object (optionally everything it hosts): monitoring, alerts and
// notifications pause at once, for the chosen duration (POST /maintenance).
import { useState } from 'react';
import type { MaintenanceStarted, MonitoringObjectView } from '@vigil/protocol';
import { useSession } from '../session/session.tsx';
import { Dialog } from '../design/dialog.tsx';
import { Button } from '../design/button.tsx';
import { ErrorBanner } from '../design/panel.tsx';
import { ReasonOptions, choiceKey, parseChoiceKey, useMaintenanceReasons } from './maintenance-reasons.tsx';

const DURATIONS: ReadonlyArray<readonly [number, string]> = [[15, '15 minutes'], [30, '30 minutes'], [60, '1 hour'], [240, '4 hours'], [1440, '1 day'], [10_080, '1 week']];

export function MaintenanceDialog({ object, onClose, onDone }: { readonly object: Pick<MonitoringObjectView, 'id' | 'displayName'>; readonly onClose: () => void; readonly onDone: (started: MaintenanceStarted) => void }) {
  const { api } = useSession();
  const reasons = useMaintenanceReasons();
  const [choice, setChoice] = useState(choiceKey({ reason: 'other', planned: true }));
  const [durationMinutes, setDuration] = useState(60);
  const [recursive, setRecursive] = useState(true);
  const [comment, setComment] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const submit = async (): Promise<void> => {
    const picked = parseChoiceKey(choice);
    setBusy(true);
    try {
      const started = await api.maintenance.start({ objectId: object.id, reason: picked.reason, planned: picked.planned, durationMinutes, recursive, ...(comment ? { comment } : {}) });
      onDone(started);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <Dialog title={`Maintenance mode: ${object.displayName}`} onClose={onClose} onSubmit={() => void submit()}
      footer={<><Button onClick={onClose}>Cancel</Button><Button type="submit" variant="primary" busy={busy} testId="maintenance-confirm">Start maintenance</Button></>}>
      <label className="field"><span>Reason</span>
        <select className="input" value={choice} onChange={(e) => setChoice(e.target.value)} data-testid="maintenance-reason"><ReasonOptions reasons={reasons} selected={choice} /></select>
      </label>
      <label className="field"><span>Duration</span>
        <select className="input" value={durationMinutes} onChange={(e) => setDuration(Number(e.target.value))}>{DURATIONS.map(([v, l]) => <option key={v} value={v}>{l}</option>)}</select>
      </label>
      <label style={{ display: 'flex', gap: 8, alignItems: 'center' }}><input type="checkbox" checked={recursive} onChange={(e) => setRecursive(e.target.checked)} /> Include everything this object hosts</label>
      <label className="field"><span>Comment</span><input className="input" value={comment} onChange={(e) => setComment(e.target.value)} placeholder="Patching, ticket number…" data-testid="maintenance-comment" /></label>
      <ErrorBanner error={error ?? reasons.error} />
    </Dialog>
  );
}
