// Agent footprint: a REAL agent process, linked to a REAL management server, running what that
// server compiled for this host from the built-in packs (Vigil.Core, Vigil.Linux, Vigil.Nagios)
// plus two Nagios checks and one watched service set as overrides through the SDK API. Once its
// configuration has settled, the agent is restarted (an installed agent has run before: its
// identity, configuration and compile cache are on disk) and, after a warm-up, its RSS and CPU
// are sampled from /proc/<pid>/status and /proc/<pid>/stat while it idles, linked.
// Targets (reported, not asserted): < 80 MB RSS, < 1 % of one core. Exits non-zero only on errors.
// Usage: npx node bench/agent-footprint/run.ts [--seconds 120] [--smoke]
//
// The agent is launched exactly as `vigil agent start` launches it (agentProcessCommand: its own
// entry point, its Node flags and compile cache). The server runs in its own process
// (bench/support/management-server-child.ts) on a throwaway SQLite file, approving agents itself.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { cpus, hostname } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { agentProcessCommand } from '@vigil/agent';
import { scratchDir, startBenchServer, type BenchServer } from '../support/bench-cluster.ts';
import { signInAsAdmin, type ApiSession } from '../support/api-session.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string' }, smoke: { type: 'boolean' } } });
const seconds = values.smoke === true ? 15 : Number(values.seconds ?? 120);
const WARM_UP_SECONDS = values.smoke === true ? 5 : 35;
const SETTLE_TIMEOUT_MS = 180_000;
const STABLE_MS = 30_000;
const COMPUTER_CLASS = 'Vigil.Core.Computer';
/** Set through the SDK API, as an operator would: two checks and one service on every computer. */
const OVERRIDES = [
  { workflowId: 'Vigil.Nagios.Check.Discovery', parameter: 'items', value: { load: 'check_load -w 5,4,3 -c 10,8,6', 'root-disk': 'check_disk -w 10% -c 5% -p /' } },
  { workflowId: 'Vigil.Linux.Service.Discovery', parameter: 'items', value: { 'cron.service': 'cron' } },
];
const EXPECTED = { 'Vigil.Nagios.Check': 2, 'Vigil.Linux.Service': 1 };

interface ProcSample { readonly rssBytes: number; readonly cpuTicks: number; readonly atMs: number }

async function sampleProcess(pid: number): Promise<ProcSample> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // proc(5): utime and stime are fields 14 and 15, i.e. indexes 11 and 12 after "pid (comm) ".
  const cpuTicks = Number(fields[11]) + Number(fields[12]);
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
  return { rssBytes: rssKb * 1024, cpuTicks, atMs: performance.now() };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function objectCount(api: ApiSession, classId: string): Promise<number> {
  const page = (await api.getJson(`/api/v1/objects?classId=${encodeURIComponent(classId)}&exactClass=true&limit=100`)) as { items: unknown[] };
  return page.items.length;
}

/** Workflows in the configuration the agent last applied (it persists it to resume at start). */
async function appliedWorkflows(dataDir: string): Promise<number> {
  const text = await readFile(path.join(dataDir, 'state', 'applied-config.json'), 'utf8').catch(() => undefined);
  return text === undefined ? 0 : ((JSON.parse(text) as { workflows?: unknown[] }).workflows?.length ?? 0);
}

/**
 * Waits until the server knows the objects set by the overrides and the agent's applied
 * configuration has not changed for STABLE_MS (the server recompiled it for every object the
 * discoveries found and the agent applied it; network adapters are found only once a second
 * collection gives their rates, about 15 s after the start).
 */
async function waitForSettledConfiguration(api: ApiSession, dataDir: string): Promise<number> {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  let last = -1;
  let stableSince = Date.now();
  for (;;) {
    if (Date.now() > deadline) throw new Error(`the agent's configuration did not settle within ${SETTLE_TIMEOUT_MS / 1000} s (last: ${last} workflows)`);
    const found = await Promise.all(Object.entries(EXPECTED).map(async ([classId, wanted]) => (await objectCount(api, classId)) >= wanted));
    const workflows = await appliedWorkflows(dataDir);
    if (workflows !== last) {
      last = workflows;
      stableSince = Date.now();
    }
    if (found.every(Boolean) && workflows > 0 && Date.now() - stableSince >= STABLE_MS) return workflows;
    await sleep(1000);
  }
}

