// Runs one workflow every interval on the injected clock: first after a jittered delay (so a
// thousand agents restarted together, or fifty workflows of one agent, do not fire in step), then
// every interval measured from the start of the previous run. Runs never overlap; a run that asks
// for a retry (rates not primed) runs again sooner.
import type { Clock, TimerHandle } from '@vigil/core/time';
import type { WorkflowRun } from './workflow-plugin.ts';

export interface ScheduledWorkflow {
  /** Cancels the next run and waits for the current one to finish. */
  stop(): Promise<void>;
}

export interface ScheduleOptions {
  readonly clock: Clock;
  readonly intervalMs: number;
  readonly firstDelayMs: number;
  readonly run: WorkflowRun['run'];
  /** Told about a run that threw; the schedule goes on. */
  readonly onError: (error: unknown) => void;
}

export function scheduleWorkflow(options: ScheduleOptions): ScheduledWorkflow {
  const { clock, intervalMs } = options;
  let timer: TimerHandle | undefined;
  let current: Promise<void> | undefined;
  let stopped = false;

  const arm = (delayMs: number): void => {
    if (!stopped) timer = clock.setTimeout(tick, delayMs);
  };

  function tick(): void {
    const startedMs = clock.monotonicMs();
    current = (async () => {
      let nextMs = intervalMs;
      try {
        const result = await options.run();
        if (result !== undefined) nextMs = Math.min(intervalMs, result.retryInMs);
      } catch (error) {
        options.onError(error);
      }
      arm(Math.max(0, nextMs - (clock.monotonicMs() - startedMs)));
    })();
  }

  arm(options.firstDelayMs);
  return {
    async stop() {
      stopped = true;
      timer?.cancel();
      await current;
    },
  };
}
