// `vigil agent list | show | approve | reject | set-failover | token …`: managing agents through
// the SDK API. (`vigil agent start`, which runs an agent on this machine, lives in its own file.)
import type { Command } from 'commander';
import { allItems, type VigilClient } from '@vigil/sdk';
import type { Agent } from '@vigil/protocol';
import { VigilError } from '@vigil/core';
import { connect } from '../console/api-connection.ts';
import { parseDurationMs } from '../console/durations.ts';
import { emit, type OutputFlags } from '../output/emit.ts';
import { withProgress } from '../output/progress.ts';
import { formatTime, renderTable, type Tone } from '../output/table.ts';
import { reportFailure } from '../output/failure.ts';

const APPROVAL_TONE: Readonly<Record<Agent['approvalState'], Tone>> = { approved: 'good', pending: 'warn', rejected: 'bad' };

export function agentTable(agents: readonly Agent[]): string {
  return renderTable(agents, [
    { header: 'NAME', value: (a) => a.name },
    { header: 'HOST', value: (a) => a.hostName },
    { header: 'APPROVAL', value: (a) => ({ text: a.approvalState, tone: APPROVAL_TONE[a.approvalState] }) },
    { header: 'REQUESTED', value: (a) => formatTime(a.requestedAtMs) },
    { header: 'LAST HEARTBEAT', value: (a) => formatTime(a.lastHeartbeatAtMs) },
    { header: 'FAILOVER', value: (a) => a.failoverServers?.join(',') ?? '-' },
  ], 'No agents.');
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

/** Approves or rejects each agent with a progress bar; exit code of the first failure, if any. */
async function decide(client: VigilClient, names: readonly string[], verb: 'approve' | 'reject', flags: OutputFlags): Promise<void> {
  const outcomes = await withProgress(verb === 'approve' ? 'Approving' : 'Rejecting', names, (name) => client.agents[verb](name));
  const done = outcomes.flatMap((o) => (o.result ? [o.result] : []));
  emit(flags, { [verb === 'approve' ? 'approved' : 'rejected']: done, failed: outcomes.filter((o) => o.error).map((o) => ({ name: o.item, error: (o.error as Error).message })) }, () =>
    done.map((a) => `${verb === 'approve' ? 'Approved' : 'Rejected'} ${a.name}.\n`).join(''));
  const failures = outcomes.filter((o) => o.error);
  if (failures.length > 0) {
    let code = 0;
    for (const failure of failures) code = reportFailure(failure.error);
    process.exitCode = code;
  }
}

export function registerAgentCommands(program: Command): void {
  const agent = program.commands.find((c) => c.name() === 'agent') ?? program.command('agent').description('run or manage agents');

  agent.command('list')
    .description('list agents (scoped to your roles)')
    .option('--pending', 'only agents waiting for approval (pending management)')
    .option('--state <state>', 'only agents in this approval state: pending | approved | rejected')
    .option('--search <text>', 'only agents whose name or host contains this text')
    .option('--json', 'print the agents as JSON')
    .action(async (flags: OutputFlags & { pending?: boolean; state?: string; search?: string }) => {
      const approval = flags.pending ? 'pending' : flags.state;
      if (approval !== undefined && !['pending', 'approved', 'rejected'].includes(approval)) throw new VigilError('VALIDATION_FAILED', { what: `--state must be pending, approved or rejected, got "${approval}".` });
      const client = connect();
      const agents = await collect(allItems(client.agents.list, { limit: 500, ...(approval ? { approval: approval as Agent['approvalState'] } : {}), ...(flags.search ? { q: flags.search } : {}) }));
      emit(flags, agents, () => agentTable(agents));
    });

  agent.command('show')
    .description('show one agent')
    .argument('<name>', 'agent name')
    .option('--json', 'print the agent as JSON')
    .action(async (name: string, flags: OutputFlags) => {
      const found = await connect().agents.get(name);
      emit(flags, found, () => agentTable([found]));
    });

  agent.command('approve')
    .description('approve pending agents: each gets its certificate on its next enrollment retry')
    .argument('[names...]', 'agent names')
    .option('--all-pending', 'approve every agent waiting for approval')
    .option('--json', 'print the approved agents as JSON')
    .action(async (names: string[], flags: OutputFlags & { allPending?: boolean }) => {
      const client = connect();
      const targets = flags.allPending ? (await collect(allItems(client.agents.list, { limit: 500, approval: 'pending' as const }))).map((a) => a.name) : names;
      if (targets.length === 0 && !flags.allPending) throw new VigilError('VALIDATION_FAILED', { what: 'Name at least one agent, or use --all-pending.' });
      await decide(client, targets, 'approve', flags);
    });

  agent.command('reject')
    .description('reject agents: their enrollment retries are refused')
    .argument('<names...>', 'agent names')
    .option('--json', 'print the rejected agents as JSON')
    .action(async (names: string[], flags: OutputFlags) => decide(connect(), names, 'reject', flags));

  agent.command('set-failover')
    .description('set the management servers an agent uses, in failover order (pushed to the agent over its link)')
    .argument('<name>', 'agent name')
    .argument('<servers>', 'comma-separated host:port list, primary first, e.g. ms1:5723,ms2:5723')
    .option('--json', 'print the agent as JSON')
    .action(async (name: string, servers: string, flags: OutputFlags) => {
      const list = servers.split(',').map((s) => s.trim()).filter(Boolean);
      const updated = await connect().agents.setFailover(name, list);
      emit(flags, updated, () => `Agent ${updated.name} fails over to ${updated.failoverServers?.join(' → ')}.\n`);
    });

  registerJoinTokenCommands(agent);
}

function registerJoinTokenCommands(agent: Command): void {
  const token = agent.command('token').description('one-time join tokens for installing agents that are approved on first contact');
  token.command('create')
    .description('create a join token (shown once; give it to `vigil agent start --join-token`)')
    .option('--expires <duration>', 'how long it stays valid, e.g. 2h, 24h, 7d (max 30d)', '24h')
    .option('--json', 'print the token as JSON')
    .action(async (flags: OutputFlags & { expires: string }) => {
      const expiresInHours = Math.ceil(parseDurationMs(flags.expires, '--expires') / 3_600_000);
      const created = await connect().joinTokens.create({ expiresInHours });
      emit(flags, created, () => `${created.token}\nValid once, until ${formatTime(created.expiresAtMs)} (id ${created.id}).\n`);
    });
  token.command('list')
    .description('list join tokens (never their secrets)')
    .option('--json', 'print the tokens as JSON')
    .action(async (flags: OutputFlags) => {
      const tokens = await collect(allItems(connect().joinTokens.list, { limit: 500 }));
      emit(flags, tokens, () => renderTable(tokens, [
        { header: 'ID', value: (t) => t.id },
        { header: 'STATE', value: (t) => ({ text: t.state, tone: t.state === 'active' ? 'good' : 'dim' }) },
        { header: 'CREATED', value: (t) => formatTime(t.createdAtMs) },
        { header: 'EXPIRES', value: (t) => formatTime(t.expiresAtMs) },
        { header: 'USED BY', value: (t) => t.usedBy ?? '-' },
      ], 'No join tokens.'));
    });
  token.command('revoke')
    .description('revoke a join token')
    .argument('<id>', 'token id (the first 8 characters of the token)')
    .option('--json', 'print the result as JSON')
    .action(async (id: string, flags: OutputFlags) => {
      await connect().joinTokens.revoke(id);
      emit(flags, { revoked: id }, () => `Join token ${id} revoked.\n`);
    });
}
