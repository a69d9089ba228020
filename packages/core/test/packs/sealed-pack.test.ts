// Sealing: an ed25519 signature over canonical content. Formatting changes keep the seal; any
// content change, or an untrusted key, makes import refuse the pack.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { isVigilError, packKeyId, parsePack, planImport, sealPack, serializePack, verifyPackSeal, type PackDocument } from '@vigil/core';
import { GOOD_DIR, loadDocument } from './corpus.ts';

const signer = generateKeyPairSync('ed25519');
const stranger = generateKeyPairSync('ed25519');
const trusted = [signer.publicKey.export({ type: 'spki', format: 'pem' }).toString()];
const original = loadDocument(join(GOOD_DIR, 'contoso-web.pack.yaml'));

function reparse(text: string): PackDocument {
  const result = parsePack(text, 'sealed.pack.yaml');
  assert.equal(result.status, 'parsed');
  return result.status === 'parsed' ? result.pack.document : original;
}

test('sealPack signs with the key and records its fingerprint', () => {
  const sealed = sealPack(original, signer.privateKey);
  assert.equal(sealed.pack.sealed, true);
  assert.equal(sealed.seal?.algorithm, 'ed25519');
  assert.equal(sealed.seal?.keyId, packKeyId(signer.publicKey));
  assert.match(sealed.seal?.keyId ?? '', /^[0-9a-f]{16}$/);
  assert.deepEqual(verifyPackSeal(sealed, trusted), { status: 'valid', keyId: packKeyId(signer.publicKey) });
  assert.equal(original.seal, undefined, 'the input is not modified');
});

test('a sealed pack survives export and re-import; reordered keys and comments do not matter', () => {
  const sealed = sealPack(original, signer.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  const text = serializePack(sealed);
  assert.match(text, /^seal:\n {2}algorithm: ed25519\n {2}keyId: [0-9a-f]{16}\n {2}signature: \S+$/m);
  const reparsed = reparse(`# comment added by an editor\n${text}`);
  assert.equal(verifyPackSeal(reparsed, trusted).status, 'valid');
  assert.equal(planImport(undefined, reparsed, { trustedPublicKeys: trusted }).kind, 'install');
});

test('editing a sealed pack breaks the seal and import is refused with a clear message', () => {
  const text = serializePack(sealPack(original, signer.privateKey)).replace('critical: 5', 'critical: 50').replace('severity: warning', 'severity: information');
  const tampered = reparse(text);
  const verdict = verifyPackSeal(tampered, trusted);
  assert.equal(verdict.status, 'broken');
  const plan = planImport(undefined, tampered, { trustedPublicKeys: trusted });
  assert.equal(plan.kind, 'refused-seal');
  assert.match(plan.message, /The seal of pack Contoso\.Web 2\.0\.1 does not match its content: the pack was edited after it was sealed\./);
  assert.match(plan.message, /put changes \(overrides\) in an unsealed pack that references Contoso\.Web/);
});

test('un-sealing by flipping the flag is also tampering', () => {
  const sealed = sealPack(original, signer.privateKey);
  const flipped: PackDocument = { ...sealed, pack: { ...sealed.pack, sealed: false } };
  assert.equal(verifyPackSeal(flipped, trusted).status, 'broken');
});

test('a seal from an untrusted key, or a sealed pack without a seal, is refused', () => {
  const foreign = sealPack(original, stranger.privateKey);
  const untrusted = planImport(undefined, foreign, { trustedPublicKeys: trusted });
  assert.equal(untrusted.kind, 'refused-seal');
  assert.match(untrusted.message, new RegExp(`sealed with key ${packKeyId(stranger.publicKey)}, which this management group does not trust`));
  const unsigned = planImport(undefined, original, { trustedPublicKeys: trusted });
  assert.equal(unsigned.kind, 'refused-seal');
  assert.match(unsigned.message, /marked sealed but has no seal block/);
  assert.equal(verifyPackSeal({ pack: { name: 'A.B', version: '1.0.0', displayName: 'x' } }, trusted).status, 'unsealed');
});

test('older sealed versions are refused even when correctly signed', () => {
  const v2 = sealPack(original, signer.privateKey);
  const v1 = sealPack({ ...original, pack: { ...original.pack, version: '1.9.9' } }, signer.privateKey);
  assert.equal(planImport(v2, v1, { trustedPublicKeys: trusted }).kind, 'refused-older');
  const same = planImport(v2, { ...v2 }, { trustedPublicKeys: trusted });
  assert.ok(same.kind === 'same-version' && same.identical);
});

test('sealing with a key that is not an ed25519 private key throws PACK_SIGNING_KEY_INVALID', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
  assert.throws(() => sealPack(original, rsa.privateKey), (error) => isVigilError(error, 'PACK_SIGNING_KEY_INVALID') && /not ed25519/.test(error.message));
  assert.throws(() => sealPack(original, signer.publicKey), (error) => isVigilError(error, 'PACK_SIGNING_KEY_INVALID') && /not a private key/.test(error.message));
  assert.throws(() => sealPack(original, 'not a pem'), (error) => isVigilError(error, 'PACK_SIGNING_KEY_INVALID'));
});
