// The live feed end to end on a listening API: a state change written through the real ingest
// path (queue -> writer -> commit -> change feed) arrives on GET /api/v1/live for a bearer token
// and for a console cookie session, with heartbeats; a caller
// scoped to another group sees heartbeats only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { newId, silentLogger, type AgentId } from '@vigil/core';
import type { LiveEvent } from '@vigil/protocol';
import { insertAgent } from '@vigil/store';
import { DIALECTS } from '@vigil/store/testing';
import { createChangeFeed } from '../../src/health/change-feed.ts';
import { createIngestQueue } from '../../src/ingest/ingest-queue.ts';
import { createObjectResolver } from '../../src/ingest/object-resolver.ts';
import { fixedMonitorRules } from '../../src/health/monitor-rules.ts';
import { startApiHarness, type Session } from './api-harness.ts';
import { importPacks } from './monitoring-fixtures.ts';

const DISK = 'Vigil.Linux.LogicalDisk:web01/var';
const FREE_SPACE = 'Vigil.Linux.LogicalDisk.FreeSpace';

/** SSE blocks -> events (the server writes `data:` on one line per event). */
function parse(buffer: { text: string }, chunk: string): LiveEvent[] {
  buffer.text += chunk;
  const blocks = buffer.text.split('\n\n');
  buffer.text = blocks.pop()!;
  return blocks.flatMap((block) => block.split('\n').filter((l) => l.startsWith('data: ')).map((l) => JSON.parse(l.slice(6)) as LiveEvent));
}

/** Opens the feed with `headers`; events go to `onEvent`; `close()` ends it early. */
function openFeed(baseUrl: string, query: string, headers: Record<string, string>, onEvent: (e: LiveEvent) => void): { done: Promise<void>; close(): void } {
  let req: ReturnType<typeof request> | undefined;
  const done = new Promise<void>((resolve, reject) => {
    const buffer = { text: '' };
    req = request(`${baseUrl}/api/v1/live${query}`, { headers: { ...headers, accept: 'text/event-stream' } }, (res) => {
      assert.equal(res.headers['content-type'], 'text/event-stream; charset=utf-8');
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => parse(buffer, chunk).forEach(onEvent));
      res.on('end', () => resolve());
      res.on('close', () => resolve());
    });
    req.on('error', (error) => (error.message === 'closed' ? resolve() : reject(error)));
    req.end();
  });
  return { done, close: () => req?.destroy(new Error('closed')) };
}

function readWithCookie(baseUrl: string, session: Session, count: number): Promise<LiveEvent[]> {
  const events: LiveEvent[] = [];
  return openFeed(baseUrl, `?maxEvents=${count}`, { cookie: session.cookie! }, (e) => events.push(e)).done.then(() => events);
}

for (const dialect of DIALECTS) {
  test(`a state change through ingest arrives on /live, for tokens and cookie sessions, in scope only [${dialect}]`, async () => {
    const changes = createChangeFeed(() => undefined);
    const h = await startApiHarness(dialect, { prepare: importPacks, extra: { changes, liveHeartbeatMs: 100 } });
    const ingest = createIngestQueue(
      { db: h.store.db, clock: h.clock, objects: createObjectResolver(), seriesIds: new Map(), rules: fixedMonitorRules({ [FREE_SPACE]: { name: 'Disk space is low', priority: 'high', alertOn: 'warning' } }) },
      silentLogger(),
    );
    ingest.onCommitted((effects) => changes.publish(effects));
    try {
      await h.app.listen({ host: '127.0.0.1', port: 0 });
      const baseUrl = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
      await h.createUser('watcher', [{ profile: 'read-only-operator' }]);
      await h.createUser('elsewhere', [{ profile: 'read-only-operator', groups: ['Nobody'] }]);
      const token = (await h.login('watcher', 'token')).token!;
      const cookieSession = await h.login('watcher');
      const elsewhere = (await h.login('elsewhere', 'token')).token!;

      const viaToken: LiveEvent[] = [];
      const tokenFeed = openFeed(baseUrl, '?kinds=state-change,alert', { authorization: `Bearer ${token}` }, (event) => viaToken.push(event));
      const scopedSeen: LiveEvent[] = [];
      const scopedFeed = openFeed(baseUrl, '?maxEvents=12', { authorization: `Bearer ${elsewhere}` }, (event) => scopedSeen.push(event));
      const heartbeats = readWithCookie(baseUrl, cookieSession, 3);
      await new Promise((resolve) => setTimeout(resolve, 150));

      const agentId = newId<AgentId>();
      await insertAgent(h.store.db, { id: agentId, name: 'web01', hostName: 'web01', csrPem: 'CSR', approvalState: 'approved', nowMs: h.clock.nowMs(), decidedBy: 'test' });
      const outcome = await ingest.submit({
        source: { agentId, agentName: 'web01', hostName: 'web01' }, seq: 1,
        items: [{ kind: 'state-change', objectKey: DISK, monitorId: FREE_SPACE, fromState: 'healthy', toState: 'critical', timestampMs: h.clock.nowMs(), context: { freePercent: 3 } }],
      });
      assert.equal(outcome.status, 'committed');

      const deadline = Date.now() + 5000;
      while (!viaToken.some((e) => e.kind === 'alert') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      tokenFeed.close();
      await tokenFeed.done;
      const stateChange = viaToken.find((e) => e.kind === 'state-change');
      assert.ok(stateChange && stateChange.kind === 'state-change', `no state change in ${JSON.stringify(viaToken)}`);
      assert.equal(stateChange.to, 'critical');
      assert.equal(stateChange.monitorId, FREE_SPACE);
      const alert = viaToken.find((e) => e.kind === 'alert');
      assert.ok(alert && alert.kind === 'alert');
      assert.equal(alert.change, 'raised');
      assert.equal(alert.alert?.name, 'Disk space is low');

      const cookieEvents = await heartbeats;
      assert.equal(cookieEvents[0]!.kind, 'hello');
      assert.ok(cookieEvents.some((e) => e.kind === 'heartbeat'));
      await scopedFeed.done;
      assert.deepEqual(scopedSeen.map((e) => e.kind).filter((k) => k !== 'heartbeat'), ['hello'], 'out-of-scope changes are not delivered');
    } finally {
      await ingest.close();
      await h.close();
    }
  });
}
