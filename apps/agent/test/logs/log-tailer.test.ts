// The tailer against real files in a temporary directory: rotation by rename, copytruncate,
// truncation, replacement, multi-file globs and restarts. Every test asserts the exact line list:
// nothing twice, nothing skipped.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, copyFile, mkdir, mkdtemp, open, readdir, readFile, rename, rm, truncate, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakeClock, isVigilError } from '@vigil/core';
import { createJsonFilePositionStore } from '../../src/logs/json-file.position-store.ts';
import { createLogTailer, type LogTailer, type LogTailerOptions } from '../../src/logs/log-tailer.ts';

async function tempDir(t: TestContext): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'vigil-logs-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await mkdir(path.join(dir, 'logs'));
  return dir;
}

function tailer(dir: string, globs: string[], extra: Partial<LogTailerOptions> = {}): LogTailer {
  return createLogTailer({ globs, store: createJsonFilePositionStore(path.join(dir, 'positions.json')), clock: new FakeClock(), firstStart: 'start', ...extra });
}

/** Reads and commits one batch; returns its lines. */
async function poll(t: LogTailer): Promise<string[]> {
  const batch = await t.read();
  await batch.commit();
  return batch.lines.map((l) => l.line);
}

test('new lines are delivered once; a partial last line waits until it is complete', async (t) => {
  const dir = await tempDir(t);
  const log = path.join(dir, 'logs', 'app.log');
  await writeFile(log, 'one\ntwo\n');
  const tail = tailer(dir, [log]);
  assert.deepEqual(await poll(tail), ['one', 'two']);
  assert.deepEqual(await poll(tail), []);
  await appendFile(log, 'thr');
  assert.deepEqual(await poll(tail), []);
  await appendFile(log, 'ee\r\nfour\n');
  assert.deepEqual(await poll(tail), ['three', 'four']);
});

test('rotation by rename: the old file is drained (including late writes) before the new one', async (t) => {
  const dir = await tempDir(t);
  const log = path.join(dir, 'logs', 'app.log');
  const writer = await open(log, 'a');
  t.after(() => writer.close());
  await writer.write('a\nb\n');
  const tail = tailer(dir, [log]);
  assert.deepEqual(await poll(tail), ['a', 'b']);
  await writer.write('c\n');
  await rename(log, `${log}.1`);
  await writer.write('d (late write to the renamed file)\n');
  await writeFile(log, 'e\n');
  assert.deepEqual(await poll(tail), ['c', 'd (late write to the renamed file)', 'e']);
  await writer.write('f (even later)\n');
  await appendFile(log, 'g\n');
  assert.deepEqual(await poll(tail), ['f (even later)', 'g']);
});

test('copytruncate: lines copied away before the truncate are read from the copy, then the file restarts', async (t) => {
  const dir = await tempDir(t);
  const log = path.join(dir, 'logs', 'app.log');
  await writeFile(log, 'a\nb\n');
  const tail = tailer(dir, [log]);
  assert.deepEqual(await poll(tail), ['a', 'b']);
  await appendFile(log, 'c\n');
  await copyFile(log, `${log}.1`);
  await truncate(log, 0);
  await appendFile(log, 'd\n');
  assert.deepEqual(await poll(tail), ['c', 'd']);
  await appendFile(log, 'e\n');
  assert.deepEqual(await poll(tail), ['e']);
});

test('truncation in place, even when refilled beyond the old offset, restarts at the beginning', async (t) => {
  const dir = await tempDir(t);
  const log = path.join(dir, 'logs', 'app.log');
  await writeFile(log, 'first line\n');
  const tail = tailer(dir, [log]);
  assert.deepEqual(await poll(tail), ['first line']);
  await truncate(log, 0);
  await appendFile(log, 'x\n');
  assert.deepEqual(await poll(tail), ['x']);
  // Truncated and refilled past our offset between two polls: the first bytes differ, so it is new content.
  await truncate(log, 0);
  await appendFile(log, 'new content 1\nnew content 2\n');
  assert.deepEqual(await poll(tail), ['new content 1', 'new content 2']);
});

test('a deleted and re-created file (possibly with the same inode) is read from its beginning', async (t) => {
  const dir = await tempDir(t);
  const log = path.join(dir, 'logs', 'app.log');
  await writeFile(log, 'old 1\nold 2\n');
  const tail = tailer(dir, [log]);
  assert.deepEqual(await poll(tail), ['old 1', 'old 2']);
  await unlink(log);
  await writeFile(log, 'NEW 1\nNEW 2\nNEW 3\n');
  assert.deepEqual(await poll(tail), ['NEW 1', 'NEW 2', 'NEW 3']);
});

