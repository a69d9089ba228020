// The audit log: every change made through the API, who made it and from where.
import { useState } from 'react';
import type { AuditEntry } from '@vigil/protocol';
import { useSession } from '../session/session.tsx';
import { useAsync } from '../design/use-async.ts';
import { DataTable, type Column } from '../design/data-table.tsx';
import { ErrorBanner, Panel } from '../design/panel.tsx';
import { formatTime } from '../design/format.ts';

export function AuditPage() {
  const { api } = useSession();
  const [offset, setOffset] = useState(0);
  const audit = useAsync(() => api.audit.list({ limit: 100, offset }), [api, offset]);
  const columns: Column<AuditEntry>[] = [
    { key: 'at', header: 'When', render: (a) => formatTime(a.atMs) },
    { key: 'who', header: 'Who', render: (a) => a.userName ?? '—' },
    { key: 'action', header: 'Action', render: (a) => <code>{a.action}</code> },
    { key: 'target', header: 'Target', render: (a) => `${a.targetKind}${a.targetId ? ` ${a.targetId}` : ''}` },
    { key: 'detail', header: 'Detail', render: (a) => <code>{JSON.stringify(a.detail)}</code> },
  ];
  return (
    <div className="page-body">
      <Panel title="Audit log" bodyClass="">
        <ErrorBanner error={audit.error} onRetry={audit.reload} />
        <DataTable label="Audit log" rows={audit.data?.items ?? []} rowKey={(a) => a.id} columns={columns} page={audit.data} onPage={setOffset} />
      </Panel>
    </div>
  );
}
