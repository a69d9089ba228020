// Certificate signing requests (PKCS#10). An agent creates its key and a CSR; the CSR proves it
// holds the key (it is signed with it) and says which names it asks for. The CA decides what it
// actually grants: the CSR's subject is read for its CN only, never for a role.
import type { Pkcs10CertificateRequest } from '@peculiar/x509';
import { VigilError } from '@vigil/core/errors';
import { errorReason } from './message-values.ts';
import { checkSubjectNames } from './subject-names.ts';
import { loadX509Runtime, type X509Runtime } from './x509-loader.ts';

export interface CreateKeyAndCsrOptions {
  readonly commonName: string;
  readonly dnsNames?: readonly string[];
  readonly ipAddresses?: readonly string[];
}

export interface KeyAndCsr {
  /** PKCS#8 PEM; stays on the machine that created it. */
  readonly privateKeyPem: string;
  readonly csrPem: string;
}

/** What a verified CSR asks for. */
export interface CsrRequest {
  readonly commonName: string;
  readonly dnsNames: readonly string[];
  readonly ipAddresses: readonly string[];
  /** SPKI PEM of the key that signed the CSR. */
  readonly publicKeyPem: string;
}

/** Creates an ECDSA P-256 key and a CSR for it. Throws PKI_CSR_INVALID for unusable names. */
export async function createKeyAndCsr(options: CreateKeyAndCsrOptions): Promise<KeyAndCsr> {
  const names = checkSubjectNames(
    { commonName: options.commonName, dnsNames: options.dnsNames ?? [], ipAddresses: options.ipAddresses ?? [] },
    (reason) => new VigilError('PKI_CSR_INVALID', { reason }),
  );
  const { SIGNING_ALGORITHM, exportPrivateKeyPem, generateKeyPair, x509 } = await loadX509Runtime();
  const keys = await generateKeyPair();
  const sans = [
    ...names.dnsNames.map((value) => ({ type: 'dns' as const, value })),
    ...names.ipAddresses.map((value) => ({ type: 'ip' as const, value })),
  ];
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: [{ CN: [names.commonName] }],
    keys,
    signingAlgorithm: SIGNING_ALGORITHM,
    extensions: sans.length === 0 ? [] : [new x509.SubjectAlternativeNameExtension(sans)],
  });
  return { privateKeyPem: await exportPrivateKeyPem(keys.privateKey), csrPem: csr.toString('pem') };
}

/**
 * Parses a CSR, checks it is signed with ECDSA/SHA-256 by the P-256 key it contains, and returns
 * what it asks for. Throws PKI_CSR_INVALID with the reason otherwise (unparseable, bad signature,
 * other key type, unusable names).
 */
export async function readVerifiedCsr(csrPem: string): Promise<CsrRequest> {
  const invalid = (reason: string, cause?: unknown): VigilError => new VigilError('PKI_CSR_INVALID', { reason }, { cause });
  const { KEY_ALGORITHM, subtle, x509 } = await loadX509Runtime();
  let csr: Pkcs10CertificateRequest;
  try {
    csr = new x509.Pkcs10CertificateRequest(csrPem);
  } catch (error) {
    throw invalid(`it is not a PEM PKCS#10 request (${errorReason(error)})`, error);
  }
  // The library's HashedAlgorithm type leans on DOM typings Vigil does not load; this is its shape.
  const algorithm = csr.signatureAlgorithm as unknown as { name: string; hash?: { name: string } };
  if (algorithm.name !== 'ECDSA' || algorithm.hash?.name !== 'SHA-256') {
    throw invalid(`it is signed with ${algorithm.name}/${algorithm.hash?.name ?? '?'}, but the group uses ECDSA P-256 with SHA-256`);
  }
  try {
    await subtle.importKey('spki', csr.publicKey.rawData, KEY_ALGORITHM, true, ['verify']);
  } catch (error) {
    throw invalid('its key is not an ECDSA P-256 key', error);
  }
  let signatureValid: boolean;
  try {
    signatureValid = await csr.verify();
  } catch (error) {
    throw invalid(`its signature cannot be checked (${errorReason(error)})`, error);
  }
  if (!signatureValid) throw invalid('its signature does not match its public key (corrupted or tampered with)');
  const names = checkSubjectNames(
    { commonName: csr.subjectName.getField('CN')[0] ?? '', ...namesFromExtensions(x509, csr) },
    (reason) => invalid(reason),
  );
  return { ...names, publicKeyPem: csr.publicKey.toString('pem') };
}

const SUBJECT_ALT_NAME_OID = '2.5.29.17';

function namesFromExtensions(x509: X509Runtime['x509'], csr: Pkcs10CertificateRequest): { dnsNames: string[]; ipAddresses: string[] } {
  const raw = csr.getExtension(SUBJECT_ALT_NAME_OID);
  const extension = raw === null || raw instanceof x509.SubjectAlternativeNameExtension ? raw : new x509.SubjectAlternativeNameExtension(raw.rawData);
  const items = extension?.names.items ?? [];
  return {
    dnsNames: items.filter((name) => name.type === 'dns').map((name) => name.value),
    ipAddresses: items.filter((name) => name.type === 'ip').map((name) => name.value),
  };
}
