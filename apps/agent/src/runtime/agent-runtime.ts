// The running agent: spool, link, configuration and tasks wired together. Everything the agent
// produces goes through submit() into the durable spool before it is sent; the link delivers it.
import { mkdir, readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { VigilError } from '@vigil/core/errors';
import type { Clock, TimerHandle } from '@vigil/core/time';
import type { Logger } from '@vigil/core/logging';
import type { Item } from '@vigil/protocol/link';
import { createCommandRunner, type CommandRunner } from '../commands/command-runner.ts';
import { createLinkStateStore } from '../link/link-state.store.ts';
import { startLinkSupervisor, type LinkStatus } from '../link/link-supervisor.ts';
import { DEFAULT_LINK_TIMINGS, type LinkTimings } from '../link/link-timings.ts';
import { parseServerAddress, parseServerList } from '../link/server-address.ts';
import { openSpool, type AppendResult } from '../spool/spool.ts';
import { toAgentHealthItem, type SpoolHealth } from '../spool/spool-health.ts';
import { createBuiltInTaskRegistry } from '../tasks/built-in-tasks.ts';
import type { TaskHandler } from '../tasks/task-handler.ts';
import type { AgentConfig } from './agent-config.ts';
import { openConfigManager, type AgentWorkflowConfig, type ConfigApplier } from './config-applier.ts';
import { startWorkflowEngine, type WorkflowEngineOptions } from '../workflows/workflow-engine.ts';

export const AGENT_VERSION = '0.1.0';

export type AgentTimings = LinkTimings & { readonly healthReportIntervalMs: number };

export interface AgentDependencies {
  readonly logger: Logger;
  readonly clock: Clock;
  /** Millisecond overrides of the configured intervals (tests). */
  readonly timings?: Partial<AgentTimings>;
  readonly commandRunner?: CommandRunner;
  /** Environment passed to commands by name (run-command inherits PATH, LANG, ...). Default process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * The workflow engine runs the configuration from the server by default, with the real
   * collectors, commands and logs; tests may point it at a fixture tree, or turn it off (false)
   * to plug their own applier in through onConfig.
   */
  readonly workflows?: false | Pick<WorkflowEngineOptions, 'rootPath' | 'collectors' | 'monitorTypes' | 'nagiosPluginDir' | 'random'>;
}

export interface AgentStatus {
  readonly name: string;
  readonly version: string;
  readonly dataDir: string;
  readonly link: LinkStatus;
  readonly spool: SpoolHealth;
  readonly configVersion: string | undefined;
}

export interface RunningAgent {
  readonly name: string;
  /** Appends items to the spool (durably, before returning) and wakes the link. Refused items are counted and logged. */
  submit(items: readonly Item[]): AppendResult;
  status(): AgentStatus;
  /** Plugs in the workflow engine (see ConfigApplier); called at once with the persisted configuration. */
  onConfig(applier: ConfigApplier): () => void;
  currentConfig(): AgentWorkflowConfig | undefined;
  /** Adds a task type beside the built-in run-command, agent-info and flush-spool. */
  registerTask(taskType: string, handler: TaskHandler): void;
  /** Ends the link cleanly (unacked data stays spooled), stops timers, closes the spool. */
  stop(): Promise<void>;
}

/** Starts the agent. Throws CONFIG_INVALID / DATA_DIR_INVALID for a config or data folder it cannot use. */
export async function startAgent(config: AgentConfig, deps: AgentDependencies): Promise<RunningAgent> {
  const { clock } = deps;
  const logger = deps.logger;
  const dataDir = resolve(config.dataDir);
  const name = config.name ?? hostname().split('.')[0]!;
  const timings: AgentTimings = {
    ...DEFAULT_LINK_TIMINGS,
    primaryProbeIntervalMs: config.primaryProbeIntervalSeconds * 1000,
    pendingRetryMaxMs: config.pendingRetryMaxSeconds * 1000,
    rejectedRetryMs: config.rejectedRetrySeconds * 1000,
    refusedRetryMs: config.refusedRetrySeconds * 1000,
    healthReportIntervalMs: config.healthReportIntervalSeconds * 1000,
    ...deps.timings,
  };
  try {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new VigilError('DATA_DIR_INVALID', { path: dataDir, reason: (error as Error).message }, { cause: error });
  }
  const caFilePem = config.caFile === undefined ? undefined : await readCaFile(config.caFile);
  const spool = openSpool({ path: join(dataDir, 'spool.sqlite'), quotaBytes: config.spoolQuotaBytes, clock });
  const configs = await openConfigManager(dataDir, logger);
  const runner = deps.commandRunner ?? createCommandRunner({ clock, baseEnv: deps.env ?? process.env });

  const status = (): AgentStatus => ({
    name, version: AGENT_VERSION, dataDir, link: link.status(), spool: spool.health(), configVersion: configs.current()?.version,
  });
  const tasks = createBuiltInTaskRegistry(
    {
      runner,
      describe: () => ({ ...status(), hostName: hostname(), pid: process.pid, nodeVersion: process.version, taskTypes: tasks.types() }),
      flush: () => {
        link.wake();
        return { pendingItems: spool.pendingCount(), pendingBytes: spool.pendingBytes() };
      },
    },
    logger,
  );
  const link = startLinkSupervisor({
    agent: { agentName: name, hostName: hostname(), agentVersion: AGENT_VERSION, capabilities: [] },
    configuredServers: [parseServerAddress(config.server, 'server'), ...parseServerList(config.failover, 'failover')],
    ...(config.joinToken === undefined ? {} : { joinToken: config.joinToken }),
    ...(caFilePem === undefined ? {} : { caFilePem }),
    store: createLinkStateStore(dataDir),
    ports: { spool, onConfig: (message) => configs.receive(message), runTask: (request) => tasks.run(request) },
    clock, logger, timings,
    maxInFlightBatches: config.maxInFlightBatches,
    batchMaxItems: config.batchMaxItems,
  });

  function submit(items: readonly Item[]): AppendResult {
    const result = spool.append(items);
    if (result.kind === 'dropped') logger.error({ reason: result.reason, droppedCount: result.droppedCount }, result.message);
    link.wake();
    return result;
  }

  let healthTimer: TimerHandle | undefined;
  const reportHealth = (): void => {
    submit([toAgentHealthItem(spool.health(), clock.nowMs())]);
    healthTimer = clock.setTimeout(reportHealth, timings.healthReportIntervalMs);
  };
  healthTimer = clock.setTimeout(reportHealth, timings.healthReportIntervalMs);
  const engine = deps.workflows === false ? undefined : await startWorkflowEngine({ clock, logger, submit, runCommand: runner, dataDir, ...deps.workflows });
  if (engine !== undefined) configs.setApplier((next) => engine.apply(next));
  logger.info({ dataDir, servers: [config.server, ...(config.failover ? [config.failover] : [])] }, `Agent ${name} ${AGENT_VERSION} started.`);

  let stopping: Promise<void> | undefined;
  return {
    name,
    submit,
    status,
    onConfig: (applier) => configs.setApplier(applier),
    currentConfig: () => configs.current(),
    registerTask: (taskType, handler) => tasks.register(taskType, handler),
    stop() {
      stopping ??= (async () => {
        healthTimer?.cancel();
        await engine?.stop();
        await link.stop();
        spool.close();
        logger.info(`Agent ${name} stopped; unsent data stays in the spool.`);
      })();
      return stopping;
    },
  };
}

async function readCaFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new VigilError('CONFIG_INVALID', { key: 'agent.caFile', problem: `(${path}) cannot be read: ${(error as Error).message}`, allowed: 'a readable PEM file with the group CA certificate' });
  }
}
