// The upstream session's answer to refused relayed batches: a `relay-refused` frees the batch's
// in-flight slot at once and sets it aside in the (real) relay spool, so a window's worth of
// refused batches and more never stops the other agents' data; a set-aside batch is offered once
// on each later link and deleted when an MS finally acks it. The link is an in-memory fake MS that
// answers asynchronously, like a socket.
import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeClock } from '@vigil/core';
import { silentLogger } from '@vigil/core/logging';
import type { ClientMessage, Item, ServerMessage, Welcome } from '@vigil/protocol';
import { openRelaySpool, type RelaySpool } from '../../src/spool/relay-spool.ts';
import { startUpstreamSession, type UpstreamSession } from '../../src/upstream/upstream-session.ts';
import type { UpstreamLink } from '../../src/link/frame-link.ts';

const GATEWAY = '01a1fba3-0000-7000-8000-0000000000ff';
const LEGIT = '01a1fba3-0000-7000-8000-000000000001';
const FORGED = '01a1fba3-0000-7000-8000-000000000002';
const MAX_IN_FLIGHT = 64;
const items = (seq: number): Item[] => [{ kind: 'perf', objectKey: 'agent/x', counter: 'test.seq', value: seq, timestampMs: 1 }];

/** A fake MS: acks relayed batches of routed sources, answers the others with relay-refused (or silence). */
function fakeServer(routed: ReadonlySet<string>, options: { answersRefusals: boolean } = { answersRefusals: true }) {
  const sent: Array<{ sourceId: string; seq: number }> = [];
  let handler: ((message: ServerMessage) => void) | undefined;
  let open = true;
  let closeLink!: (reason: string) => void;
  const closed = new Promise<string>((resolve) => (closeLink = resolve));
  const reply = (message: ServerMessage): void => void setImmediate(() => open && handler?.(message));
  const link: UpstreamLink = {
    remote: 'fake-ms',
    closed,
    send(message: ClientMessage) {
      if (!open) return false;
      if (message.kind !== 'relay' || message.message.kind !== 'batch') return true;
      const { sourceId, seq } = message.message;
      sent.push({ sourceId, seq });
      if (routed.has(sourceId)) reply({ kind: 'ack', sourceId, seq });
      else if (options.answersRefusals) reply({ kind: 'relay-refused', agentId: sourceId, seq, code: 'not-routed', message: `${sourceId} was never announced through this gateway.` });
      return true;
    },
    listen: (next) => void (handler = next),
    first: () => Promise.resolve(undefined),
    pause: () => undefined,
    resume: () => undefined,
    isOpen: () => open,
    async close(_code, reason) {
      open = false;
      closeLink(reason);
    },
  };
  return { link, sent };
}

const welcome: Welcome = { kind: 'welcome', protocolVersion: 1, managementServerName: 'ms1', groupName: 'g', agentId: GATEWAY, heartbeatIntervalSeconds: 60, failoverServers: [], committedSeq: 0 };

/** Lets the fake MS's answers (and the session's reactions to them) run until nothing moves. */
async function settle(session: UpstreamSession, spool: RelaySpool): Promise<void> {
  let last = '';
  for (let i = 0; i < 1000; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    const now = `${session.inFlight()}/${spool.stats().pendingBatches}/${spool.stats().refusedByServer}`;
    if (now === last) return;
    last = now;
  }
}

describe('upstream session: refused relayed batches', () => {
  let dir: string;
  let spool: RelaySpool;
  let clock: FakeClock;
  const start = (link: UpstreamLink): UpstreamSession =>
    startUpstreamSession(link, welcome, { spool, deliver: () => undefined, onFailoverList: () => undefined }, { clock, logger: silentLogger(), maxInFlightBatches: MAX_IN_FLIGHT, heartbeatIntervalMs: 60_000 });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'upstream-session-'));
    clock = new FakeClock();
    spool = openRelaySpool({ path: join(dir, 'relay.sqlite'), quotaBytes: 64 * 1024 * 1024, clock });
    // More refused batches than the in-flight window, ahead of the legitimate agent's.
    for (let seq = 1; seq <= 3 * MAX_IN_FLIGHT; seq++) spool.store(FORGED, seq, items(seq));
    for (let seq = 1; seq <= 20; seq++) spool.store(LEGIT, seq, items(seq));
  });
  afterEach(() => {
    spool.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('frees the slot of each refused batch and sets it aside, so legitimate data keeps flowing', async () => {
    const ms = fakeServer(new Set([LEGIT]));
    const session = start(ms.link);
    await settle(session, spool);
    assert.equal(session.inFlight(), 0, 'no slot stays held by a refused batch');
    assert.deepEqual(ms.sent.filter((b) => b.sourceId === LEGIT).map((b) => b.seq), Array.from({ length: 20 }, (_, i) => i + 1));
    assert.equal(ms.sent.filter((b) => b.sourceId === FORGED).length, 3 * MAX_IN_FLIGHT, 'each refused batch is sent once on a link');
    const stats = spool.stats();
    assert.deepEqual(
      { pending: stats.pendingBatches, held: stats.refusedHeldBatches, refusals: stats.refusedByServer, dropped: stats.refusedDroppedBatches },
      { pending: 3 * MAX_IN_FLIGHT, held: 3 * MAX_IN_FLIGHT, refusals: 3 * MAX_IN_FLIGHT, dropped: 0 },
      'the legitimate batches were acked and deleted; the refused ones are held, counted',
    );

    // A batch stored later still goes up on the same link; the set-aside ones are not resent.
    spool.store(LEGIT, 21, items(21));
    session.wake();
    await settle(session, spool);
    assert.deepEqual(ms.sent.slice(-1), [{ sourceId: LEGIT, seq: 21 }]);
    assert.equal(ms.sent.length, 3 * MAX_IN_FLIGHT + 21);
    await session.end('test');
  });

  it('without relay-refused (an older MS) the refused batches fill the window: what the message fixes', async () => {
    const ms = fakeServer(new Set([LEGIT]), { answersRefusals: false });
    const session = start(ms.link);
    await settle(session, spool);
    assert.equal(session.inFlight(), MAX_IN_FLIGHT);
    assert.equal(ms.sent.filter((b) => b.sourceId === LEGIT).length, 0);
    await session.end('test');
  });

  it('offers set-aside batches once on each new link; an ack there deletes them', async () => {
    const first = fakeServer(new Set([LEGIT]));
    let session = start(first.link);
    await settle(session, spool);
    await session.end('link lost');

    const second = fakeServer(new Set([LEGIT]));
    session = start(second.link);
    await settle(session, spool);
    assert.equal(second.sent.length, 3 * MAX_IN_FLIGHT, 'each set-aside batch once, nothing else left');
    assert.equal(spool.stats().refusedByServer, 2 * 3 * MAX_IN_FLIGHT);
    await session.end('link lost');

    // The source has been announced through this gateway since: the next link delivers its batches.
    const third = fakeServer(new Set([LEGIT, FORGED]));
    session = start(third.link);
    await settle(session, spool);
    const stats = spool.stats();
    assert.deepEqual([stats.pendingBatches, stats.refusedHeldBatches, stats.refusedDroppedBatches, session.inFlight()], [0, 0, 0, 0]);
    await session.end('test');
  });
});
