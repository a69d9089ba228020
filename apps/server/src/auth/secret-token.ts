// Bearer secrets handed to clients (sessions, API tokens, CSRF tokens). They carry 256 bits of
// randomness, so a plain SHA-256 is enough to store them: unlike passwords they cannot be guessed.
// The prefix tells the server (and a secret scanner) which kind a bearer token is.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export type SecretKind = 'session' | 'api-token' | 'csrf';
const PREFIX: Readonly<Record<SecretKind, string>> = { session: 'vgs_', 'api-token': 'vgt_', csrf: '' };

export function newSecret(kind: SecretKind): string {
  return PREFIX[kind] + randomBytes(32).toString('base64url');
}

export function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function bearerKind(secret: string): 'session' | 'api-token' | undefined {
  if (secret.startsWith(PREFIX.session)) return 'session';
  if (secret.startsWith(PREFIX['api-token'])) return 'api-token';
  return undefined;
}

/** Constant-time comparison of two strings (false when lengths differ). */
export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
