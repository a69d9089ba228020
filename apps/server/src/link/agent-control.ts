// What the management server pushes to linked agents and what it records of their answers:
// the agent's workflow configuration (only when its version changed), the failover list set
// centrally, and queued on-demand tasks. A poll picks up changes made through any server.
import type { ConfigAck, TaskResult, Workflow } from '@vigil/protocol';
import type { AgentId, Logger } from '@vigil/core';
import type { LinkDeps } from './link-deps.ts';
import type { AgentSessionHandle } from './session-registry.ts';

const TASK_OUTPUT_LIMIT = 64 * 1024;

/** Pushes everything pending for one session (on link and by the poller). */
export async function pushAgentControl(deps: LinkDeps, session: AgentSessionHandle): Promise<void> {
  const config = await deps.db.selectFrom('agent_config').selectAll().where('agent_id', '=', session.agentId).executeTakeFirst();
  if (config) pushConfig(session, config);
  const tasks = await deps.db.selectFrom('task').selectAll().where('agent_id', '=', session.agentId).where('status', '=', 'queued').execute();
  await sendTasks(deps, session, tasks);
}

type ConfigRow = { version: string; content_json: string; applied_version: string | null };

function pushConfig(session: AgentSessionHandle, config: ConfigRow): void {
  if (config.applied_version === config.version || session.pushed.configVersion === config.version) return;
  session.pushed.configVersion = config.version;
  session.send({ kind: 'config', version: config.version, workflows: JSON.parse(config.content_json) as Workflow[] });
}

type TaskRow = { id: string; task_type: string; parameters_json: string; timeout_seconds: number; object_id: string | null };

async function sendTasks(deps: LinkDeps, session: AgentSessionHandle, tasks: readonly TaskRow[]): Promise<void> {
  for (const task of tasks) {
    const sent = await deps.db.updateTable('task').set({ status: 'sent' }).where('id', '=', task.id).where('status', '=', 'queued').executeTakeFirst();
    if (Number(sent.numUpdatedRows) === 0) continue;
    session.send({
      kind: 'task-request',
      taskId: task.id,
      taskType: task.task_type,
      parameters: JSON.parse(task.parameters_json) as Record<string, string | number | boolean>,
      timeoutSeconds: task.timeout_seconds,
    });
  }
}

export async function recordConfigAck(deps: LinkDeps, session: AgentSessionHandle, ack: ConfigAck): Promise<void> {
  if (ack.status === 'applied') {
    await deps.db.updateTable('agent_config').set({ applied_version: ack.version }).where('agent_id', '=', session.agentId).execute();
  } else {
    deps.logger.warn({ agent: session.agentName, version: ack.version }, `agent rejected its configuration: ${ack.message ?? 'no reason given'}`);
  }
}

export async function recordTaskResult(deps: LinkDeps, session: AgentSessionHandle, result: TaskResult): Promise<void> {
  await deps.db
    .updateTable('task')
    .set({ status: result.status, output: result.output.slice(0, TASK_OUTPUT_LIMIT), exit_code: result.exitCode ?? null, completed_at: deps.clock.nowMs() })
    .where('id', '=', result.taskId)
    .where('agent_id', '=', session.agentId)
    .execute();
}

/**
 * Polls for changes made through any management server (the API may run on another one) and
 * pushes them to this server's sessions: three queries per poll whatever the number of agents.
 */
export async function pollAgentControl(deps: LinkDeps, logger: Logger): Promise<void> {
  if (deps.sessions.size === 0) return;
  try {
    const here = deps.db.selectFrom('agent').select('id').where('connected_server_id', '=', deps.serverId);
    const tasks = await deps.db.selectFrom('task').selectAll().where('status', '=', 'queued').where('agent_id', 'in', here).execute();
    for (const task of tasks) {
      const session = deps.sessions.get(task.agent_id as AgentId);
      if (session) await sendTasks(deps, session, [task]);
    }
    // Only versions first: a compiled configuration is tens of kilobytes, and reading every
    // connected agent's each second would dominate the server. Content is read only to push it.
    const versions = await deps.db
      .selectFrom('agent_config')
      .select(['agent_id', 'version', 'applied_version'])
      .where('agent_id', 'in', here)
      .where((eb) => eb.or([eb('applied_version', 'is', null), eb('applied_version', '!=', eb.ref('version'))]))
      .execute();
    for (const row of versions) {
      const session = deps.sessions.get(row.agent_id as AgentId);
      if (!session || session.pushed.configVersion === row.version) continue;
      const config = await deps.db.selectFrom('agent_config').select(['version', 'content_json', 'applied_version']).where('agent_id', '=', row.agent_id).executeTakeFirst();
      if (config) pushConfig(session, config);
    }
    const failovers = await deps.db.selectFrom('agent').select(['id', 'failover_json']).where('connected_server_id', '=', deps.serverId).execute();
    for (const row of failovers) {
      const session = deps.sessions.get(row.id as AgentId);
      if (!session || session.pushed.failoverJson === row.failover_json) continue;
      session.pushed.failoverJson = row.failover_json;
      const servers = row.failover_json === null ? [] : (JSON.parse(row.failover_json) as string[]);
      if (servers.length > 0) {
        session.send({
          kind: 'failover-list',
          servers: servers.map((s) => {
            const i = s.lastIndexOf(':');
            return { host: s.slice(0, i), port: Number(s.slice(i + 1)) };
          }),
        });
      }
    }
  } catch (err) {
    logger.warn({ err }, 'agent control poll failed; will retry');
  }
}
