// Task status: run a task on an object's agent (POST /tasks; a hosted object runs on its host's
// agent) and watch its result (GET /tasks/:id); the recent tasks (GET /tasks) refresh while any
// is still queued or sent.
import { useEffect, useState } from 'react';
import type { MonitoringObjectView, TaskRun, TaskTypeView, TaskView as Task } from '@vigil/protocol';
import { useSession } from '../session/session.tsx';
import { useAsync } from '../design/use-async.ts';
import { Empty, ErrorBanner, KeyValues, Panel } from '../design/panel.tsx';
import { Button } from '../design/button.tsx';
import { Pill } from '../design/health.tsx';
import { ObjectPicker } from '../design/object-picker.tsx';
import { useToast } from '../design/toast.tsx';
import { formatTime } from '../design/format.ts';

const STATUS_TONE: Record<Task['status'], 'healthy' | 'critical' | 'warning' | 'unknown'> = { succeeded: 'healthy', failed: 'critical', 'timed-out': 'critical', sent: 'warning', queued: 'unknown' };
const running = (t: Task): boolean => t.status === 'queued' || t.status === 'sent';

/** `name=value` lines to task parameters (numbers and booleans as such). */
function parseParameters(text: string): NonNullable<TaskRun['parameters']> {
  const parameters: Record<string, string | number | boolean> = {};
  for (const line of text.split('\n')) {
    const at = line.indexOf('=');
    if (at <= 0) continue;
    const key = line.slice(0, at).trim();
    const raw = line.slice(at + 1).trim();
    parameters[key] = raw === 'true' ? true : raw === 'false' ? false : raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  }
  return parameters;
}

/** The parameters a known type takes beyond those the form asks for, e.g. `cwd=… (optional)`. */
function extraParameterHint(type: TaskTypeView | undefined): string | undefined {
  const extra = (type?.parameters ?? []).filter((p) => !(type?.id === 'run-command' && (p.name === 'executable' || p.name === 'args')));
  return extra.length ? extra.map((p) => `${p.name}=… ${p.required ? '(required)' : '(optional)'}`).join('\n') : undefined;
}

