// The management group's own certificate authority: one ECDSA P-256 key and a self-signed
// certificate. Every certificate in the group (management servers, gateways, agents) is issued by
// it, and peers trust nothing else on the link.
import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { VigilError } from '@vigil/core/errors';
import { systemClock, type Clock } from '@vigil/core/time';
import { subjectOf, verbatimValue } from './certificate-name.ts';
import { groupNameFromSubject } from './certificate-role.ts';
import { certificateFingerprintSha256 } from './fingerprint.ts';
import { GROUP_NAME_ALLOWED, groupNameProblem } from './group-name.ts';
import { errorReason } from './message-values.ts';
import { normalizeSerial } from './revocation.ts';
import { loadX509Runtime } from './x509-loader.ts';

/** What is stored (files, DB) to bring the CA back: plain PEM strings. */
export interface CertificateAuthorityPems {
  readonly certPem: string;
  /** PKCS#8 PEM. Whoever holds it can issue certificates for the whole group: keep it 0600. */
  readonly privateKeyPem: string;
}

/** A loaded CA: its PEMs plus what was read from the certificate. JSON-serialisable. */
export interface CertificateAuthority extends CertificateAuthorityPems {
  readonly groupName: string;
  readonly serial: string;
  readonly notBeforeMs: number;
  readonly notAfterMs: number;
  readonly fingerprintSha256: string;
}

export interface CreateCertificateAuthorityOptions {
  /**
   * Management group name; becomes the CA's O, exactly as given (see group-name.ts for what is
   * allowed), and part of its CN.
   */
  readonly groupName: string;
  readonly validityDays: number;
  readonly clock?: Clock;
}

const CA_NAME_PREFIX = 'Vigil CA ';
/** X.520's upper bound for a common name (ub-common-name). */
const MAX_COMMON_NAME_LENGTH = 64;

/**
 * Creates a new CA key pair and self-signed certificate (CA:true, path length 0, so it can sign
 * only end-entity certificates). Throws PKI_ISSUE_REFUSED for an unusable group name or validity.
 */
export async function createCertificateAuthority(options: CreateCertificateAuthorityOptions): Promise<CertificateAuthority> {
  const { groupName, validityDays } = options;
  const nowMs = (options.clock ?? systemClock).nowMs();
  checkGroupName(groupName);
  if (!Number.isFinite(validityDays) || validityDays <= 0) {
    throw new VigilError('PKI_ISSUE_REFUSED', { subject: 'the CA', reason: `validityDays must be a positive number, got ${validityDays}` });
  }
  const { CLOCK_SKEW_ALLOWANCE_MS, DAY_MS, SIGNING_ALGORITHM, exportPrivateKeyPem, generateKeyPair, randomSerialHex, x509 } = await loadX509Runtime();
  const keys = await generateKeyPair();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerialHex(),
    name: new x509.Name([{ O: [verbatimValue(groupName)] }, { CN: [verbatimValue(caCommonName(groupName))] }]),
    keys,
    notBefore: new Date(nowMs - CLOCK_SKEW_ALLOWANCE_MS),
    notAfter: new Date(nowMs + validityDays * DAY_MS),
    signingAlgorithm: SIGNING_ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return loadCertificateAuthority({ certPem: certificate.toString('pem'), privateKeyPem: await exportPrivateKeyPem(keys.privateKey) });
}

/**
 * Loads a stored CA. Throws PKI_CA_INVALID when the certificate cannot be parsed, is not a CA
 * certificate, or the private key does not belong to it (a mixed-up backup).
 */
export function loadCertificateAuthority(pems: CertificateAuthorityPems): CertificateAuthority {
  let certificate: X509Certificate;
  let keyMatches: boolean;
  try {
    certificate = new X509Certificate(pems.certPem);
    const publicFromKey = createPublicKey(createPrivateKey(pems.privateKeyPem)).export({ type: 'spki', format: 'der' });
    keyMatches = publicFromKey.equals(certificate.publicKey.export({ type: 'spki', format: 'der' }));
  } catch (error) {
    throw new VigilError('PKI_CA_INVALID', { reason: errorReason(error) }, { cause: error });
  }
  if (!certificate.ca) throw new VigilError('PKI_CA_INVALID', { reason: 'the certificate is not a CA certificate' });
  if (!keyMatches) throw new VigilError('PKI_CA_INVALID', { reason: 'the private key does not belong to the CA certificate' });
  const subject = subjectOf(certificate);
  return {
    certPem: certificate.toString(),
    privateKeyPem: pems.privateKeyPem,
    groupName: groupNameFromSubject(subject),
    serial: normalizeSerial(certificate.serialNumber),
    notBeforeMs: certificate.validFromDate.getTime(),
    notAfterMs: certificate.validToDate.getTime(),
    fingerprintSha256: certificateFingerprintSha256(certificate),
  };
}

function checkGroupName(groupName: string): void {
  const problem = groupNameProblem(groupName);
  if (problem !== undefined) {
    throw new VigilError('PKI_ISSUE_REFUSED', {
      subject: 'the CA',
      reason: `the group name ${JSON.stringify(groupName)} ${problem}; it must be ${GROUP_NAME_ALLOWED}`,
    });
  }
}

/** "Vigil CA <group>", cut to the CN's 64 characters between code points (never inside a surrogate pair). */
function caCommonName(groupName: string): string {
  const codePoints = [...`${CA_NAME_PREFIX}${groupName}`];
  let commonName = '';
  for (const codePoint of codePoints) {
    if (commonName.length + codePoint.length > MAX_COMMON_NAME_LENGTH) break;
    commonName += codePoint;
  }
  return commonName;
}
