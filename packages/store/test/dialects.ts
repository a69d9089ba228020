// Runs a suite once per dialect: `forEachDialect('agents', (ctx) => { test(..., () => ctx.store.db ...) })`.
// The suite's name carries the dialect so the output shows both ran.
import { describe, beforeEach, afterEach } from 'node:test';
import { DIALECTS, createTestStore, type DialectName } from '../src/testing/test-databases.ts';
import type { Store } from '@vigil/store';

export interface DialectContext {
  readonly dialect: DialectName;
  /** A fresh, migrated store for each test. */
  readonly store: Store;
}

export function forEachDialect(name: string, body: (ctx: DialectContext) => void): void {
  for (const dialect of DIALECTS) {
    describe(`${name} [${dialect}]`, () => {
      let current: Awaited<ReturnType<typeof createTestStore>> | undefined;
      const ctx: DialectContext = {
        dialect,
        get store() {
          if (!current) throw new Error('store used outside a test');
          return current.store;
        },
      };
      beforeEach(async () => {
        current = await createTestStore(dialect);
      });
      afterEach(async () => {
        await current?.cleanup();
        current = undefined;
      });
      body(ctx);
    });
  }
}
