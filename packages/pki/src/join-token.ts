// One-time join tokens: `<id>.<secret>.<ca-sha256>`. The management server stores only a hash
// of `<id>.<secret>`; the CA fingerprint lets a new agent pin the group CA before it has it, so
// a token both approves the agent and protects it from talking to an impostor.
import { createHash, randomBytes } from 'node:crypto';
import { VigilError } from '@vigil/core/errors';

export interface JoinToken {
  readonly id: string;
  readonly secret: string;
  /** Lower-case hex SHA-256 of the CA certificate's DER, without separators. */
  readonly caSha256: string;
}

const TOKEN = /^([0-9a-f]{8})\.([A-Za-z0-9_-]{32})\.([0-9a-f]{64})$/;

export function createJoinToken(caFingerprintSha256: string): { token: string; parsed: JoinToken } {
  const parsed: JoinToken = {
    id: randomBytes(4).toString('hex'),
    secret: randomBytes(24).toString('base64url'),
    caSha256: caFingerprintSha256.replace(/:/g, '').toLowerCase(),
  };
  return { token: formatJoinToken(parsed), parsed };
}

export function formatJoinToken(token: JoinToken): string {
  return `${token.id}.${token.secret}.${token.caSha256}`;
}

/** Throws VALIDATION_FAILED with the expected shape when the text is not a join token. */
export function parseJoinToken(text: string): JoinToken {
  const match = TOKEN.exec(text.trim());
  if (!match) {
    throw new VigilError('VALIDATION_FAILED', {
      what: 'The join token is malformed: expected <8 hex>.<32 characters>.<64 hex>, as printed by `vigil agent token create`.',
    });
  }
  return { id: match[1]!, secret: match[2]!, caSha256: match[3]! };
}

/** What the server stores and compares: never the secret itself. */
export function joinTokenHash(token: JoinToken): string {
  return createHash('sha256').update(`${token.id}.${token.secret}`).digest('hex');
}

/** The CA fingerprint in the token's form (lower-case hex, no colons). */
export function caSha256Of(caCertPem: string): string {
  const der = Buffer.from(caCertPem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  return createHash('sha256').update(der).digest('hex');
}
