// Sealing: an ed25519 signature over the pack's canonical content, stored in the pack as
//   seal: { algorithm: ed25519, keyId: <16 hex>, signature: <base64> }
// keyId is the first 16 hex digits of SHA-256 over the public key (SPKI DER), so a verifier
// picks the right trusted key without trying them all and an operator can compare fingerprints.
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { VigilError } from '../../errors/vigil-error.ts';
import type { PackDocument } from '../schema/pack.schema.ts';
import { canonicalPackBytes } from './canonical-form.ts';

/** A key as a KeyObject or PEM text. */
export type PackKey = KeyObject | string;

export type PackSealVerdict =
  | { readonly status: 'valid'; readonly keyId: string }
  | { readonly status: 'unsealed' }
  | { readonly status: 'missing'; readonly message: string }
  | { readonly status: 'untrusted'; readonly keyId: string; readonly message: string }
  | { readonly status: 'broken'; readonly keyId: string; readonly message: string };

/** The fingerprint that names a signing key in `seal.keyId`. Accepts a public or private key. */
export function packKeyId(key: PackKey): string {
  const publicKey = toPublicKey(key);
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').slice(0, 16);
}

/**
 * Returns a copy of the pack marked `sealed: true` and signed with `privateKey`. Throws
 * PACK_SIGNING_KEY_INVALID when the key is not an ed25519 private key. Sealing does not validate
 * the pack: validate first, since a sealed pack can only be fixed by a new signed version.
 */
export function sealPack(document: PackDocument, privateKey: PackKey): PackDocument {
  const key = toPrivateKey(privateKey);
  const { seal: _previous, ...content } = document;
  const unsigned: PackDocument = { ...content, pack: { ...content.pack, sealed: true } };
  const signature = sign(null, canonicalPackBytes(unsigned), key).toString('base64');
  return { ...unsigned, seal: { algorithm: 'ed25519', keyId: packKeyId(key), signature } };
}

/**
 * Checks the seal against the management group's trusted keys. Never throws for a bad pack or
 * key: the verdict says what is wrong in a sentence fit for the import refusal.
 */
export function verifyPackSeal(document: PackDocument, trustedPublicKeys: readonly PackKey[]): PackSealVerdict {
  const name = `${document.pack.name} ${document.pack.version}`;
  const { seal } = document;
  if (seal === undefined) {
    return document.pack.sealed === true
      ? { status: 'missing', message: `Pack ${name} is marked sealed but has no seal block. Seal it with its signing key before importing.` }
      : { status: 'unsealed' };
  }
  const trusted = trustedPublicKeys.flatMap((key) => {
    try {
      const publicKey = toPublicKey(key);
      return publicKey.asymmetricKeyType === 'ed25519' ? [{ keyId: packKeyId(publicKey), publicKey }] : [];
    } catch {
      return [];
    }
  });
  const signer = trusted.find((candidate) => candidate.keyId === seal.keyId);
  if (signer === undefined) {
    return {
      status: 'untrusted',
      keyId: seal.keyId,
      message: `Pack ${name} is sealed with key ${seal.keyId}, which this management group does not trust. Add the vendor's public key to the trusted pack keys, or get the pack from its publisher.`,
    };
  }
  const valid = verify(null, canonicalPackBytes(document), signer.publicKey, Buffer.from(seal.signature, 'base64'));
  if (!valid) {
    return {
      status: 'broken',
      keyId: seal.keyId,
      message: `The seal of pack ${name} does not match its content: the pack was edited after it was sealed. Sealed packs cannot be edited; put changes (overrides) in an unsealed pack that references ${document.pack.name}, or get an unmodified copy.`,
    };
  }
  return { status: 'valid', keyId: seal.keyId };
}

function toPrivateKey(key: PackKey): KeyObject {
  let object: KeyObject;
  try {
    object = typeof key === 'string' ? createPrivateKey(key) : key;
  } catch (error) {
    throw new VigilError('PACK_SIGNING_KEY_INVALID', { reason: (error as Error).message }, { cause: error });
  }
  if (object.type !== 'private') throw new VigilError('PACK_SIGNING_KEY_INVALID', { reason: `it is a ${object.type} key, not a private key` });
  if (object.asymmetricKeyType !== 'ed25519') throw new VigilError('PACK_SIGNING_KEY_INVALID', { reason: `it is a ${object.asymmetricKeyType ?? 'unknown'} key, not ed25519` });
  return object;
}

function toPublicKey(key: PackKey): KeyObject {
  if (typeof key === 'string') return createPublicKey(key);
  return key.type === 'private' ? createPublicKey(key) : key;
}