const work = scratchDir('agent-footprint');
let server: BenchServer | undefined;
let child: ChildProcess | undefined;
let exitCode = 0;
try {
  server = await startBenchServer({ dbUrl: path.join(work.path, 'opsdb.sqlite'), dataDir: work.path, name: 'ms-footprint', statsMs: 60_000 });
  const api = await signInAsAdmin(server.apiUrl, path.join(work.path, server.name));
  for (const override of OVERRIDES) await api.postJson('/api/v1/overrides', { ...override, context: { kind: 'class', id: COMPUTER_CLASS } });

  const dataDir = path.join(work.path, 'agent');
  const command = agentProcessCommand({ agentArgs: ['--data', dataDir, '--server', server.address, '--name', hostname().toLowerCase(), '--log-level', 'warn', '--log-stdout'], dataDir, env: process.env });
  let output = '';
  const start = async (): Promise<ChildProcess> => {
    const started = spawn(command.file, command.args, { env: command.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    started.stdout.on('data', (chunk: Buffer) => void (text += chunk.toString()));
    started.stderr.on('data', (chunk: Buffer) => void (output += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      const onData = (): void => {
        if (!text.includes('is running')) return;
        started.stdout.off('data', onData);
        started.stdout.on('data', (chunk: Buffer) => void (output += chunk.toString()));
        resolve();
      };
      started.stdout.on('data', onData);
      started.once('exit', (code) => reject(new Error(`agent exited ${code} before starting: ${(text + output).slice(0, 2000)}`)));
    });
    return started;
  };
  const stop = async (started: ChildProcess): Promise<void> => {
    const exited = new Promise((resolve) => started.once('exit', resolve));
    started.kill('SIGTERM');
    await exited;
  };

  // First start: enrols, discovers this host, receives and applies its compiled configuration.
  child = await start();
  const workflows = await waitForSettledConfiguration(api, dataDir);
  await stop(child);
  // Measured start: as after a reboot or an upgrade of an installed agent.
  output = '';
  child = await start();
  const pid = child.pid ?? 0;
  const clockTicksPerSecond = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  const classes = await Promise.all(['Vigil.Linux.LogicalDisk', 'Vigil.Linux.NetworkAdapter', ...Object.keys(EXPECTED)].map(async (c) => `${await objectCount(api, c)} ${c}`));
  console.log(`agent pid ${pid}: ${workflows} workflows (1 computer, ${classes.join(', ')}); linked to ${server.name} at ${server.address}`);
  console.log(`warming up ${WARM_UP_SECONDS} s (first runs of every workflow), then measuring ${seconds} s ...`);
  await sleep(WARM_UP_SECONDS * 1000);

  const samples: ProcSample[] = [];
  const endAt = Date.now() + seconds * 1000;
  while (Date.now() < endAt) {
    samples.push(await sampleProcess(pid));
    await sleep(1000);
  }
  samples.push(await sampleProcess(pid));
  const agents = (await api.getJson('/api/v1/agents?limit=10')) as { items: Array<{ connectedServerId: string | null }> };
  const linked = agents.items.some((a) => a.connectedServerId === server!.serverId);
  await stop(child);
  child = undefined;

  const first = samples[0]!;
  const last = samples.at(-1)!;
  const rssMb = samples.map((s) => s.rssBytes / (1024 * 1024));
  const cpuPercent = ((last.cpuTicks - first.cpuTicks) / clockTicksPerSecond / ((last.atMs - first.atMs) / 1000)) * 100;
  const rows = [
    ['RSS max (MB)', Math.max(...rssMb).toFixed(1), '< 80'],
    ['RSS avg (MB)', (rssMb.reduce((a, b) => a + b, 0) / rssMb.length).toFixed(1), ''],
    ['CPU (% of one core)', cpuPercent.toFixed(2), '< 1'],
    ['workflows', String(workflows), ''],
    ['linked at the end', linked ? 'yes' : 'NO', 'yes'],
    ['window (s)', ((last.atMs - first.atMs) / 1000).toFixed(0), ''],
  ];
  console.log(`\nAgent footprint (${cpus().length} cores, Node ${process.version})`);
  console.log('| measure | value | target |\n|---|---|---|');
  for (const [name, value, target] of rows) console.log(`| ${name} | ${value} | ${target} |`);
  console.log(`\nagent process: node ${command.args.slice(0, command.args.indexOf('--data')).map((arg) => (path.isAbsolute(arg) ? path.relative(process.cwd(), arg) : arg)).join(' ')} (NODE_COMPILE_CACHE=<data>/cache/node-compile)`);
  const warnings = output.trim().split('\n').filter((line) => line !== '' && !line.startsWith('Agent stopped') && !line.startsWith('Stopping'));
  if (warnings.length > 0) console.log(`\nagent warnings:\n${warnings.slice(0, 10).join('\n')}`);
  if (!linked) throw new Error('the agent was not linked to the management server at the end of the window');
} catch (error) {
  console.error(`agent footprint benchmark failed: ${(error as Error).stack ?? String(error)}`);
  if (server) console.error(`server stderr:\n${server.proc.stderrTail()}`);
  exitCode = 1;
} finally {
  if (child) child.kill('SIGKILL');
  await server?.stop();
  work.dispose();
}
process.exit(exitCode);
