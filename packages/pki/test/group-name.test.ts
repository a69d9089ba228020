import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { describe, it } from 'node:test';
// @peculiar/x509 (to read names the way the issuing side does) needs reflect-metadata evaluated first.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import {
  createCertificateAuthority, createCrl, groupNameProblem, loadCertificateAuthority, verifyPeerCertificate, type CertificateAuthority,
} from '@vigil/pki';
import { agentIdentity, serverIdentity } from './pki-fixtures.ts';

/** Names with every character RFC 4514 escapes or quotes, and text that looks like an escape or hex. */
const GROUP_NAMES = [
  'Contoso "Prod" \\ Lab, EU+1',
  '"Prod"',
  'back\\slash',
  'ends with \\',
  'comma, here',
  'plus+here',
  'equals=here',
  '<angle> brackets',
  '#leading hash',
  'inner # hash',
  'semi;colon',
  ' leading and trailing spaces ',
  'escape-like \\0a \\2C \\"',
  '#4142',
  'Zürich 東京 😀 Ωmega',
  '\'single\' (round) /slash/ ?:.-',
];

function organisationOf(pem: string): { node: unknown; x509: string[] } {
  return { node: new X509Certificate(pem).toLegacyObject().subject.O, x509: new x509.X509Certificate(pem).subjectName.getField('O') };
}

describe('group names', () => {
  for (const groupName of GROUP_NAMES) {
    it(`round-trips ${JSON.stringify(groupName)} through create, load, issue, CRL and peer verification`, async () => {
      assert.equal(groupNameProblem(groupName), undefined);
      const created = await createCertificateAuthority({ groupName, validityDays: 10 });
      const ca: CertificateAuthority = loadCertificateAuthority({ certPem: created.certPem, privateKeyPem: created.privateKeyPem });
      assert.equal(created.groupName, groupName);
      assert.equal(ca.groupName, groupName);
      assert.deepEqual(organisationOf(ca.certPem), { node: groupName, x509: [groupName] });

      const server = await serverIdentity(ca, 'gateway');
      const agent = await agentIdentity(ca);
      for (const identity of [server, agent]) {
        assert.deepEqual(organisationOf(identity.certPem), { node: groupName, x509: [groupName] });
        const certificate = new X509Certificate(identity.certPem);
        assert.equal(certificate.checkIssued(new X509Certificate(ca.certPem)), true);
        for (const peer of [identity.certPem, certificate]) {
          const verification = verifyPeerCertificate(ca, peer, { revokedSerials: new Set(), nowMs: Date.now() });
          assert.equal(verification.status, 'trusted');
          assert.equal(verification.status === 'trusted' ? verification.groupName : undefined, groupName);
        }
      }

      const crl = new x509.X509Crl(await createCrl(ca, [agent.issued.serial]));
      assert.deepEqual(crl.issuerName.getField('O'), [groupName]);
    });
  }

  it('explains why a name cannot be used', () => {
    assert.equal(groupNameProblem(''), 'has 0 characters');
    assert.equal(groupNameProblem('x'.repeat(65)), 'has 65 characters');
    assert.equal(groupNameProblem(' \t '), 'contains the unprintable character U+0009 at position 2');
    assert.equal(groupNameProblem('   '), 'is blank');
    assert.equal(groupNameProblem('a\u0085b'), 'contains the unprintable character U+0085 at position 2');
    assert.equal(groupNameProblem('a\ud800'), 'contains the unprintable character U+D800 at position 2');
  });
});
