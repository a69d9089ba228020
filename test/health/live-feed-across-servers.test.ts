// The console's live feed in a group of two management servers, each in its own process, sharing
// one operational database: a state change committed through server B arrives on the SSE live
// feed of server A within 2 s (through the change log), and a change committed through A itself
// arrives there exactly once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LiveEvent } from '@vigil/protocol';
import { assignRole, createRole, createUser, openStore } from '@vigil/store';
import { createTestDatabase, DIALECTS } from '@vigil/store/testing';
import { createApiToken } from '../../apps/server/src/auth/api-token-store.ts';
import { spawnJsonLines, type JsonLinesProcess } from '../support/json-lines-process.ts';

const SERVER_SCRIPT = fileURLToPath(new URL('./fixtures/ingesting-server-process.ts', import.meta.url));
const FREE_SPACE = 'Vigil.Linux.LogicalDisk.FreeSpace';

/** Follows GET /api/v1/live with a bearer token; every event goes to `events`. */
function followLiveFeed(apiUrl: string, token: string, events: LiveEvent[]): { close(): void } {
  const req = request(`${apiUrl}/api/v1/live?kinds=state-change`, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } }, (res) => {
    let buffered = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buffered += chunk;
      const blocks = buffered.split('\n\n');
      buffered = blocks.pop()!;
      for (const line of blocks.flatMap((b) => b.split('\n'))) if (line.startsWith('data: ')) events.push(JSON.parse(line.slice(6)) as LiveEvent);
    });
  });
  req.on('error', () => {});
  req.end();
  return { close: () => req.destroy() };
}

async function waitFor<T>(find: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Has `server` commit a critical disk on a new host; resolves with the host once committed. */
async function commitChange(server: JsonLinesProcess): Promise<string> {
  const before = server.lines().length;
  server.child.kill('SIGUSR2');
  const line = await server.waitFor((l) => l.event !== 'started' && server.lines().indexOf(l) >= before, 20_000);
  assert.equal(line.event, 'committed', JSON.stringify(line));
  return line.host as string;
}

const stateChangesOf = (events: readonly LiveEvent[], host: string) =>
  events.filter((e) => e.kind === 'state-change' && e.objectDisplayName !== null && e.objectDisplayName.includes(host));

for (const dialect of DIALECTS) {
  test(`a change committed through one server reaches the live feed of another within 2 s [${dialect}]`, { timeout: 180_000 }, async (t) => {
    const database = await createTestDatabase(dialect);
    const dir = mkdtempSync(join(tmpdir(), 'vigil-live-group-'));
    const processes: JsonLinesProcess[] = [];
    let feed: { close(): void } | undefined;
    try {
      // One after the other: the first creates the group, the second joins it.
      const a = spawnJsonLines(SERVER_SCRIPT, ['--db', database.url, '--data', join(dir, 'ms-a'), '--name', 'ms-a']);
      processes.push(a);
      const { apiUrl, serverId: idA } = (await a.waitFor((l) => l.event === 'started', 60_000)) as { apiUrl: string; serverId: string };
      const b = spawnJsonLines(SERVER_SCRIPT, ['--db', database.url, '--data', join(dir, 'ms-b'), '--name', 'ms-b']);
      processes.push(b);
      const { serverId: idB } = (await b.waitFor((l) => l.event === 'started', 60_000)) as { serverId: string };
      assert.notEqual(idA, idB);

      const store = await openStore(database.url);
      let token: string;
      try {
        const nowMs = Date.now();
        const userId = await createUser(store.db, { name: 'watcher', displayName: 'Watcher', passwordHash: null, nowMs });
        await assignRole(store.db, userId, await createRole(store.db, { name: 'live-watchers', profile: 'read-only-operator', scope: { groups: [] }, nowMs }));
        token = (await createApiToken(store.db, { userId, name: 'live', nowMs, expiresAtMs: null })).secret;
      } finally {
        await store.close();
      }
      const events: LiveEvent[] = [];
      feed = followLiveFeed(apiUrl, token, events);
      await waitFor(() => events.find((e) => e.kind === 'hello'), 5_000, 'the feed of ms-a to open');

      const viaB = await commitChange(b);
      const committedAtMs = Date.now();
      const seen = await waitFor(() => stateChangesOf(events, viaB)[0], 2_000, 'the change committed through ms-b on the feed of ms-a');
      t.diagnostic(`seen on ms-a ${Date.now() - committedAtMs} ms after ms-b reported the commit`);
      assert.ok(seen.kind === 'state-change' && seen.monitorId === FREE_SPACE && seen.to === 'critical');

      const viaA = await commitChange(a);
      await waitFor(() => stateChangesOf(events, viaA)[0], 2_000, 'the change committed through ms-a on its own feed');
      // Several follower polls: ms-a must not deliver its own change a second time from the log.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      assert.equal(stateChangesOf(events, viaA).length, 1, 'a server\'s own change is delivered once');
      assert.equal(stateChangesOf(events, viaB).length, 1, 'a peer\'s change is delivered once');
    } finally {
      feed?.close();
      for (const p of processes.reverse()) await p.kill();
      rmSync(dir, { recursive: true, force: true });
      await database.drop();
    }
  });
}
