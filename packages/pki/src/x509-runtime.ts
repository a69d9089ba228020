// The one module that loads @peculiar/x509. It needs `reflect-metadata` evaluated before it
// (its dependency-injection container reads decorator metadata at import time) and a WebCrypto
// provider; importing x509 from here guarantees both, whatever module is loaded first.
// Only loadX509Runtime (x509-loader.ts) imports it, and only for what needs a full X.509 library:
// creating the CA, issuing, CSRs and CRLs. Static imports of values from it would load the
// library (about 200 modules) into every agent and gateway; `import type` is fine.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';

// Vigil compiles without the DOM library, so WebCrypto types come from node:crypto.
export type CryptoKey = webcrypto.CryptoKey;
export type CryptoKeyPair = webcrypto.CryptoKeyPair;

const subtle = webcrypto.subtle;
// set(value) and set(key, value) are overloads; [1] of the last one is the library's Crypto type.
x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[1]);

export { x509, subtle };

/** Every key in the management group is ECDSA P-256, every signature ECDSA with SHA-256. */
export const KEY_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;
export const SIGNING_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

export const DAY_MS = 86_400_000;

/**
 * Issued certificates start this much before "now" so that a peer whose clock is a little behind
 * the CA's does not refuse a certificate issued a moment ago as not yet valid.
 */
export const CLOCK_SKEW_ALLOWANCE_MS = 5 * 60_000;

export async function generateKeyPair(): Promise<CryptoKeyPair> {
  return (await subtle.generateKey(KEY_ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
}

export async function exportPrivateKeyPem(key: CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
}

/** Imports a PKCS#8 P-256 private key for signing; throws whatever WebCrypto throws. */
export async function importSigningKey(privateKeyPem: string): Promise<CryptoKey> {
  const der = x509.PemConverter.decodeFirst(privateKeyPem);
  return subtle.importKey('pkcs8', der, KEY_ALGORITHM, false, ['sign']);
}

/** Imports an SPKI P-256 public key; throws whatever WebCrypto throws. */
export async function importPublicKey(publicKeyPem: string): Promise<CryptoKey> {
  const der = x509.PemConverter.decodeFirst(publicKeyPem);
  return subtle.importKey('spki', der, KEY_ALGORITHM, true, ['verify']);
}

/**
 * A serial number of 16 random bytes (about 124 bits of randomness, so collisions are not a
 * practical concern), as lowercase hex. The first byte is kept in 0x10–0x7f: positive as DER
 * requires, and without a leading zero digit, so the string is already in the canonical form of
 * `normalizeSerial` and compares equal to what any parser prints.
 */
export function randomSerialHex(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = 0x10 + (bytes[0]! % 0x70);
  return Buffer.from(bytes).toString('hex');
}
