// "90m", "24h", "30d" → milliseconds, for --expires and --since.
import { VigilError } from '@vigil/core';

const UNIT_MS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseDurationMs(text: string, flag: string): number {
  const match = /^(\d+)\s*([smhd])$/.exec(text.trim());
  if (!match || Number(match[1]) === 0) throw new VigilError('VALIDATION_FAILED', { what: `${flag} must be a duration such as 90m, 24h or 30d, got "${text}".` });
  return Number(match[1]) * UNIT_MS[match[2]!]!;
}
