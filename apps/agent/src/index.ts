// @vigil/agent: the health service that runs on a monitored host. Start it with startAgent; other
// components (workflow engine, collectors) feed it through the RunningAgent it returns.
export { startAgent, AGENT_VERSION, type AgentDependencies, type AgentStatus, type AgentTimings, type RunningAgent } from './runtime/agent-runtime.ts';
export { agentConfigDefinition, loadAgentConfig, AgentConfigSchema, type AgentConfig } from './runtime/agent-config.ts';
export type { AgentWorkflowConfig, ConfigApplier, ConfigApplyResult } from './runtime/config-applier.ts';
export type { LinkState, LinkStatus } from './link/link-supervisor.ts';
export type { LinkTimings } from './link/link-timings.ts';
export type { TaskHandler, TaskOutcome } from './tasks/task-handler.ts';
export type { AppendResult } from './spool/spool.ts';
export { agentProcessCommand, AGENT_MAIN, AGENT_NODE_FLAGS, type AgentProcessCommand } from './process/agent-process-command.ts';
