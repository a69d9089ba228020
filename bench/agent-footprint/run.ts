// Agent footprint: a REAL agent process running the Linux OS pack (and two Nagios checks) for this
// host, idling; its RSS and CPU are sampled from /proc/<pid>/stat and /proc/<pid>/status.
// Targets (reported, not asserted): < 80 MB RSS, < 1 % of one core. Exits non-zero only on errors.
// Usage: npx node bench/agent-footprint/run.ts [--seconds 120] [--smoke]
//
// The agent is launched exactly as `vigil agent start` launches it (agentProcessCommand: its own
// entry point, its Node flags and compile cache). It is started once before the measured run and
// stopped, as an installed agent has been started before: the measured start loads its modules
// from the compile cache (the very first start of an installation also loads the TypeScript
// stripper, about 17 MB more, until the next restart).
//
// The workflows are what the server would compile for this host: discoveries run in-process first
// (real collectors), then the packs are compiled for the computer and every instance found, and the
// result is persisted as the agent's applied configuration, which it resumes at start. The agent
// links to an unreachable server (a closed local port), so everything it produces is spooled to
// disk: the run includes the spool's cost, and no server can replace the configuration under test.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { cpus, hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger, systemClock } from '@vigil/core';
import type { DiscoveryItem, Item } from '@vigil/protocol';
import { agentProcessCommand } from '@vigil/agent';
import { startWorkflowEngine } from '../../apps/agent/src/workflows/workflow-engine.ts';
import { createCommandRunner } from '../../apps/agent/src/commands/command-runner.ts';
import { compileWorkflows, computerObject, loadPacks, objectsFrom, STANDARD_PACKS, toConfig } from '../../apps/agent/test/workflows/pack-compiler.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string' }, smoke: { type: 'boolean' } } });
const seconds = values.smoke === true ? 15 : Number(values.seconds ?? 120);
const WARM_UP_SECONDS = values.smoke === true ? 5 : 35;
const hostName = hostname().toLowerCase();
const OVERRIDES = {
  'Vigil.Nagios.Check.Discovery': { items: { load: 'check_load -w 5,4,3 -c 10,8,6', 'root-disk': 'check_disk -w 10% -c 5% -p /' } },
  'Vigil.Linux.Service.Discovery': { items: { 'cron.service': 'cron' } },
};

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Runs the packs' discoveries for this computer in-process and returns what they found. */
async function discover(dataDir: string): Promise<DiscoveryItem[]> {
  const packs = loadPacks(...STANDARD_PACKS);
  const discoveries = compileWorkflows(packs, [computerObject(hostName)], OVERRIDES).filter((w) => w.kind === 'discovery');
  const items: Item[] = [];
  const engine = await startWorkflowEngine({
    clock: systemClock, logger: createLogger({ role: 'agent', level: 'silent' }), submit: (batch) => void items.push(...batch),
    runCommand: createCommandRunner({ clock: systemClock, baseEnv: process.env }), dataDir, random: () => 0,
  });
  await engine.apply(toConfig(discoveries));
  // Network adapters need a second collection for rates (about 15 s).
  const deadline = Date.now() + 25_000;
  const found = () => new Set(items.filter((i): i is DiscoveryItem => i.kind === 'discovery').map((i) => i.discoveryId));
  while (found().size < discoveries.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
  await engine.stop();
  return items.filter((i): i is DiscoveryItem => i.kind === 'discovery');
}

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

const work = await mkdtemp(path.join(tmpdir(), 'vigil-agent-footprint-'));
let exitCode = 0;
try {
  const discovered = await discover(path.join(work, 'discovery'));
  const objects = [computerObject(hostName), ...objectsFrom(discovered).filter((o) => o.classId !== 'Vigil.Core.Computer')];
  const config = toConfig(compileWorkflows(loadPacks(...STANDARD_PACKS), objects, OVERRIDES));
  const dataDir = path.join(work, 'agent');
  await mkdir(path.join(dataDir, 'state'), { recursive: true, mode: 0o700 });
  await writeFile(path.join(dataDir, 'state', 'applied-config.json'), JSON.stringify(config), { mode: 0o600 });

  const server = `127.0.0.1:${await closedPort()}`;
  const command = agentProcessCommand({ agentArgs: ['--data', dataDir, '--server', server, '--name', 'footprint', '--log-level', 'warn', '--log-stdout'], dataDir, env: process.env });
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
  await stop(await start());
  output = '';
  const child = await start();
  const pid = child.pid ?? 0;
  const clockTicksPerSecond = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  console.log(`agent pid ${pid}: ${config.workflows.length} workflows for ${objects.length} objects (${[...new Set(objects.map((o) => o.classId))].join(', ')}); server ${server} unreachable (spooling)`);
  console.log(`warming up ${WARM_UP_SECONDS} s (first runs of every workflow), then measuring ${seconds} s ...`);
  await new Promise((resolve) => setTimeout(resolve, WARM_UP_SECONDS * 1000));

  const samples: ProcSample[] = [];
  const endAt = Date.now() + seconds * 1000;
  while (Date.now() < endAt) {
    samples.push(await sampleProcess(pid));
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  samples.push(await sampleProcess(pid));
  await stop(child);

  const first = samples[0]!;
  const last = samples.at(-1)!;
  const rssMb = samples.map((s) => s.rssBytes / (1024 * 1024));
  const cpuPercent = ((last.cpuTicks - first.cpuTicks) / clockTicksPerSecond / ((last.atMs - first.atMs) / 1000)) * 100;
  const rows = [
    ['RSS max (MB)', Math.max(...rssMb).toFixed(1), '< 80'],
    ['RSS avg (MB)', (rssMb.reduce((a, b) => a + b, 0) / rssMb.length).toFixed(1), ''],
    ['CPU (% of one core)', cpuPercent.toFixed(2), '< 1'],
    ['workflows', String(config.workflows.length), ''],
    ['window (s)', ((last.atMs - first.atMs) / 1000).toFixed(0), ''],
  ];
  console.log(`\nAgent footprint (${cpus().length} cores, Node ${process.version})`);
  console.log('| measure | value | target |\n|---|---|---|');
  for (const [name, value, target] of rows) console.log(`| ${name} | ${value} | ${target} |`);
  console.log(`\nagent process: node ${command.args.slice(0, command.args.indexOf('--data')).map((arg) => (path.isAbsolute(arg) ? path.relative(process.cwd(), arg) : arg)).join(' ')} (NODE_COMPILE_CACHE=<data>/cache/node-compile)`);
  const warnings = output.trim().split('\n').filter((line) => line !== '' && !line.startsWith('Agent stopped') && !line.startsWith('Stopping'));
  if (warnings.length > 0) console.log(`\nagent warnings:\n${warnings.slice(0, 10).join('\n')}`);
} catch (error) {
  console.error(`agent footprint benchmark failed: ${(error as Error).stack ?? String(error)}`);
  exitCode = 1;
} finally {
  await rm(work, { recursive: true, force: true });
}
process.exit(exitCode);
