// @vigil/pki: the management group's certificate authority, certificate issuing and CSR signing,
// revocation, peer verification and TLS 1.3 mutual-authentication options for the link.
export * from './certificate-role.ts';
export type { CertificateName } from './certificate-name.ts';
export * from './group-name.ts';
export * from './certificate-authority.ts';
export * from './key-pair.ts';
export * from './csr.ts';
export * from './certificate-issuer.ts';
export * from './revocation.ts';
export * from './crl.ts';
export * from './peer-verification.ts';
export * from './tls-options.ts';
export * from './tls-failure.ts';
export * from './identity-files.ts';
export * from './fingerprint.ts';
export * from './join-token.ts';
