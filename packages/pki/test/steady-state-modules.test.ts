import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { writeIdentityFiles, type CertificateAuthority } from '@vigil/pki';
import { agentIdentity, createTestCa } from './pki-fixtures.ts';

const run = promisify(execFile);

// What an enrolled agent or gateway does with pki on every start and link, in a fresh process
// that records every module it resolves.
const ENROLLED_MACHINE = `
import { registerHooks } from 'node:module';
const resolved = [];
registerHooks({ resolve: (specifier, context, next) => { const result = next(specifier, context); resolved.push(result.url); return result; } });
const pki = await import('@vigil/pki');
const identity = await pki.readIdentityFiles(process.argv[1]);
const verification = pki.verifyPeerCertificate(identity.caCertPem, identity.certPem, { revokedSerials: pki.revocationSet([]), nowMs: Date.now(), expectedRoles: ['agent'] });
pki.certificateFingerprintSha256(identity.certPem);
pki.caSha256Of(identity.caCertPem);
pki.tlsClientOptions(identity);
pki.tlsServerOptions(identity);
pki.refusalFromTlsError({ code: 'CERT_HAS_EXPIRED' });
console.log(JSON.stringify({ verification, resolved }));
`;

describe('modules an enrolled machine loads', () => {
  let ca: CertificateAuthority;
  let dir: string;
  before(async () => {
    ca = await createTestCa();
    dir = await mkdtemp(join(tmpdir(), 'vigil-pki-steady-'));
    const agent = await agentIdentity(ca, { name: 'web01' });
    await writeIdentityFiles(join(dir, 'identity'), agent);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads its identity, verifies a peer and builds TLS options without @peculiar/x509 or the core barrel', async () => {
    const { stdout } = await run(process.execPath, ['--input-type=module', '--eval', ENROLLED_MACHINE, join(dir, 'identity')], { cwd: import.meta.dirname });
    const { verification, resolved } = JSON.parse(stdout) as { verification: { status: string; commonName: string }; resolved: string[] };
    assert.equal(verification.status, 'trusted');
    assert.equal(verification.commonName, 'web01');
    assert.ok(resolved.some((url) => url.endsWith('/packages/pki/src/index.ts')), 'the hook saw @vigil/pki load');
    assert.deepEqual(resolved.filter((url) => /\/(@peculiar|reflect-metadata|tsyringe)\//.test(url)), []);
    assert.deepEqual(resolved.filter((url) => url.endsWith('/packages/core/src/index.ts')), []);
  });
});
