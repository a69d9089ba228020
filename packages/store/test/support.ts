export { openStore, migrateToLatest, pendingMigrations } from '@vigil/store';
import { isVigilError, type ErrorCode } from '@vigil/core';

export function isVigilErrorLike(error: unknown, code: ErrorCode): boolean {
  return isVigilError(error, code);
}
