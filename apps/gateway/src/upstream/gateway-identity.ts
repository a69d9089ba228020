// The gateway's own TLS identity in <dataDir>/identity: its private key and certificate request
// (made once, kept 0600, the key never leaves the machine), and once approved the certificate and
// the group CA. The request names the addresses agents (and dialing MSs) use for the gateway, so
// the certificate the CA signs carries them and agents' TLS name checks pass.
import { mkdir, readFile, writeFile, chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { createCertificateAuthority, createKeyAndCsr, readIdentityFiles, writeIdentityFiles, type Identity, type KeyAndCsr } from '@vigil/pki';
import { isIpAddress } from '../link/address.ts';

export interface GatewayIdentityStore {
  readonly dir: string;
  /** The approved identity, or undefined before approval. Throws PKI_* when the files are unusable. */
  read(): Promise<Identity | undefined>;
  write(identity: Identity): Promise<void>;
  keyAndCsr(): Promise<KeyAndCsr>;
}

export function gatewayIdentityStore(dataDir: string, name: string, advertisedNames: readonly string[]): GatewayIdentityStore {
  const dir = join(dataDir, 'identity');
  const requestPath = join(dir, 'request.json');
  return {
    dir,
    async read() {
      try {
        await readFile(join(dir, 'cert.pem'));
      } catch {
        return undefined;
      }
      return readIdentityFiles(dir);
    },
    write: (identity) => writeIdentityFiles(dir, identity),
    async keyAndCsr() {
      try {
        return JSON.parse(await readFile(requestPath, 'utf8')) as KeyAndCsr;
      } catch {
        const created = await createKeyAndCsr({
          commonName: name,
          dnsNames: advertisedNames.filter((n) => !isIpAddress(n)),
          ipAddresses: advertisedNames.filter(isIpAddress),
        });
        await mkdir(dir, { recursive: true, mode: 0o700 });
        await writeFile(requestPath, JSON.stringify(created), { mode: 0o600 });
        await chmod(requestPath, 0o600);
        return created;
      }
    },
  };
}

/**
 * A throwaway self-signed certificate for the DMZ upstream listener before the gateway is
 * approved: TLS needs a certificate, and the dialing MS treats a gateway whose certificate is not
 * from the group CA as enrolling (it may only send enroll-request).
 */
export async function provisionalServerIdentity(): Promise<Pick<Identity, 'certPem' | 'privateKeyPem'>> {
  const ca = await createCertificateAuthority({ groupName: 'Vigil gateway enrolling', validityDays: 2 });
  return { certPem: ca.certPem, privateKeyPem: ca.privateKeyPem };
}
