// First start: a management group nobody can sign in to is useless, so when there are no users
// at all the server creates `admin` with a random password, gives it the built-in
// Administrators role and writes the password to <dataDir>/admin-password.txt (0600), where
// `vigil up` shows it. Setting admin's password later deletes the file.
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock, Logger, UserId } from '@vigil/core';
import { assignRole, countUsers, createRole, createUser, type Database } from '@vigil/store';
import { hashPassword } from './password-hash.ts';

export const BOOTSTRAP_ADMIN_NAME = 'admin';
export const ADMINISTRATORS_ROLE = 'Administrators';
export const ADMIN_PASSWORD_FILE = 'admin-password.txt';

export interface BootstrapOutcome {
  readonly created: boolean;
  readonly passwordFile?: string;
}

/** Creates the first administrator when the database has no users; safe to call on every start. */
export async function ensureFirstAdministrator(db: Database, dataDir: string, deps: { clock: Clock; logger: Logger }): Promise<BootstrapOutcome> {
  if ((await countUsers(db)) > 0) return { created: false };
  const password = randomBytes(18).toString('base64url');
  const nowMs = deps.clock.nowMs();
  const passwordHash = await hashPassword(password);
  try {
    await db.transaction().execute(async (trx) => {
      const userId: UserId = await createUser(trx, { name: BOOTSTRAP_ADMIN_NAME, displayName: 'Administrator', passwordHash, nowMs });
      const existingRole = await trx.selectFrom('role').select('id').where('name', '=', ADMINISTRATORS_ROLE).executeTakeFirst();
      const roleId = existingRole?.id ?? (await createRole(trx, { name: ADMINISTRATORS_ROLE, profile: 'administrator', scope: {}, nowMs }));
      await assignRole(trx, userId, roleId as Parameters<typeof assignRole>[2]);
    });
  } catch (error) {
    // Another management server starting at the same moment created the users first.
    if ((await countUsers(db)) > 0) return { created: false };
    throw error;
  }
  const passwordFile = join(dataDir, ADMIN_PASSWORD_FILE);
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  deps.logger.warn({ passwordFile }, `created user ${BOOTSTRAP_ADMIN_NAME}; its password is in ${passwordFile}`);
  return { created: true, passwordFile };
}

/** The first password is no longer valid once it has been changed: remove the file that shows it. */
export function forgetBootstrapPassword(dataDir: string): void {
  rmSync(join(dataDir, ADMIN_PASSWORD_FILE), { force: true });
}
