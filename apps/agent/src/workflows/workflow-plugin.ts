// The workflow plugin contract. Every `*.workflow.ts` file under plugins/ exports one plugin and is
// listed in workflow-plugins.ts; the engine never branches on a workflow kind or type.
import type { Clock } from '@vigil/core/time';
import type { Logger } from '@vigil/core/logging';
import type { MonitorTypeRegistry } from '@vigil/core/health';
import type { Item, Workflow } from '@vigil/protocol/link';
import type { CommandRunner } from '../commands/command-runner.ts';
import type { CollectorHub } from './collector-hub.ts';
import type { MonitorStateStore } from './monitor-state.store.ts';

/** What every running workflow may use; shared by all workflows of one engine. */
export interface WorkflowServices {
  readonly clock: Clock;
  readonly logger: Logger;
  /** Appends items durably (RunningAgent.submit). */
  readonly submit: (items: readonly Item[]) => void;
  readonly collectors: CollectorHub;
  readonly runCommand: CommandRunner;
  readonly monitorTypes: MonitorTypeRegistry;
  readonly monitorStates: MonitorStateStore;
  /** Folder for per-workflow state (log positions). */
  readonly stateDir: string;
  /** Where Nagios plugins given by name are looked up. */
  readonly nagiosPluginDir: string;
}

/** One workflow bound to its target, ready to run on every tick. */
export interface WorkflowRun {
  /** The interval this run wants instead of the workflow's (a per-instance interval from its target). */
  readonly intervalMs?: number;
  /** One execution. Resolves `{ retryInMs }` to run again sooner than the interval (e.g. rates not primed yet). */
  run(): Promise<void | { readonly retryInMs: number }>;
  /** Releases what the run holds (nothing by default). */
  stop?(): Promise<void> | void;
}

export interface WorkflowPlugin {
  readonly kind: Workflow['kind'];
  /** The workflow typeIds this plugin runs; a monitor plugin may accept any registered monitor type. */
  accepts(typeId: string, services: WorkflowServices): boolean;
  /** Interval used when the workflow carries none (event and alert rules). */
  readonly defaultIntervalSeconds: number;
  /** Checks the configuration and binds it; throws VigilError (VALIDATION_FAILED) for one it cannot run. */
  create(workflow: Workflow, services: WorkflowServices): WorkflowRun;
}
