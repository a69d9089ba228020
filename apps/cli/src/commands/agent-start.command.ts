// `vigil agent start`: runs the agent (health service) on this machine until Ctrl-C or SIGTERM,
// e.g. `vigil agent start --server ms1:5723 --failover ms2:5723 --join-token TOKEN`.
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { spawn } from 'node:child_process';
import { agentProcessCommand, loadAgentConfig } from '@vigil/agent';

interface AgentStartFlags {
  readonly server?: string;
  readonly failover?: string;
  readonly joinToken?: string;
  readonly caFile?: string;
  readonly data?: string;
  readonly name?: string;
  readonly logLevel?: string;
  readonly logStdout?: boolean;
}

/** Adds `agent start` under the `agent` command group, creating the group if no one has yet. */
export function registerAgentStartCommand(program: Command): void {
  const agent = program.commands.find((command) => command.name() === 'agent') ?? program.command('agent').description('run or manage agents');
  agent
    .command('start')
    .description('start the agent on this machine: enroll with a management server, then send monitoring data to it')
    .option('--server <host:port>', 'primary management server or gateway (required), e.g. ms1:5723')
    .option('--failover <list>', 'further servers in failover order, comma-separated HOST:PORT')
    .option('--join-token <token>', 'one-time join token from `vigil agent token create` (approves the agent, pins the CA)')
    .option('--ca-file <file>', 'the management group CA certificate (ca.pem), instead of trusting it on first use')
    .option('--data <dir>', 'data folder: identity, spool, state, logs (default ./vigil-agent-data)')
    .option('--name <name>', "this agent's name in the group (default: host name)")
    .option('--log-level <level>', 'fatal | error | warn | info | debug | trace | silent (default info)')
    .option('--log-stdout', 'write the log to the terminal instead of <data>/logs')
    .action(async (flags: AgentStartFlags) => {
      const env = process.env;
      const dataDir = resolve(flags.data ?? env.VIGIL_DATA_DIR ?? './vigil-agent-data');
      const config = loadAgentConfig({
        flags: {
          dataDir, server: flags.server, failover: flags.failover, joinToken: flags.joinToken,
          caFile: flags.caFile === undefined ? undefined : resolve(flags.caFile), name: flags.name, logLevel: flags.logLevel,
        },
        env,
        file: { path: join(dataDir, 'vigil.yaml'), section: 'agent' },
      });
      // The agent runs as its own lean process (apps/agent/src/main.ts), not inside this CLI with
      // the server's code: exec'd in place (same pid, signals and terminal), or a child on Windows.
      const agentArgs = Object.entries({ ...flags, data: dataDir, caFile: flags.caFile === undefined ? undefined : resolve(flags.caFile) })
        .flatMap(([key, value]) => value === undefined || value === false ? [] : value === true ? [`--${kebab(key)}`] : [`--${kebab(key)}`, String(value)]);
      const command = agentProcessCommand({ agentArgs, dataDir: config.dataDir, env });
      if (process.execve !== undefined) process.execve(command.file, [command.file, ...command.args], { ...command.env });
      const child = spawn(command.file, command.args, { env: command.env, stdio: 'inherit' });
      for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
      process.exitCode = await new Promise<number>((resolveExit) => child.once('exit', (code) => resolveExit(code ?? 1)));
    });
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}
