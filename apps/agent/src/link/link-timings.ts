// Every delay of the link in one place. Production values come from the agent configuration
// (seconds); tests pass milliseconds so whole scenarios run in well under a second each.

export interface LinkTimings {
  /** TLS + WebSocket handshake, and waiting for welcome or enroll-result. */
  readonly connectTimeoutMs: number;
  /** Reconnect back-off: first delay ~ this, growing (jittered) up to reconnectMaxMs, across the server list. */
  readonly reconnectInitialMs: number;
  readonly reconnectMaxMs: number;
  /** While linked to a server other than the first of the list, how often the first is probed. */
  readonly primaryProbeIntervalMs: number;
  /** Upper bound on the server's retryAfterSeconds while enrollment is pending. */
  readonly pendingRetryMaxMs: number;
  /** Retry interval after enrollment was rejected (a later approval still takes). */
  readonly rejectedRetryMs: number;
  /** Retry interval when the server refuses this agent's certificate or version, or its CA is refused. */
  readonly refusedRetryMs: number;
  /** Spool poll for data not signalled by submit(). */
  readonly pollIntervalMs: number;
}

export const DEFAULT_LINK_TIMINGS: LinkTimings = {
  connectTimeoutMs: 10_000,
  reconnectInitialMs: 250,
  reconnectMaxMs: 5_000,
  primaryProbeIntervalMs: 30_000,
  pendingRetryMaxMs: 300_000,
  rejectedRetryMs: 1_800_000,
  refusedRetryMs: 300_000,
  pollIntervalMs: 1_000,
};
