// Timing of pool membership, derived from the two configured values (leaseRenewMs, leaseValidMs).
// Every rule that keeps two members from working on the same key is written here as a formula.

export interface PoolSettings {
  /** How often a member renews its lease and re-reads the pool (one "tick"). */
  readonly renewMs: number;
  /** How long a renewed lease stays valid in the database (≥ 2 × renewMs). */
  readonly validMs: number;
  /**
   * A member stops its work this long before its lease could expire, measured on its own monotonic
   * clock from the moment it SENT the renew (the database set expires_at later than that).
   */
  readonly safetyMarginMs: number;
  /** A member never acts on a pool view older than this; past it, all its work stops. */
  readonly viewMaxAgeMs: number;
  /**
   * Hand-over wait: a member that becomes owner while the previous owner may still be live waits
   * this long before starting, so that the previous owner has acted on a newer view (and stopped).
   */
  readonly handoverMs: number;
  /** Hysteresis: a member that (re)acquired its lease owns nothing until it has held it this long. */
  readonly settleMs: number;
}

export interface PoolTimingInput {
  readonly leaseRenewMs: number;
  readonly leaseValidMs: number;
  readonly settleMs?: number;
}

/** Fills the derived values; the config refine already guarantees validMs ≥ 2 × renewMs. */
export function poolSettings(input: PoolTimingInput): PoolSettings {
  const renewMs = input.leaseRenewMs;
  const validMs = input.leaseValidMs;
  const viewMaxAgeMs = 2 * renewMs;
  // Covers: the old owner's last view aging out, one tick of the new owner, and probe abort time.
  const handoverMs = viewMaxAgeMs + renewMs;
  return {
    renewMs,
    validMs,
    safetyMarginMs: Math.min(1000, Math.floor(validMs / 10)),
    viewMaxAgeMs,
    handoverMs,
    settleMs: input.settleMs ?? 3 * validMs,
  };
}
