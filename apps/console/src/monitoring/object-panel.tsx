// One monitored object beside a state view: health, monitors, properties, groups, and what an
// operator does next (maintenance, health explorer, performance, tasks).
import { useState } from 'react';
import { useSession } from '../session/session.tsx';
import { useAsync } from '../design/use-async.ts';
import { Health } from '../design/health.tsx';
import { Empty, ErrorBanner, KeyValues, Panel } from '../design/panel.tsx';
import { Button } from '../design/button.tsx';
import { useToast } from '../design/toast.tsx';
import { formatAge, formatTime, formatValue } from '../design/format.ts';
import { href, navigate } from '../app/router.ts';
import { MaintenanceDialog } from './maintenance-dialog.tsx';
import { useMaintenanceReasons } from './maintenance-reasons.tsx';

export function ObjectPanel({ objectId, version, onChanged }: { readonly objectId: string | undefined; readonly version: number; readonly onChanged: () => void }) {
  if (!objectId) return <Panel title="Details"><Empty>Select an object (↑/↓, Enter) to see its monitors and act on it.</Empty></Panel>;
  return <ObjectPanelFor objectId={objectId} version={version} onChanged={onChanged} />;
}

function ObjectPanelFor({ objectId, version, onChanged }: { readonly objectId: string; readonly version: number; readonly onChanged: () => void }) {
  const { api, cannot } = useSession();
  const reasons = useMaintenanceReasons();
  const toast = useToast();
  const detail = useAsync(() => api.objects.get(objectId), [api, objectId, version]);
  const windows = useAsync(() => (detail.data?.inMaintenance ? api.maintenance.list({ objectId: detail.data.id }) : Promise.resolve([])), [api, detail.data]);
  const [dialog, setDialog] = useState(false);
  const [busy, setBusy] = useState(false);
  const object = detail.data;

  const stopMaintenance = async (): Promise<void> => {
    setBusy(true);
    try {
      await api.maintenance.stop({ objectId: object?.id ?? objectId });
      toast.show('success', `Maintenance ended for ${object?.displayName ?? objectId}.`);
      detail.reload();
      onChanged();
    } catch (error) {
      toast.failure(error, 'end maintenance');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Panel title="Details" testId="object-panel">
      <ErrorBanner error={detail.error} onRetry={detail.reload} />
      {object ? (
        <div style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
          <div>
            <Health state={object.displayState} />
            <h3 style={{ margin: '6px 0 2px', fontSize: 15 }}>{object.displayName}</h3>
            <div className="muted">{object.classDisplayName} · <code>{object.objectKey}</code></div>
          </div>
          <div className="toolbar">
            {object.inMaintenance
              ? <Button size="small" testId="maintenance-stop" busy={busy} disabledReason={cannot('maintenance:manage')} onClick={() => void stopMaintenance()}>End maintenance</Button>
              : <Button size="small" variant="primary" testId="maintenance-start" disabledReason={cannot('maintenance:manage')} onClick={() => setDialog(true)}>Maintenance…</Button>}
            <Button size="small" onClick={() => navigate(href('monitoring', 'health-explorer', { object: object.id }))}>Health explorer</Button>
            <Button size="small" onClick={() => navigate(href('monitoring', 'performance', { object: object.id }))}>Performance</Button>
            <Button size="small" onClick={() => navigate(href('monitoring', 'tasks', { object: object.id }))}>Tasks</Button>
          </div>
          {object.inMaintenance ? (
            <div className="banner info" role="status" data-testid="object-maintenance">
              <div>
                <strong>In maintenance</strong>
                {(windows.data ?? []).map((w) => (
                  <div key={w.id}>{reasons.label(w.reason, w.planned)} until {formatTime(w.endsAtMs)} · by {w.startedBy}{w.objectId !== object.id ? ` (via ${w.objectDisplayName ?? w.objectId})` : ''}{w.comment ? ` — “${w.comment}”` : ''}</div>
                ))}
              </div>
            </div>
          ) : null}
          <KeyValues rows={[
            ['Health since', `${formatTime(object.healthChangedAtMs)} (${formatAge(object.healthChangedAtMs)})`],
            ['Open alerts', object.openAlerts],
            ['Hosted by', object.host?.displayName ?? null],
            ['Groups', object.groups.map((g) => g.displayName).join(', ') || null],
          ]} />
          <div>
            <strong>Monitors</strong>
            <table className="data" style={{ marginTop: 4 }}>
              <tbody>
                {object.monitors.map((m) => (
                  <tr key={m.monitorId}><td><Health state={m.state} label={false} /> {m.displayName}</td><td className="muted">{formatAge(m.changedAtMs)}</td></tr>
                ))}
              </tbody>
            </table>
          </div>
          <div>
            <strong>Properties</strong>
            <KeyValues rows={Object.entries(object.properties).map(([k, v]) => [k, formatValue(v)] as const)} />
          </div>
        </div>
      ) : detail.loading ? <Empty>Loading…</Empty> : null}
      {dialog && object ? (
        <MaintenanceDialog object={object} onClose={() => setDialog(false)} onDone={() => { setDialog(false); toast.show('success', `${object.displayName} is in maintenance.`); detail.reload(); onChanged(); }} />
      ) : null}
    </Panel>
  );
}
