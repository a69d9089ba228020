// How an agent process is started: `vigil agent start` execs it and the footprint benchmark spawns
// it the same way, so what is measured is what runs on a monitored host. The agent runs from its
// own entry point (main.ts), never inside the CLI, which loads the server and console code.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The agent's entry point: parses agent flags, starts the agent, stops it on SIGINT/SIGTERM. */
export const AGENT_MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));

/**
 * V8 flags of the agent process, chosen for memory: an agent sits on every monitored host and
 * mostly waits (docs/benchmarks.md, "Agent footprint").
 * - `--max-semi-space-size=1` (MB) caps the young generation, which otherwise grows to 16 MB
 *   semi-spaces during start-up and stays resident; the agent allocates little per second, so the
 *   extra scavenges cost no measurable CPU.
 * - `--no-opt --no-maglev --no-sparkplug` keep JavaScript in V8's interpreter: the JIT compilers'
 *   own code is never paged in and no machine code is generated (−13 MB resident). What an agent
 *   does in bulk runs in native code either way (SQLite, JSON, TLS, regular expressions), so
 *   draining its spool takes 10–20 % longer and only pure-JavaScript parsing is slower
 *   (bench/agent-footprint/hot-paths.ts). WebAssembly keeps its compilers: Node's TypeScript
 *   stripper needs them whenever the compile cache is cold.
 */
export const AGENT_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=1', '--no-opt', '--no-maglev', '--no-sparkplug'];

export interface AgentProcessCommand {
  /** The Node executable. */
  readonly file: string;
  /** Arguments after the executable: Node flags, the entry point, then the agent's flags. */
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
}

/**
 * The command line of an agent process with `agentArgs` (as `vigil agent start` takes them).
 * Node's compile cache is kept in <dataDir>/cache/node-compile: from the second start on, modules
 * load from cached, already type-stripped code, so the process never loads the TypeScript
 * stripper (about 17 MB resident). An explicit NODE_COMPILE_CACHE in `env` wins.
 */
export function agentProcessCommand(options: { readonly agentArgs: readonly string[]; readonly dataDir: string; readonly env: Readonly<Record<string, string | undefined>> }): AgentProcessCommand {
  return {
    file: process.execPath,
    args: [...AGENT_NODE_FLAGS, AGENT_MAIN, ...options.agentArgs],
    env: { ...options.env, NODE_COMPILE_CACHE: options.env.NODE_COMPILE_CACHE ?? join(options.dataDir, 'cache', 'node-compile') },
  };
}