test('restart resumes exactly at the committed position; an uncommitted batch is delivered again', async (t) => {
  const dir = await tempDir(t);
  const log = path.join(dir, 'logs', 'app.log');
  await writeFile(log, '1\n2\n');
  assert.deepEqual(await poll(tailer(dir, [log])), ['1', '2']);
  await appendFile(log, '3\n4\npart');
  const second = tailer(dir, [log]);
  assert.deepEqual(await poll(second), ['3', '4']);
  await appendFile(log, 'ial\n5\n');
  const uncommitted = await tailer(dir, [log]).read();
  assert.deepEqual(uncommitted.lines.map((l) => l.line), ['partial', '5']);
  const third = tailer(dir, [log]);
  assert.deepEqual(await poll(third), ['partial', '5']);
  await appendFile(log, '6\n');
  assert.deepEqual(await poll(tailer(dir, [log])), ['6']);
  assert.deepEqual((await readdir(dir)).sort(), ['logs', 'positions.json']);
});

test('rotation while the agent was stopped: the renamed file is found by inode and finished first', async (t) => {
  const dir = await tempDir(t);
  const log = path.join(dir, 'logs', 'app.log');
  await writeFile(log, 'a\n');
  assert.deepEqual(await poll(tailer(dir, [log])), ['a']);
  await appendFile(log, 'b\n');
  await rename(log, `${log}.1`);
  await writeFile(log, 'c\n');
  assert.deepEqual(await poll(tailer(dir, [log])), ['b', 'c']);
});

test('multi-file globs: each file followed; new files from the start; first start can skip history', async (t) => {
  const dir = await tempDir(t);
  const logs = path.join(dir, 'logs');
  await writeFile(path.join(logs, 'a.log'), 'a-old\n');
  await writeFile(path.join(logs, 'b.log'), 'b-old\n');
  await writeFile(path.join(logs, 'ignored.txt'), 'nope\n');
  const tail = tailer(dir, [path.join(logs, '*.log')], { firstStart: 'end' });
  assert.deepEqual(await poll(tail), []);
  await appendFile(path.join(logs, 'a.log'), 'a-new\n');
  await appendFile(path.join(logs, 'b.log'), 'b-new\n');
  await writeFile(path.join(logs, 'c.log'), 'c-1\n');
  const batch = await tail.read();
  assert.deepEqual(batch.lines.map((l) => [path.basename(l.path), l.line]), [['a.log', 'a-new'], ['b.log', 'b-new'], ['c.log', 'c-1']]);
});

test('pattern: only matching lines are returned, with named groups; the rest is consumed', async (t) => {
  const dir = await tempDir(t);
  const log = path.join(dir, 'logs', 'app.log');
  await writeFile(log, 'INFO ok\nERROR 42 disk full\nINFO fine\nERROR 7 oops\n');
  const tail = tailer(dir, [log], { pattern: /^ERROR (?<code>\d+)/ });
  const batch = await tail.read();
  assert.deepEqual(batch.lines.map((l) => [l.line, l.groups.code]), [['ERROR 42 disk full', '42'], ['ERROR 7 oops', '7']]);
  assert.deepEqual((await tail.read()).lines, []);
});

test('a corrupt position file is a clear AGENT_LOG_POSITIONS_CORRUPT error', async (t) => {
  const dir = await tempDir(t);
  await writeFile(path.join(dir, 'positions.json'), '{"version":1,"positions":[{"path":1}]}');
  await assert.rejects(tailer(dir, [path.join(dir, 'logs', '*.log')]).read(), (error) => isVigilError(error, 'AGENT_LOG_POSITIONS_CORRUPT'));
  await writeFile(path.join(dir, 'positions.json'), 'not json');
  await assert.rejects(createJsonFilePositionStore(path.join(dir, 'positions.json')).load(), /cannot be used \(not JSON\)/);
  assert.equal(await createJsonFilePositionStore(path.join(dir, 'absent.json')).load(), undefined);
  assert.ok((await readFile(path.join(dir, 'positions.json'), 'utf8')).length > 0);
});

test('a rotated-away file is watched for late writes until it has been idle for the grace period', async (t) => {
  const dir = await tempDir(t);
  const log = path.join(dir, 'logs', 'app.log');
  const writer = await open(log, 'a');
  t.after(() => writer.close());
  await writer.write('a\n');
  const clock = new FakeClock();
  const tail = tailer(dir, [log], { clock, rotatedGraceMs: 60_000 });
  assert.deepEqual(await poll(tail), ['a']);
  await rename(log, `${log}.1`);
  await writeFile(log, '');
  assert.deepEqual(await poll(tail), []);
  await clock.advance(30_000);
  await writer.write('late\n');
  assert.deepEqual(await poll(tail), ['late']);
  await clock.advance(60_001);
  assert.deepEqual(await poll(tail), []);
  await writer.write('after the grace period: no longer followed\n');
  assert.deepEqual(await poll(tail), []);
  const positions = JSON.parse(await readFile(path.join(dir, 'positions.json'), 'utf8')) as { positions: { path: string }[] };
  assert.deepEqual(positions.positions.map((p) => path.basename(p.path)), ['app.log']);
});
