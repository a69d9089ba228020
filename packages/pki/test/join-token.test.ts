import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCertificateAuthority, createJoinToken, parseJoinToken, joinTokenHash, caSha256Of, certificateFingerprintSha256 } from '@vigil/pki';

test('join tokens round-trip, pin the CA and hash without the CA part', async () => {
  const ca = await createCertificateAuthority({ groupName: 'Tokens', validityDays: 10 });
  const caSha = caSha256Of(ca.certPem);
  assert.equal(caSha, certificateFingerprintSha256(ca.certPem).replace(/:/g, '').toLowerCase());
  const { token, parsed } = createJoinToken(certificateFingerprintSha256(ca.certPem));
  assert.deepEqual(parseJoinToken(token), parsed);
  assert.equal(parsed.caSha256, caSha);
  assert.equal(joinTokenHash(parsed), joinTokenHash(parseJoinToken(` ${token}\n`)));
  assert.notEqual(joinTokenHash(parsed), joinTokenHash(createJoinToken(caSha).parsed));
  assert.throws(() => parseJoinToken('abc'), /vigil agent token create/);
});
