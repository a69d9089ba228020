import assert from 'node:assert/strict';
import { chmod, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isVigilError } from '@vigil/core';
import { IDENTITY_FILE_NAMES, readIdentityFiles, writeIdentityFiles, type CertificateAuthority } from '@vigil/pki';
import { agentIdentity, createTestCa, type IssuedIdentity } from './pki-fixtures.ts';

const posix = process.platform !== 'win32';

describe('identity files', () => {
  let root: string;
  let ca: CertificateAuthority;
  let agent: IssuedIdentity;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'vigil-pki-'));
    ca = await createTestCa();
    agent = await agentIdentity(ca);
  });
  after(() => rm(root, { recursive: true, force: true }));

  it('writes the key and certificates 0600 in a 0700 folder and reads them back', { skip: !posix && 'POSIX modes' }, async () => {
    const dir = join(root, 'a', 'identity');
    await writeIdentityFiles(dir, agent);
    assert.equal((await stat(dir)).mode & 0o777, 0o700);
    assert.deepEqual((await readdir(dir)).sort(), ['ca.pem', 'cert.pem', 'key.pem']);
    for (const name of Object.values(IDENTITY_FILE_NAMES)) {
      assert.equal((await stat(join(dir, name))).mode & 0o777, 0o600, name);
    }
    const identity = await readIdentityFiles(dir);
    assert.deepEqual(identity, { certPem: agent.certPem, privateKeyPem: agent.privateKeyPem, caCertPem: agent.caCertPem });
  });

  it('replaces an existing identity (renewal) and keeps the modes', { skip: !posix && 'POSIX modes' }, async () => {
    const dir = join(root, 'renew');
    await writeIdentityFiles(dir, agent);
    const renewed = await agentIdentity(ca);
    await writeIdentityFiles(dir, renewed);
    assert.equal((await readIdentityFiles(dir)).certPem, renewed.certPem);
    assert.equal((await stat(join(dir, 'key.pem'))).mode & 0o777, 0o600);
    assert.deepEqual((await readdir(dir)).sort(), ['ca.pem', 'cert.pem', 'key.pem'], 'no temporary files left');
  });

  it('refuses a private key that other users can read', { skip: !posix && 'POSIX modes' }, async () => {
    const dir = join(root, 'open');
    await writeIdentityFiles(dir, agent);
    await chmod(join(dir, 'key.pem'), 0o644);
    await assert.rejects(readIdentityFiles(dir), (error) => isVigilError(error, 'PKI_KEY_FILE_UNPROTECTED') && /chmod 600/.test(error.message));
  });

  it('refuses a missing folder and a key that belongs to another certificate', async () => {
    await assert.rejects(readIdentityFiles(join(root, 'missing')), (error) => isVigilError(error, 'PKI_IDENTITY_UNREADABLE'));
    const dir = join(root, 'mixed');
    await writeIdentityFiles(dir, agent);
    const other = await agentIdentity(ca);
    await writeFile(join(dir, 'key.pem'), other.privateKeyPem, { mode: 0o600 });
    await assert.rejects(readIdentityFiles(dir), (error) => isVigilError(error, 'PKI_IDENTITY_UNREADABLE') && /does not belong/.test(error.message));
  });
});
