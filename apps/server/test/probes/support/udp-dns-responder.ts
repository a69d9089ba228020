// Test support: a tiny authoritative DNS responder on UDP loopback (no Debian DNS server is
// installed here). Answers A and TXT queries for the names it is given, NXDOMAIN otherwise.
import { createSocket, type Socket } from 'node:dgram';

export interface DnsResponder {
  readonly port: number;
  readonly queries: string[];
  close(): Promise<void>;
}

export type DnsZone = Readonly<Record<string, { readonly A?: readonly string[]; readonly TXT?: readonly string[] }>>;

const TYPE_A = 1;
const TYPE_TXT = 16;

export async function startDnsResponder(zone: DnsZone): Promise<DnsResponder> {
  const queries: string[] = [];
  const socket: Socket = createSocket('udp4');
  socket.on('message', (message, peer) => {
    const { name, type, end } = readQuestion(message);
    queries.push(`${name} ${type}`);
    const entry = zone[name.toLowerCase()];
    const answers = type === TYPE_A ? (entry?.A ?? []).map(aRecord) : type === TYPE_TXT ? (entry?.TXT ?? []).map(txtRecord) : [];
    const header = Buffer.alloc(12);
    message.copy(header, 0, 0, 2);
    header.writeUInt16BE(0x8400 | (entry ? 0 : 3), 2); // response, authoritative, NOERROR / NXDOMAIN
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(answers.length, 6);
    const question = message.subarray(12, end);
    const records = answers.map((rdata) => {
      const fixed = Buffer.alloc(10);
      fixed.writeUInt16BE(type, 0);
      fixed.writeUInt16BE(1, 2);
      fixed.writeUInt32BE(60, 4);
      fixed.writeUInt16BE(rdata.length, 8);
      return Buffer.concat([Buffer.from([0xc0, 0x0c]), fixed, rdata]);
    });
    socket.send(Buffer.concat([header, question, ...records]), peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return { port: socket.address().port, queries, close: () => new Promise((resolve) => socket.close(() => resolve())) };
}

function readQuestion(message: Buffer): { name: string; type: number; end: number } {
  const labels: string[] = [];
  let offset = 12;
  while (message[offset]! > 0) {
    const length = message[offset]!;
    labels.push(message.subarray(offset + 1, offset + 1 + length).toString('ascii'));
    offset += length + 1;
  }
  offset += 1;
  return { name: labels.join('.'), type: message.readUInt16BE(offset), end: offset + 4 };
}

function aRecord(address: string): Buffer {
  return Buffer.from(address.split('.').map(Number));
}

function txtRecord(text: string): Buffer {
  return Buffer.concat([Buffer.from([text.length]), Buffer.from(text, 'ascii')]);
}
