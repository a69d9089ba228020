// Runs one step per item with a progress bar on the terminal (stderr, so --json output stays
// clean); without a terminal it just runs. Every item is attempted; failures are collected.
import { SingleBar, Presets } from 'cli-progress';
import { cliEnvironment } from '../console/cli-environment.ts';

export interface StepOutcome<T, R> {
  readonly item: T;
  readonly result?: R;
  readonly error?: unknown;
}

export async function withProgress<T, R>(label: string, items: readonly T[], step: (item: T) => Promise<R>): Promise<Array<StepOutcome<T, R>>> {
  const bar = cliEnvironment().interactive && items.length > 1
    ? new SingleBar({ format: `${label} [{bar}] {value}/{total}`, stream: process.stderr, clearOnComplete: true }, Presets.shades_classic)
    : undefined;
  bar?.start(items.length, 0);
  const outcomes: Array<StepOutcome<T, R>> = [];
  for (const item of items) {
    try {
      outcomes.push({ item, result: await step(item) });
    } catch (error) {
      outcomes.push({ item, error });
    }
    bar?.increment();
  }
  bar?.stop();
  return outcomes;
}
