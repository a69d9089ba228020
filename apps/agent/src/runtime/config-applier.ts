// The agent's configuration from its management server (the workflows for its instances), and
// the port through which the component that runs them (the workflow engine) receives it.
//
// Contract: a config with the version already running is acknowledged without applying it again;
// a new one is handed to the applier, and only once it reports 'applied' is it persisted (so a
// restart resumes it) and acknowledged — without restarting the agent. A rejected one is
// acknowledged as rejected and the previous configuration keeps running.
import { join } from 'node:path';
import type { Logger } from '@vigil/core/logging';
import type { Config, ConfigAck } from '@vigil/protocol/link';
import { readOptionalFile, writePrivateFile } from '../link/private-file.ts';

export type AgentWorkflowConfig = Config;

export type ConfigApplyResult = { readonly status: 'applied' } | { readonly status: 'rejected'; readonly message: string };

/** Implemented by the workflow engine: start running `config`, replacing what runs now. */
export type ConfigApplier = (config: AgentWorkflowConfig) => Promise<ConfigApplyResult> | ConfigApplyResult;

export interface ConfigManager {
  /** The configuration applied last (persisted), if any. */
  current(): AgentWorkflowConfig | undefined;
  /** Handles a `config` message; never throws. */
  receive(config: AgentWorkflowConfig): Promise<ConfigAck>;
  /**
   * Plugs in the (single) applier; it is called at once with the persisted configuration, so a
   * restarted agent runs what it ran before without waiting for the server. Returns an unplug.
   */
  setApplier(applier: ConfigApplier): () => void;
}

export async function openConfigManager(dataDir: string, logger: Logger): Promise<ConfigManager> {
  const path = join(dataDir, 'state', 'applied-config.json');
  let current: AgentWorkflowConfig | undefined;
  const text = await readOptionalFile(path);
  if (text !== undefined) {
    try {
      current = JSON.parse(text) as AgentWorkflowConfig;
    } catch (error) {
      logger.error({ err: error, path }, 'The persisted configuration is damaged; waiting for the management server to send it again.');
    }
  }
  let applier: ConfigApplier | undefined;

  async function apply(config: AgentWorkflowConfig): Promise<ConfigApplyResult> {
    if (applier === undefined) return { status: 'applied' };
    try {
      return await applier(config);
    } catch (error) {
      return { status: 'rejected', message: `the workflow engine failed to apply it: ${(error as Error).message}` };
    }
  }

  return {
    current: () => current,
    async receive(config) {
      if (current?.version === config.version) return { kind: 'config-ack', version: config.version, status: 'applied' };
      const result = await apply(config);
      if (result.status === 'rejected') {
        logger.warn({ version: config.version }, `Configuration ${config.version} rejected: ${result.message}. Still running ${current?.version ?? 'no configuration'}.`);
        return { kind: 'config-ack', version: config.version, status: 'rejected', message: result.message.slice(0, 16_000) };
      }
      try {
        await writePrivateFile(path, JSON.stringify(config));
      } catch (error) {
        logger.error({ err: error, path }, 'Configuration applied but not persisted; after a restart the server sends it again.');
      }
      logger.info({ version: config.version, workflows: config.workflows.length }, `Configuration ${config.version} applied (${config.workflows.length} workflow(s)).`);
      current = config;
      return { kind: 'config-ack', version: config.version, status: 'applied' };
    },
    setApplier(next) {
      applier = next;
      if (current !== undefined) {
        const resumed = current;
        void apply(resumed).then((result) => {
          if (result.status === 'rejected') logger.warn({ version: resumed.version }, `The persisted configuration was rejected at start: ${result.message}`);
        });
      }
      return () => {
        if (applier === next) applier = undefined;
      };
    },
  };
}