export function TaskView({ compact = false, initialObject }: { readonly compact?: boolean; readonly initialObject?: string | undefined }) {
  const { api, cannot } = useSession();
  const toast = useToast();
  const [target, setTarget] = useState<MonitoringObjectView | undefined>(undefined);
  const targetId = target?.id ?? initialObject;
  const initialTarget = useAsync(() => (!target && initialObject ? api.objects.get(initialObject) : Promise.resolve(undefined)), [api, initialObject]);
  const [taskType, setTaskType] = useState('agent-info');
  const [executable, setExecutable] = useState('');
  const [args, setArgs] = useState('');
  const [extra, setExtra] = useState('');
  const [timeoutSeconds, setTimeoutSeconds] = useState(60);
  const [busy, setBusy] = useState(false);
  const [openId, setOpenId] = useState<string | undefined>(undefined);
  const tasks = useAsync(() => api.tasks.list({ limit: compact ? 10 : 50, ...(targetId ? { objectId: targetId } : {}) }), [api, targetId]);
  // The task types every agent has (GET /tasks/types); packs may add more: type their name.
  const taskTypes = useAsync(() => api.tasks.types(), [api]);
  const chosenType = taskTypes.data?.find((t) => t.id === taskType.trim());
  const opened = useAsync(() => (openId ? api.tasks.get(openId) : Promise.resolve(undefined)), [api, openId]);
  const busyTasks = (tasks.data ?? []).some(running) || (opened.data ? running(opened.data) : false);
  useEffect(() => {
    if (!busyTasks) return;
    const timer = setInterval(() => { tasks.reload(); opened.reload(); }, 1000);
    return () => clearInterval(timer);
  }, [busyTasks, tasks.reload, opened.reload]);

  const run = async (): Promise<void> => {
    if (!targetId || !taskType) return;
    const parameters: Record<string, string | number | boolean> = { ...parseParameters(extra) };
    if (taskType === 'run-command') {
      parameters.executable = executable;
      const list = args.trim() ? args.trim().split(/\s+/) : [];
      if (list.length > 0) parameters.args = JSON.stringify(list);
    }
    setBusy(true);
    try {
      const started = await api.tasks.run({ objectId: targetId, taskType: taskType.trim(), timeoutSeconds, ...(Object.keys(parameters).length ? { parameters } : {}) });
      setOpenId(started.id);
      toast.show('info', `Task ${started.taskType} submitted.`);
      tasks.reload();
    } catch (error) {
      toast.failure(error, 'run the task');
    } finally {
      setBusy(false);
    }
  };
  const shown = opened.data;
  const targetName = target?.displayName ?? initialTarget.data?.displayName;

  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 12 }} data-testid="task-view">
      {compact ? null : (
        <Panel title="Run a task">
          <form className="toolbar" style={{ alignItems: 'flex-end' }} onSubmit={(e) => { e.preventDefault(); void run(); }}>
            <ObjectPicker value={target} onChange={setTarget} label={targetName ? `Target: ${targetName}` : 'Target'} placeholder={targetName ?? 'Type a computer name…'} />
            <label className="field"><span>Task</span>
              <input className="input" list="task-types" value={taskType} onChange={(e) => setTaskType(e.target.value)} aria-label="Task type" data-testid="task-type" />
              <datalist id="task-types">{(taskTypes.data ?? []).map((t) => <option key={t.id} value={t.id}>{t.displayName}</option>)}</datalist>
              {chosenType ? <span className="muted" data-testid="task-type-description">{chosenType.description}</span> : null}
            </label>
            {taskType === 'run-command' ? (
              <>
                <label className="field"><span>Program</span><input className="input" value={executable} onChange={(e) => setExecutable(e.target.value)} placeholder="/usr/bin/uptime" data-testid="task-executable" /></label>
                <label className="field"><span>Arguments</span><input className="input" value={args} onChange={(e) => setArgs(e.target.value)} placeholder="-p" /></label>
              </>
            ) : null}
            <label className="field"><span>Parameters (name=value per line)</span><textarea className="input" rows={1} value={extra} placeholder={extraParameterHint(chosenType)} onChange={(e) => setExtra(e.target.value)} /></label>
            <label className="field" style={{ width: 110 }}><span>Timeout (s)</span><input className="input" type="number" min={1} max={3600} value={timeoutSeconds} onChange={(e) => setTimeoutSeconds(Number(e.target.value))} /></label>
            <Button type="submit" variant="primary" busy={busy} testId="task-run" disabledReason={cannot('tasks:run') ?? (!targetId || !taskType ? 'Choose a target and a task first.' : taskType === 'run-command' && !executable ? 'Give the program to run.' : undefined)}>Run task</Button>
          </form>
        </Panel>
      )}
      <ErrorBanner error={tasks.error ?? taskTypes.error} onRetry={() => { tasks.reload(); taskTypes.reload(); }} />
      <div className={compact ? '' : 'split'}>
        <Panel title="Task status">
          {(tasks.data ?? []).length === 0 ? <Empty>{tasks.loading ? 'Loading…' : 'No task has run yet.'}</Empty> : (
            <table className="data" data-testid="task-table">
              <thead><tr><th>Status</th><th>Task</th><th>Submitted</th><th>By</th></tr></thead>
              <tbody>
                {tasks.data!.map((t) => (
                  <tr key={t.id} aria-selected={t.id === openId} onClick={() => setOpenId(t.id)} tabIndex={0} onKeyDown={(e) => e.key === 'Enter' && setOpenId(t.id)}>
                    <td><Pill tone={STATUS_TONE[t.status]}>{t.status}</Pill></td><td><code>{t.taskType}</code></td><td>{formatTime(t.submittedAtMs)}</td><td>{t.submittedBy}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Panel>
        {compact ? null : (
          <Panel title="Result" testId="task-result">
            <ErrorBanner error={opened.error} onRetry={opened.reload} />
            {shown ? (
              <div style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
                <div><Pill tone={STATUS_TONE[shown.status]}><span data-testid="task-status">{shown.status}</span></Pill> <code>{shown.taskType}</code> {shown.exitCode !== null ? <span className="muted">exit {shown.exitCode}</span> : null}</div>
                <pre className="context" data-testid="task-output">{shown.output ?? (running(shown) ? 'Waiting for the agent…' : '(no output)')}</pre>
                <KeyValues rows={[
                  ['Parameters', Object.keys(shown.parameters).length ? <code key="p">{JSON.stringify(shown.parameters)}</code> : null],
                  ['Submitted', `${formatTime(shown.submittedAtMs)} by ${shown.submittedBy}`],
                  ['Completed', shown.completedAtMs ? formatTime(shown.completedAtMs) : null],
                  ['Timeout', `${shown.timeoutSeconds} s`],
                ]} />
              </div>
            ) : <Empty>Run a task, or select one, to see its output.</Empty>}
          </Panel>
        )}
      </div>
    </div>
  );
}
