// Issues end-entity certificates from the group CA: management servers and gateways get
// certificates that serve and open links (serverAuth + clientAuth), agents get client-only ones.
// The CA alone writes the subject (O = group, OU = role, CN = name), so the role a server reads
// from a certificate is the role the CA granted.
import { VigilError } from '@vigil/core/errors';
import { systemClock, type Clock } from '@vigil/core/time';
import type { CertificateAuthority } from './certificate-authority.ts';
import { ROLE_KEY_USAGES, subjectFor, type CertificateRole } from './certificate-role.ts';
import { readVerifiedCsr } from './csr.ts';
import { certificateFingerprintSha256 } from './fingerprint.ts';
import { errorReason, isoTime } from './message-values.ts';
import { checkSubjectNames } from './subject-names.ts';
import { loadX509Runtime } from './x509-loader.ts';
import type { CryptoKey } from './x509-runtime.ts';

interface IssueCommonOptions {
  readonly role: CertificateRole;
  readonly dnsNames?: readonly string[];
  readonly ipAddresses?: readonly string[];
  /** Capped at the CA's own expiry: a certificate never outlives the CA that vouches for it. */
  readonly validityDays: number;
  readonly clock?: Clock;
}

/** The key to certify: a bare public key (SPKI PEM), or a CSR, whose signature is then verified. */
export type IssueKeySource = { readonly publicKeyPem: string; readonly csrPem?: never } | { readonly csrPem: string; readonly publicKeyPem?: never };

export type IssueCertificateOptions = IssueCommonOptions & IssueKeySource & {
  /** The machine's name, written as CN; host-name characters only. */
  readonly subjectName: string;
};

export interface IssuedCertificate {
  readonly certPem: string;
  /** Canonical serial (see normalizeSerial): what a revocation list holds. */
  readonly serial: string;
  readonly role: CertificateRole;
  readonly commonName: string;
  readonly notBeforeMs: number;
  readonly notAfterMs: number;
  readonly fingerprintSha256: string;
}

/**
 * Issues a certificate for `role` with a fresh random serial. Throws PKI_ISSUE_REFUSED for
 * unusable names, key or validity, PKI_CSR_INVALID for a bad CSR, PKI_CA_NOT_VALID_NOW when the
 * CA is expired or not yet valid at the clock's time.
 */
export async function issueCertificate(ca: CertificateAuthority, options: IssueCertificateOptions): Promise<IssuedCertificate> {
  const publicKeyPem = options.csrPem === undefined ? options.publicKeyPem : (await readVerifiedCsr(options.csrPem)).publicKeyPem;
  return issue(ca, options.subjectName, publicKeyPem, options);
}

export type SignCsrOptions = IssueCommonOptions & {
  /** CSRs come from agents and gateways; management-server certificates go through issueCertificate. */
  readonly role: 'agent' | 'gateway';
  /** Overrides the CSR's CN, e.g. with the name the approver registered. */
  readonly subjectName?: string;
};

/**
 * Verifies a CSR and issues the certificate it asks for: its CN (unless overridden) and, unless
 * the options give names, its DNS/IP SANs. The role comes only from the options, never from the
 * CSR. Throws PKI_CSR_INVALID for a CSR that is unparseable, badly signed or names nonsense.
 */
export async function signCsr(ca: CertificateAuthority, csrPem: string, options: SignCsrOptions): Promise<IssuedCertificate> {
  const request = await readVerifiedCsr(csrPem);
  return issue(ca, options.subjectName ?? request.commonName, request.publicKeyPem, {
    ...options,
    dnsNames: options.dnsNames ?? request.dnsNames,
    ipAddresses: options.ipAddresses ?? request.ipAddresses,
  });
}

async function issue(ca: CertificateAuthority, subjectName: string, publicKeyPem: string, options: IssueCommonOptions): Promise<IssuedCertificate> {
  const refused = (reason: string, cause?: unknown): VigilError =>
    new VigilError('PKI_ISSUE_REFUSED', { subject: JSON.stringify(subjectName), reason }, { cause });
  const names = checkSubjectNames(
    { commonName: subjectName, dnsNames: options.dnsNames ?? [], ipAddresses: options.ipAddresses ?? [] },
    (reason) => refused(reason),
  );
  if (!Number.isFinite(options.validityDays) || options.validityDays <= 0) {
    throw refused(`validityDays must be a positive number, got ${options.validityDays}`);
  }
  const nowMs = (options.clock ?? systemClock).nowMs();
  if (nowMs < ca.notBeforeMs || nowMs >= ca.notAfterMs) {
    throw new VigilError('PKI_CA_NOT_VALID_NOW', { time: isoTime(nowMs), notBefore: isoTime(ca.notBeforeMs), notAfter: isoTime(ca.notAfterMs) });
  }
  const {
    CLOCK_SKEW_ALLOWANCE_MS, DAY_MS, SIGNING_ALGORITHM, importPublicKey, importSigningKey, randomSerialHex, x509,
  } = await loadX509Runtime();
  let publicKey: CryptoKey;
  try {
    publicKey = await importPublicKey(publicKeyPem);
  } catch (error) {
    throw refused(`the public key is not an ECDSA P-256 key in SPKI PEM (${errorReason(error)})`, error);
  }
  const caCertificate = new x509.X509Certificate(ca.certPem);
  const notBeforeMs = Math.max(nowMs - CLOCK_SKEW_ALLOWANCE_MS, ca.notBeforeMs);
  const notAfterMs = Math.min(nowMs + options.validityDays * DAY_MS, ca.notAfterMs);
  const serial = randomSerialHex();
  const subjectAltNames = [
    ...names.dnsNames.map((value) => ({ type: 'dns' as const, value })),
    ...names.ipAddresses.map((value) => ({ type: 'ip' as const, value })),
  ];
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: serial,
    subject: new x509.Name(subjectFor(ca.groupName, options.role, names.commonName)),
    issuer: caCertificate.subjectName,
    publicKey,
    signingKey: await importSigningKey(ca.privateKeyPem),
    notBefore: new Date(notBeforeMs),
    notAfter: new Date(notAfterMs),
    signingAlgorithm: SIGNING_ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([...ROLE_KEY_USAGES[options.role]], false),
      ...(subjectAltNames.length === 0 ? [] : [new x509.SubjectAlternativeNameExtension(subjectAltNames, false)]),
      await x509.SubjectKeyIdentifierExtension.create(publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(caCertificate),
    ],
  });
  const certPem = certificate.toString('pem');
  return {
    certPem,
    serial,
    role: options.role,
    commonName: names.commonName,
    // X.509 stores whole seconds: report what the certificate actually says.
    notBeforeMs: certificate.notBefore.getTime(),
    notAfterMs: certificate.notAfter.getTime(),
    fingerprintSha256: certificateFingerprintSha256(Buffer.from(certificate.rawData)),
  };
}
