// The monitor source plugin contract: a pack monitor's `source` (kind counter, nagios, log,
// service, command) bound to one workflow, read on every tick into one MonitorInput for the
// monitor type, plus any items it yields on the side (Nagios perfdata as perf items).
import type { MonitorInput } from '@vigil/core/health';
import type { Item, Workflow } from '@vigil/protocol/link';
import type { WorkflowTarget } from '../expressions.ts';
import type { WorkflowServices } from '../workflow-plugin.ts';

export type SourceReading =
  | {
      readonly kind: 'input';
      readonly input: MonitorInput;
      readonly items?: readonly Item[];
      /** Called once whatever the input caused is spooled (log positions advance only then). */
      readonly commit?: () => Promise<void>;
    }
  /** Nothing to judge this time (collector unavailable, counter absent, rates not primed). */
  | { readonly kind: 'none'; readonly reason: string; readonly retryInMs?: number };

export interface BoundSource {
  read(): Promise<SourceReading>;
  /** The interval this source wants, when the target sets its own (Nagios intervalSecondsFrom). */
  readonly intervalMs?: number;
}

export interface SourceBinding {
  readonly workflow: Workflow;
  readonly target: WorkflowTarget;
  readonly services: WorkflowServices;
  readonly intervalMs: number;
}

export interface MonitorSourcePlugin {
  /** The pack's `source.kind` (a source without kind is a counter). */
  readonly kind: string;
  /** Throws VALIDATION_FAILED for a source it cannot run. */
  bind(source: unknown, binding: SourceBinding): BoundSource;
}
