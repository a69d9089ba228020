// Measures what permessage-deflate saves on the gateway's upstream link, with realistic relayed
// perf batches (Linux collectors' counters for processors, logical disks, network interfaces,
// memory and load, from 50 hosts) in relay envelopes, over a real ws pair with the gateway's
// deflate settings. Prints the ratio (quoted in docs/gateways.md) and checks it stays worthwhile.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { WebSocket, WebSocketServer } from 'ws';
import { encodeFrame, type Item, type Relay } from '@vigil/protocol';
import { DEFLATE_OPTIONS } from '../../apps/gateway/src/upstream/upstream-dial.ts';

const HOSTS = 50;
const MINUTES = 10;
const GATEWAY_ID = '01a1fba3-1e71-7ddd-a194-178c37a557fd';

function hostBatch(host: number, minute: number): Relay {
  const name = `web${String(host).padStart(2, '0')}.contoso.com`;
  const at = 1_795_000_000_000 + minute * 60_000 + host * 137;
  const items: Item[] = [];
  const perf = (objectKey: string, counter: string, value: number, instance?: string): void =>
    void items.push({ kind: 'perf', objectKey, counter, value: Math.round(value * 1e6) / 1e6, timestampMs: at + items.length, ...(instance ? { instance } : {}) });
  const computer = `Vigil.Linux.Computer:${name}`;
  for (let cpu = 0; cpu < 8; cpu++) {
    for (const counter of ['processor-time.percent', 'user-time.percent', 'system-time.percent', 'iowait-time.percent', 'steal-time.percent']) perf(`Vigil.Linux.Processor:${name}/${cpu}`, counter, Math.random() * 100);
  }
  for (const mount of ['/', '/var', '/home', '/boot']) {
    const disk = `Vigil.Linux.LogicalDisk:${name}/${mount}`;
    for (const counter of ['total.bytes', 'used.bytes', 'free.bytes']) perf(disk, counter, Math.floor(Math.random() * 5e11));
    perf(disk, 'free.percent', Math.random() * 100);
    for (const counter of ['reads-per-second', 'writes-per-second', 'read.bytes-per-second', 'written.bytes-per-second', 'busy.percent']) perf(disk, counter, Math.random() * 1000);
  }
  for (const nic of ['eth0', 'eth1', 'lo']) {
    for (const counter of ['received.bytes-per-second', 'sent.bytes-per-second', 'received.packets-per-second', 'sent.packets-per-second', 'errors-per-second']) perf(`Vigil.Linux.NetworkInterface:${name}/${nic}`, counter, Math.random() * 1e7);
  }
  for (const counter of ['available.bytes', 'used.percent', 'swap-used.percent', 'cached.bytes']) perf(computer, counter, Math.random() * 1e10);
  for (const counter of ['load-average-1m', 'load-average-5m', 'load-average-15m', 'runnable-tasks.count', 'scheduling-entities.count']) perf(computer, counter, Math.random() * 16);
  const agentId = `01a1fba3-0000-7000-8000-${String(host).padStart(12, '0')}`;
  return { kind: 'relay', viaGatewayId: GATEWAY_ID, agentId, message: { kind: 'batch', sourceId: agentId, seq: minute + 1, items } };
}

async function wireBytes(frames: readonly string[], deflate: boolean): Promise<number> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: deflate ? DEFLATE_OPTIONS : false });
  await once(wss, 'listening');
  const done = new Promise<number>((resolve) => {
    wss.on('connection', (ws, request) => {
      let received = 0;
      ws.on('message', () => {
        if (++received === frames.length) resolve(request.socket.bytesRead);
      });
    });
  });
  const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}/link`, { perMessageDeflate: deflate ? DEFLATE_OPTIONS : false });
  await once(client, 'open');
  for (const frame of frames) client.send(frame);
  const bytes = await done;
  client.terminate();
  await new Promise<void>((resolve) => wss.close(() => resolve()));
  return bytes;
}

test('permessage-deflate on the upstream link: measured ratio on realistic relayed perf batches', async (t) => {
  const frames: string[] = [];
  for (let minute = 0; minute < MINUTES; minute++) for (let host = 0; host < HOSTS; host++) frames.push(encodeFrame(hostBatch(host, minute)));
  const json = frames.reduce((sum, f) => sum + Buffer.byteLength(f), 0);
  const plain = await wireBytes(frames, false);
  const compressed = await wireBytes(frames, true);
  const ratio = plain / compressed;
  t.diagnostic(`${frames.length} relayed batches (${(JSON.parse(frames[0]!) as { message: { items: unknown[] } }).message.items.length} items each): JSON ${json} B, wire without deflate ${plain} B, with deflate ${compressed} B, ratio ${ratio.toFixed(2)}:1`);
  assert.ok(ratio > 3, `deflate should at least triple the upstream capacity on perf data (got ${ratio.toFixed(2)}:1)`);
});
