// Kills a writer with SIGKILL at arbitrary moments and checks the spool's promises on reopen:
// nothing acknowledged comes back, nothing committed is lost, and a packaged batch keeps its seq.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FakeClock } from '@vigil/core';
import type { Item } from '@vigil/protocol';
import { openSpool } from '../../src/spool/spool.ts';

const CHILD = new URL('./fixtures/spool-crash-child.ts', import.meta.url).pathname;

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-spool-crash-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

interface Reports {
  appendedMax: number;
  ackedMax: number;
  lastBatch: { seq: number; first: number; last: number } | undefined;
  lastBatchAcked: boolean;
}

/** Runs the child until it has reported `linesBeforeKill` lines, then SIGKILLs it. */
function runAndKill(path: string, linesBeforeKill: number): Promise<Reports> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, path], { stdio: ['ignore', 'pipe', 'pipe'] });
    const reports: Reports = { appendedMax: -1, ackedMax: -1, lastBatch: undefined, lastBatchAcked: false };
    let lines = 0;
    let buffered = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const complete = buffered.split('\n');
      buffered = complete.pop() ?? '';
      for (const line of complete) {
        const [what, a, b, c] = line.split(' ');
        if (what === 'appended') reports.appendedMax = Number(a);
        if (what === 'batch') {
          reports.lastBatch = { seq: Number(a), first: Number(b), last: Number(c) };
          reports.lastBatchAcked = false;
        }
        if (what === 'acked') {
          reports.ackedMax = Number(b);
          reports.lastBatchAcked = true;
        }
        if (++lines === linesBeforeKill) child.kill('SIGKILL');
      }
    });
    child.on('exit', (_code, signal) => {
      if (signal === 'SIGKILL') resolve(reports);
      else reject(new Error(`child exited without being killed: ${stderr}`));
    });
  });
}

describe('spool after SIGKILL', () => {
  for (const linesBeforeKill of [7, 40, 151]) {
    it(`keeps its promises when killed after ${linesBeforeKill} reports`, async () => {
      const path = join(dir, `crash-${linesBeforeKill}.db`);
      const reports = await runAndKill(path, linesBeforeKill);
      const spool = openSpool({ path, clock: new FakeClock() });
      try {
        const remaining: number[] = [];
        const values = (items: readonly Item[]): number[] => items.map((item) => (item.kind === 'perf' ? item.value : Number.NaN));
        const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);
        const seqs: number[] = [];
        for (let batch = spool.nextBatch(); batch !== undefined; batch = spool.nextBatch(10_000, batch.seq)) {
          seqs.push(batch.seq);
          remaining.push(...values(batch.items));
        }
        assert.equal(remaining.length, spool.pendingCount());
        // Seqs are strictly increasing and items are an unbroken run in append order.
        assert.ok(seqs.every((s, i) => i === 0 || s > seqs[i - 1]!), `seqs ${seqs.join(',')}`);
        assert.ok(remaining.every((v, i) => i === 0 || v === remaining[i - 1]! + 1), 'no holes, no reordering');
        const first = remaining[0] ?? Number.POSITIVE_INFINITY;
        const last = remaining.at(-1) ?? reports.ackedMax;
        assert.ok(first > reports.ackedMax, `acknowledged item ${first} came back (acked up to ${reports.ackedMax})`);
        assert.ok(last >= reports.appendedMax, `committed items lost: have up to ${last}, committed ${reports.appendedMax}`);
        // A packaged but unacknowledged batch is resent with the same seq and the same items.
        const inFlight = reports.lastBatch;
        if (inFlight !== undefined && !reports.lastBatchAcked && first <= inFlight.last) {
          const again = spool.nextBatch(1)!;
          assert.equal(again.seq, inFlight.seq);
          assert.deepEqual(values(again.items), range(inFlight.first, inFlight.last));
        }
      } finally {
        spool.close();
      }
    });
  }
});
