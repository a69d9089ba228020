// What the link keeps on disk in the agent's data folder, so a restart resumes where it was:
//   identity/key.pem, csr.pem   made once at first start (the approval signs this very CSR)
//   identity/cert.pem, ca.pem   written on approval (readIdentityFiles checks key modes and match)
//   identity/trusted-ca.pem     the CA trusted on first use or pinned before approval
//   state/failover-servers.json the ordered server list last pushed by a management server
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { VigilError } from '@vigil/core/errors';
import { IDENTITY_FILE_NAMES, readIdentityFiles, writeIdentityFiles, type Identity, type KeyAndCsr } from '@vigil/pki';
import type { ServerAddress } from '@vigil/protocol/link';
import { readOptionalFile, writePrivateFile } from './private-file.ts';
import { dedupeServers, formatServerAddress, parseServerAddress } from './server-address.ts';

export interface LinkStateStore {
  readonly identityDir: string;
  readKeyAndCsr(): Promise<KeyAndCsr | undefined>;
  writeKeyAndCsr(keyAndCsr: KeyAndCsr): Promise<void>;
  /** The approved identity, or undefined before approval. Throws PKI_* errors for a damaged one. */
  readIdentity(): Promise<Identity | undefined>;
  writeIdentity(identity: Identity): Promise<void>;
  readTrustedCa(): Promise<string | undefined>;
  writeTrustedCa(caCertPem: string): Promise<void>;
  readFailoverList(): Promise<ServerAddress[] | undefined>;
  writeFailoverList(servers: readonly ServerAddress[]): Promise<void>;
}

export function createLinkStateStore(dataDir: string): LinkStateStore {
  const identityDir = join(dataDir, 'identity');
  const keyPath = join(identityDir, IDENTITY_FILE_NAMES.privateKeyPem);
  const csrPath = join(identityDir, 'csr.pem');
  const trustedCaPath = join(identityDir, 'trusted-ca.pem');
  const failoverPath = join(dataDir, 'state', 'failover-servers.json');
  return {
    identityDir,
    async readKeyAndCsr() {
      const [privateKeyPem, csrPem] = [await readOptionalFile(keyPath), await readOptionalFile(csrPath)];
      return privateKeyPem === undefined || csrPem === undefined ? undefined : { privateKeyPem, csrPem };
    },
    async writeKeyAndCsr(keyAndCsr) {
      await writePrivateFile(keyPath, keyAndCsr.privateKeyPem);
      await writePrivateFile(csrPath, keyAndCsr.csrPem);
    },
    async readIdentity() {
      const hasCertificate = await access(join(identityDir, IDENTITY_FILE_NAMES.certPem)).then(() => true, () => false);
      return hasCertificate ? readIdentityFiles(identityDir) : undefined;
    },
    writeIdentity: (identity) => writeIdentityFiles(identityDir, identity),
    readTrustedCa: () => readOptionalFile(trustedCaPath),
    writeTrustedCa: (caCertPem) => writePrivateFile(trustedCaPath, caCertPem),
    async readFailoverList() {
      const text = await readOptionalFile(failoverPath);
      if (text === undefined) return undefined;
      try {
        const parsed = JSON.parse(text) as { servers?: unknown };
        if (!Array.isArray(parsed.servers)) throw new Error('no "servers" array');
        return dedupeServers(parsed.servers.map((entry) => parseServerAddress(String(entry), 'failover list')));
      } catch (error) {
        throw new VigilError('DATA_DIR_INVALID', { path: failoverPath, reason: `the failover list is damaged (${(error as Error).message}); delete the file to use --server/--failover` }, { cause: error });
      }
    },
    async writeFailoverList(servers) {
      const text = servers.map(formatServerAddress);
      await writePrivateFile(failoverPath, `${JSON.stringify({ servers: text }, null, 2)}\n`);
    },
  };
}
