// Pack versions are `major.minor.patch` integers compared numerically (1.10.0 > 1.9.0).
import { VigilError } from '../../errors/vigil-error.ts';

export interface PackVersionParts {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

const VERSION = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

export function isPackVersion(text: string): boolean {
  return VERSION.test(text);
}

/** Throws VALIDATION_FAILED for anything but `a.b.c` with non-negative integers. */
export function parsePackVersion(text: string): PackVersionParts {
  const match = VERSION.exec(text);
  if (match === null) {
    throw new VigilError('VALIDATION_FAILED', { what: `Pack version ${JSON.stringify(text)} is not valid: use major.minor.patch, e.g. 1.4.0.` });
  }
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) };
}

/** Negative when a < b, 0 when equal, positive when a > b. Throws for malformed versions. */
export function comparePackVersions(a: string, b: string): number {
  const x = parsePackVersion(a);
  const y = parsePackVersion(b);
  return x.major - y.major || x.minor - y.minor || x.patch - y.patch;
}

/** A reference's version is a minimum: any later version satisfies it. */
export function satisfiesMinimum(available: string, minimum: string): boolean {
  return comparePackVersions(available, minimum) >= 0;
}
