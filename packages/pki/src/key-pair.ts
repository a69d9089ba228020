// Key pairs for machines that create their own key (management servers, gateways, agents): the
// private key never leaves the machine; only the public key or a CSR goes to the CA.
import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';

const generateKeyPairAsync = promisify(generateKeyPair);

export interface KeyPairPems {
  /** PKCS#8 PEM; write it with writeIdentityFiles (mode 0600). */
  readonly privateKeyPem: string;
  /** SPKI PEM, for issueCertificate({ publicKeyPem }). */
  readonly publicKeyPem: string;
}

/** A new ECDSA P-256 key pair (node:crypto alone: no X.509 library is loaded for it). */
export async function createKeyPair(): Promise<KeyPairPems> {
  const { privateKey, publicKey } = await generateKeyPairAsync('ec', {
    namedCurve: 'P-256',
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}
