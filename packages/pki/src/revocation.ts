// Revocation as the rest of Vigil sees it: a set of revoked serial numbers that the caller owns
// (the operational DB holds it). This module only defines the shape and the canonical serial form.

/**
 * Where revoked serials come from: a set of canonical serials (see normalizeSerial), or a predicate
 * that is given a canonical serial (e.g. a lookup in a cache the DB keeps current).
 */
export type RevocationSource = ReadonlySet<string> | ((serial: string) => boolean);

/**
 * Canonical serial form used everywhere in Vigil: lowercase hex, no separators, no leading zeros.
 * Node prints serials upper-case and OpenSSL keeps a leading 00 byte; both map to the same string.
 */
export function normalizeSerial(serial: string): string {
  const hex = serial.replace(/[:\s]/g, '').toLowerCase().replace(/^0+/, '');
  return hex === '' ? '0' : hex;
}

export function isSerialRevoked(source: RevocationSource, serial: string): boolean {
  const canonical = normalizeSerial(serial);
  return typeof source === 'function' ? source(canonical) : source.has(canonical);
}

/** Builds the set form from serials in any accepted spelling. */
export function revocationSet(serials: Iterable<string>): ReadonlySet<string> {
  return new Set(Array.from(serials, normalizeSerial));
}
