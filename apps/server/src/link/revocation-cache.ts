// Revoked certificate serials, refreshed from the operational database so a revocation made
// through any management server reaches every link within one refresh interval; live links of a
// revoked certificate are closed then, not just refused on their next connect.
import type { Logger } from '@vigil/core';
import { listRevokedSerials, type Database } from '@vigil/store';
import { normalizeSerial } from '@vigil/pki';

export interface RevocationCache {
  isRevoked(serial: string): boolean;
  refresh(): Promise<ReadonlySet<string>>;
}

export function createRevocationCache(db: Database, logger: Logger): RevocationCache {
  let revoked: ReadonlySet<string> = new Set();
  return {
    isRevoked: (serial) => revoked.has(normalizeSerial(serial)),
    async refresh() {
      try {
        revoked = new Set([...(await listRevokedSerials(db))].map(normalizeSerial));
      } catch (err) {
        logger.warn({ err }, 'could not refresh revoked certificates; keeping the previous list');
      }
      return revoked;
    },
  };
}
