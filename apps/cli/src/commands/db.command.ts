// `vigil db migrate --db URL`: creates or upgrades an operational database (forward-only).
import type { Command } from 'commander';
import { openStore, migrateToLatest } from '@vigil/store';

export function registerDbCommand(program: Command): void {
  const db = program.command('db').description('operational database administration');
  db.command('migrate')
    .description('create or upgrade the operational database schema (forward-only)')
    .requiredOption('--db <url>', 'SQLite file path or postgres://user@host:port/database')
    .action(async (flags: { db: string }) => {
      const store = await openStore(flags.db);
      try {
        const outcome = await migrateToLatest(store.db);
        process.stdout.write(
          outcome.alreadyCurrent
            ? `${store.description}: schema already current.\n`
            : `${store.description}: applied ${outcome.applied.length} migration(s): ${outcome.applied.join(', ')}.\n`,
        );
      } finally {
        await store.close();
      }
    });
}
