// The operations console against a real group: `vigil up` as a child process, then `vigil login`,
// agent list/approve, users and roles, --json output and exit codes — as an operator would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newId, type AgentId } from '@vigil/core';
import { createKeyAndCsr, parseJoinToken } from '@vigil/pki';
import { insertAgent, openStore } from '@vigil/store';
import { Command } from 'commander';
import { registerLoginCommands } from '../../apps/cli/src/commands/login.command.ts';
import { registerAgentCommands } from '../../apps/cli/src/commands/agent.command.ts';
import { registerFleetCommands } from '../../apps/cli/src/commands/fleet.command.ts';
import { registerAccessCommands } from '../../apps/cli/src/commands/access.command.ts';
import { startVigil, runVigil } from '../support/cli-process.ts';

const API_URL = /SDK API\s+(https:\/\/127\.0\.0\.1:\d+)\/api\/v1/;
const ADMIN_PASSWORD = /Sign in\s+user admin, password (\S+)/;

/** Runs vigil with `input` on its standard input. */
async function runWithInput(args: readonly string[], input: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const proc = startVigil(args, env);
  proc.child.stdin.end(input);
  const code = await proc.exited();
  return { code, stdout: proc.output(), stderr: proc.errors() };
}

test('vigil login, agent list/approve, users and roles against a running group, with --json and exit codes', async () => {
  const root = mkdtempSync(join(tmpdir(), 'vigil-console-'));
  const dataDir = join(root, 'data');
  const env = { VIGIL_CONFIG_DIR: join(root, 'config'), NO_COLOR: '1' };
  const up = startVigil(['up', '--data', dataDir, '--api-port', '0', '--link-port', '0'], env);
  try {
    const [, url] = await up.waitFor(API_URL);
    const [, password] = await up.waitFor(ADMIN_PASSWORD);
    assert.equal(readFileSync(join(dataDir, 'admin-password.txt'), 'utf8').trim(), password);
    const vigil = (args: readonly string[], extra: NodeJS.ProcessEnv = {}) => runVigil(args, { ...env, ...extra });

    const anonymous = await vigil(['agent', 'list']);
    assert.equal(anonymous.code, 5, anonymous.stderr);
    assert.match(anonymous.stderr, /run `vigil login/);

    const wrong = await vigil(['login', '--server', url!, '--data', dataDir, '--user', 'admin'], { VIGIL_PASSWORD: 'not the password' });
    assert.equal(wrong.code, 5);
    assert.match(wrong.stderr, /\[LOGIN_FAILED\]/);

    const login = await runWithInput(['login', '--server', url!, '--data', dataDir, '--user', 'admin', '--password-stdin'], `${password}\n`, env);
    assert.equal(login.code, 0, login.stderr);
    assert.match(login.stdout, /Signed in to https:\/\/127\.0\.0\.1:\d+ as admin: Administrators \(administrator\)/);
    const credentials = join(root, 'config', 'credentials.json');
    assert.equal(statSync(credentials).mode & 0o777, 0o600);
    assert.match(JSON.parse(readFileSync(credentials, 'utf8')).token, /^vgs_/);

    // An agent waiting in pending management, as the link endpoint would record it.
    const store = await openStore(join(dataDir, 'opsdb.sqlite'));
    try {
      const { csrPem } = await createKeyAndCsr({ commonName: 'web01' });
      await insertAgent(store.db, { id: newId<AgentId>(), name: 'web01', hostName: 'web01.example.test', csrPem, approvalState: 'pending', nowMs: Date.now(), decidedBy: null });
    } finally {
      await store.close();
    }

    const pendingJson = await vigil(['agent', 'list', '--pending', '--json']);
    assert.equal(pendingJson.code, 0, pendingJson.stderr);
    assert.deepEqual(JSON.parse(pendingJson.stdout).map((a: { name: string; approvalState: string }) => [a.name, a.approvalState]), [['web01', 'pending']]);
    const table = await vigil(['agent', 'list', '--pending']);
    assert.match(table.stdout, /^NAME\s+HOST\s+APPROVAL/);
    assert.match(table.stdout, /\nweb01\s+web01\.example\.test\s+pending/);
    assert.doesNotMatch(table.stdout, /\x1b\[/, 'no colour when not a terminal');

    const approve = await vigil(['agent', 'approve', 'web01']);
    assert.equal(approve.code, 0, approve.stderr);
    assert.equal(approve.stdout, 'Approved web01.\n');
    const shown = JSON.parse((await vigil(['agent', 'show', 'web01', '--json'])).stdout);
    assert.equal(shown.approvalState, 'approved');
    assert.match(shown.certificateSerial, /^[0-9a-f]+$/);
    const ghost = await vigil(['agent', 'approve', 'ghost']);
    assert.equal(ghost.code, 3);
    assert.match(ghost.stderr, /Agent ghost was not found\. \[NOT_FOUND\]/);
    assert.equal((await vigil(['agent', 'set-failover', 'web01', 'ms1:5723,ms2:5723'])).code, 0);
    assert.equal((await vigil(['agent', 'set-failover', 'web01', 'nonsense'])).code, 2);

    const joinToken = JSON.parse((await vigil(['agent', 'token', 'create', '--expires', '2h', '--json'])).stdout);
    assert.equal(parseJoinToken(joinToken.token).id, joinToken.id);
    const servers = JSON.parse((await vigil(['server', 'list', '--json'])).stdout);
    assert.equal(servers[0].state, 'running');
    assert.match((await vigil(['pool', 'show', 'All Management Servers'])).stdout, /All Management Servers \(automatic\)/);
    const audit = JSON.parse((await vigil(['audit', '--json'])).stdout);
    assert.deepEqual(audit.map((e: { action: string }) => e.action).slice(0, 3), ['join-token.create', 'agent.set-failover', 'agent.approve']);

    // A read-only operator may list but not approve.
    assert.equal((await vigil(['role', 'create', 'Watchers', '--profile', 'read-only-operator'])).code, 0);
    const created = await runWithInput(['user', 'create', 'watcher', '--role', 'Watchers', '--password-stdin'], 'a long enough password\n', env);
    assert.equal(created.code, 0, created.stderr);
    const watcherEnv = { ...env, VIGIL_CONFIG_DIR: join(root, 'watcher') };
    assert.equal((await runVigil(['login', '--server', url!, '--data', dataDir, '--user', 'watcher'], { ...watcherEnv, VIGIL_PASSWORD: 'a long enough password' })).code, 0);
    assert.equal((await runVigil(['agent', 'list'], watcherEnv)).code, 0);
    const refused = await runVigil(['agent', 'reject', 'web01'], watcherEnv);
    assert.equal(refused.code, 4);
    assert.match(refused.stderr, /\[FORBIDDEN\]/);

    const logout = await vigil(['logout']);
    assert.equal(logout.code, 0);
    assert.equal((await vigil(['agent', 'list'])).code, 5);
  } finally {
    await up.stop();
    rmSync(root, { recursive: true, force: true });
  }
});

/** The console commands as main.ts registers them, built in-process so help checks need no child per command. */
function consoleProgram(): Command {
  const program = new Command('vigil').exitOverride();
  registerLoginCommands(program);
  registerAgentCommands(program);
  registerFleetCommands(program);
  registerAccessCommands(program);
  return program;
}

function* leaves(command: Command, path: string[] = []): Generator<{ path: string[]; command: Command }> {
  for (const sub of command.commands) {
    const subPath = [...path, sub.name()];
    yield { path: subPath, command: sub };
    yield* leaves(sub, subPath);
  }
}

test('every console command and option has help text', () => {
  const all = [...leaves(consoleProgram())];
  assert.ok(all.length >= 30, `found ${all.length} commands`);
  for (const { path, command } of all) {
    assert.ok(command.description().length > 10, `vigil ${path.join(' ')} has a description`);
    for (const option of command.options) assert.ok(option.description.length > 5, `vigil ${path.join(' ')} ${option.flags} is described`);
    const help = command.helpInformation();
    assert.match(help, new RegExp(`^Usage: vigil ${path.join(' ')}\\b`), path.join(' '));
  }
});

test('vigil --help and a subcommand\'s --help run as a user would', async () => {
  const [top, leaf] = await Promise.all([runVigil(['--help']), runVigil(['agent', 'list', '--help'])]);
  assert.equal(top.code, 0);
  for (const command of ['login', 'logout', 'whoami', 'agent', 'pool', 'user', 'role', 'token', 'audit']) assert.match(top.stdout, new RegExp(`\\n  ${command}\\b`));
  assert.equal(leaf.code, 0);
  assert.match(leaf.stdout, /^Usage: vigil agent list \[options\]/);
  assert.match(leaf.stdout, /--pending\s+only agents waiting for approval/);
});
