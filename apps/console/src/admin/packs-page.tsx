// Management packs: what is imported (version, sealed, by whom), import one from a YAML file or
// pasted text (validated first: file:line problems), export one exactly as imported, remove one.
import { useRef, useState } from 'react';
import type { PackSummary, PackValidation } from '@vigil/protocol';
import { useSession } from '../session/session.tsx';
import { useAsync } from '../design/use-async.ts';
import { downloadText } from '../api/console-api.ts';
import { DataTable, type Column } from '../design/data-table.tsx';
import { Button } from '../design/button.tsx';
import { Dialog } from '../design/dialog.tsx';
import { ErrorBanner, Notice, Panel } from '../design/panel.tsx';
import { Pill } from '../design/health.tsx';
import { useToast } from '../design/toast.tsx';
import { formatTime } from '../design/format.ts';

export function PacksPage() {
  const { api, cannot } = useSession();
  const toast = useToast();
  const [importing, setImporting] = useState(false);
  const packs = useAsync(() => api.packs.list(), [api]);

  const exportPack = async (p: PackSummary): Promise<void> => {
    try {
      const exported = await api.packs.export(p.name);
      downloadText(`${exported.name}.pack.yaml`, exported.yaml);
    } catch (error) {
      toast.failure(error, `export ${p.name}`);
    }
  };
  const removePack = async (p: PackSummary): Promise<void> => {
    if (!window.confirm(`Remove the pack ${p.name} ${p.version}? Its monitors and rules stop on every agent.`)) return;
    try {
      await api.packs.remove(p.name);
      toast.show('success', `Removed ${p.name}.`);
      packs.reload();
    } catch (error) {
      toast.failure(error, `remove ${p.name}`);
    }
  };
  const columns: Column<PackSummary>[] = [
    { key: 'name', header: 'Pack', render: (p) => <span title={p.name}>{p.displayName || p.name} <span className="muted"><code>{p.name}</code></span></span> },
    { key: 'version', header: 'Version', render: (p) => <code>{p.version}</code> },
    { key: 'sealed', header: 'Sealed', render: (p) => (p.sealed ? <Pill tone="information">sealed{p.sealKeyId ? ` · ${p.sealKeyId}` : ''}</Pill> : <Pill tone="unknown">unsealed</Pill>) },
    { key: 'imported', header: 'Imported', render: (p) => `${formatTime(p.importedAtMs)} by ${p.importedBy}` },
    {
      key: 'actions', header: '', render: (p) => (
        <span className="toolbar">
          <Button size="small" testId={`pack-export-${p.name}`} onClick={() => void exportPack(p)}>Export</Button>
          <Button size="small" variant="danger" testId={`pack-remove-${p.name}`} disabledReason={cannot('packs:manage')} onClick={() => void removePack(p)}>Remove</Button>
        </span>
      ),
    },
  ];
  return (
    <div className="page-body" data-testid="packs-page">
      <Panel title={`Management packs (${packs.data?.length ?? 0})`} bodyClass="" actions={
        <Button size="small" variant="primary" testId="pack-import" disabledReason={cannot('packs:manage')} onClick={() => setImporting(true)}>Import pack…</Button>
      }>
        <ErrorBanner error={packs.error} onRetry={packs.reload} />
        <DataTable label="Management packs" testId="packs-table" rows={packs.data ?? []} rowKey={(p) => p.name} columns={columns} empty={packs.loading ? 'Loading…' : 'No packs imported.'} />
      </Panel>
      {importing ? (
        <ImportDialog onClose={() => setImporting(false)} onDone={(message) => { setImporting(false); toast.show('success', message); packs.reload(); }} />
      ) : null}
    </div>
  );
}

function ImportDialog({ onClose, onDone }: { readonly onClose: () => void; readonly onDone: (message: string) => void }) {
  const { api } = useSession();
  const file = useRef<HTMLInputElement>(null);
  const [yaml, setYaml] = useState('');
  const [fileName, setFileName] = useState<string | undefined>(undefined);
  const [validation, setValidation] = useState<PackValidation | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);

  const pick = async (picked: File | undefined): Promise<void> => {
    if (!picked) return;
    setYaml(await picked.text());
    setFileName(picked.name);
    setValidation(undefined);
  };
  const validate = async (): Promise<void> => {
    setBusy(true);
    try {
      setValidation(await api.packs.validate(yaml, fileName));
      setError(undefined);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const importPack = async (): Promise<void> => {
    setBusy(true);
    try {
      const result = await api.packs.import(yaml, fileName);
      onDone(`${result.name} ${result.version}: ${result.message} (${result.outcome}; ${result.recompiledAgents} agent configuration${result.recompiledAgents === 1 ? '' : 's'} recompiled).`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <Dialog title="Import management pack" onClose={onClose} onSubmit={() => void importPack()}
      footer={<>
        <Button onClick={onClose}>Cancel</Button>
        <Button busy={busy} disabledReason={yaml.trim() ? undefined : 'Choose a file or paste a pack first.'} onClick={() => void validate()} testId="pack-validate">Validate</Button>
        <Button type="submit" variant="primary" busy={busy} disabledReason={yaml.trim() ? undefined : 'Choose a file or paste a pack first.'} testId="pack-import-confirm">Import</Button>
      </>}>
      <div className="toolbar">
        <input ref={file} type="file" accept=".yaml,.yml" hidden onChange={(e) => void pick(e.target.files?.[0])} aria-label="Pack file" data-testid="pack-file" />
        <Button size="small" onClick={() => file.current?.click()}>Choose file…</Button>
        <span className="muted">{fileName ?? 'or paste the pack below'}</span>
      </div>
      <label className="field"><span>Pack (YAML)</span>
        <textarea className="input" style={{ minHeight: 220, fontFamily: 'var(--mono, monospace)', fontSize: 12 }} value={yaml} onChange={(e) => { setYaml(e.target.value); setValidation(undefined); }} spellCheck={false} data-testid="pack-yaml" />
      </label>
      {validation ? (
        validation.valid
          ? <Notice><span data-testid="pack-valid">{validation.name} {validation.version} is valid.{validation.warnings.length ? ` Warnings: ${validation.warnings.join('; ')}` : ''}</span></Notice>
          : <div className="banner error" role="alert" data-testid="pack-problems"><ul style={{ margin: 0, paddingLeft: 18 }}>{validation.problems.map((p) => <li key={p}><code>{p}</code></li>)}</ul></div>
      ) : null}
      <ErrorBanner error={error} />
    </Dialog>
  );
}
