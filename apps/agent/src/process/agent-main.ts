// The agent process's life: flags and configuration, the log, start, and a clean stop on Ctrl-C
// or SIGTERM (a second signal while stopping exits at once). Imports only the agent and the
// narrow parts of core it needs, so the process stays small (docs/benchmarks.md).
import { flushCompileCache } from 'node:module';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isVigilError, toVigilError } from '@vigil/core/errors';
import { createLogger, fileDestination, type Logger } from '@vigil/core/logging';
import { systemClock } from '@vigil/core/time';
import { loadAgentConfig } from '../runtime/agent-config.ts';
import { startAgent } from '../runtime/agent-runtime.ts';

/** Exit codes, as the `vigil` CLI uses them. */
const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;
const EXIT_CONFIG = 78;
const CONFIG_CODES: ReadonlySet<string> = new Set(['CONFIG_INVALID', 'CONFIG_FILE_UNREADABLE', 'DATA_DIR_INVALID']);

const OPTIONS = {
  server: { type: 'string' },
  failover: { type: 'string' },
  'join-token': { type: 'string' },
  'ca-file': { type: 'string' },
  data: { type: 'string' },
  name: { type: 'string' },
  'log-level': { type: 'string' },
  'log-stdout': { type: 'boolean' },
} as const;

export interface AgentProcessIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

/**
 * Runs the agent until SIGINT/SIGTERM with the flags of `vigil agent start` and returns the exit
 * code: 0 after a clean stop, 78 for a configuration or data folder it cannot use, 2 for unknown
 * flags, 1 otherwise. Failures are one line on stderr.
 */
export async function runAgentProcess(argv: readonly string[], io: AgentProcessIo): Promise<number> {
  let flags: ReturnType<typeof parseFlags>;
  try {
    flags = parseFlags(argv);
  } catch (error) {
    io.stderr.write(`vigil agent: ${(error as Error).message}\n`);
    return EXIT_USAGE;
  }
  let logger: Logger | undefined;
  try {
    const dataDir = resolve(flags.data ?? io.env.VIGIL_DATA_DIR ?? './vigil-agent-data');
    const config = loadAgentConfig({
      flags: {
        dataDir, server: flags.server, failover: flags.failover, joinToken: flags['join-token'],
        caFile: flags['ca-file'] === undefined ? undefined : resolve(flags['ca-file']), name: flags.name, logLevel: flags['log-level'],
      },
      env: io.env,
      file: { path: join(dataDir, 'vigil.yaml'), section: 'agent' },
    });
    const logPath = flags['log-stdout'] === true ? undefined : join(config.dataDir, 'logs', 'agent.log');
    logger = createLogger({ role: 'agent', level: config.logLevel, destination: logPath === undefined ? undefined : fileDestination(logPath) });
    const running = await startAgent(config, { logger, clock: systemClock });
    // Every module is loaded now: write the compile cache so the next start skips type stripping.
    flushCompileCache();
    io.stdout.write(
      `Agent ${running.name} is running; primary server ${config.server}${config.failover ? `, failover ${config.failover}` : ''}.` +
        `${logPath ? ` Log: ${logPath}` : ''}\nPress Ctrl-C to stop.\n`,
    );
    await untilSignal(() => running.stop(), () => io.stdout.write('Stopping the agent…\n'));
    io.stdout.write('Agent stopped. Unsent data stays in the spool.\n');
    return 0;
  } catch (error) {
    const vigilError = toVigilError(error);
    io.stderr.write(`vigil agent: ${isVigilError(error) ? `${vigilError.message} [${vigilError.code}]` : `unexpected error: ${vigilError.message}`}\n`);
    return CONFIG_CODES.has(vigilError.code) ? EXIT_CONFIG : EXIT_FAILURE;
  } finally {
    logger?.flush();
  }
}

function parseFlags(argv: readonly string[]) {
  return parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }).values;
}

async function untilSignal(stop: () => Promise<void>, onStopping: () => void): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    let stopping = false;
    const handler = (): void => {
      if (stopping) process.exit(130);
      stopping = true;
      onStopping();
      stop().then(resolve, reject);
    };
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
  });
}
