// Failback: while linked to a secondary, try the primary every interval with a full TLS + hello
// exchange. A probe that is welcomed is handed over as the new link (the caller closes the
// secondary after that, so there is never a moment without a link); any other outcome is
// closed and tried again next interval. Data is safe across the switch: unacked batches are
// resent from the spool with their seq and the management servers dedupe them.
import type { Clock, TimerHandle } from '@vigil/core/time';
import type { ServerAddress, Welcome } from '@vigil/protocol/link';
import type { LinkConnection } from './link-connection.ts';

export interface PrimaryProbeOptions {
  readonly primary: () => ServerAddress;
  readonly isPrimary: (address: ServerAddress) => boolean;
  readonly connect: (address: ServerAddress) => Promise<{ readonly connection: LinkConnection; readonly welcome: Welcome } | undefined>;
  readonly onWelcomed: (connection: LinkConnection, welcome: Welcome) => Promise<void>;
  readonly clock: Clock;
  readonly intervalMs: number;
}

export interface PrimaryProbe {
  stop(): void;
}

export function startPrimaryProbe(options: PrimaryProbeOptions): PrimaryProbe {
  let stopped = false;
  let timer: TimerHandle | undefined;
  const schedule = (): void => {
    timer = options.clock.setTimeout(() => void probe(), options.intervalMs);
  };
  async function probe(): Promise<void> {
    if (stopped) return;
    const address = options.primary();
    const outcome = await options.connect(address).catch(() => undefined);
    if (outcome === undefined) return stopped ? undefined : schedule();
    // The session ended (or the list changed) while the probe was under way: it is not needed.
    if (stopped || !options.isPrimary(outcome.connection.address)) {
      await outcome.connection.close('probe not needed');
      return stopped ? undefined : schedule();
    }
    stopped = true;
    await options.onWelcomed(outcome.connection, outcome.welcome);
  }
  schedule();
  return {
    stop() {
      stopped = true;
      timer?.cancel();
    },
  };
}
