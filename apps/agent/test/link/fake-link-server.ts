// A test double of the management server's link endpoint, on real TLS with the real pki: enough
// of the protocol to test the agent's client behaviour (enrollment outcomes, hello/welcome,
// batches with dedupe by (sourceId, seq) and cumulative acks, control messages). Two instances
// can share one FakeDatabase to stand for two management servers on one operational database.
import { createServer, type Server } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { randomUUID } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  createKeyPair, issueCertificate, signCsr, tlsServerOptions, verifyPeerCertificate, type CertificateAuthority,
} from '@vigil/pki';
import { decodeFrame, encodeFrame, type Batch, type ClientMessage, type ServerAddress, type ServerMessage } from '@vigil/protocol';

export type EnrollmentMode = 'approve' | 'pending' | 'reject';

export interface FakeDatabase {
  /** Committed batches per source, by seq: a replay is acked without being stored twice. */
  readonly committed: Map<string, Map<number, Batch>>;
  readonly agentIds: Map<string, string>;
}

export function createFakeDatabase(): FakeDatabase {
  return { committed: new Map(), agentIds: new Map() };
}

export interface FakeLinkServerOptions {
  readonly ca: CertificateAuthority;
  readonly name?: string;
  readonly port?: number;
  readonly db?: FakeDatabase;
  readonly enrollment?: EnrollmentMode;
  readonly heartbeatIntervalSeconds?: number;
  readonly failoverServers?: readonly ServerAddress[];
  readonly configVersion?: string;
}

export interface FakeLinkServer {
  readonly address: ServerAddress;
  readonly db: FakeDatabase;
  /** Every message received, with whether its link had a client certificate. */
  readonly received: Array<{ readonly message: ClientMessage; readonly authenticated: boolean }>;
  enrollment: EnrollmentMode;
  /** When false, batches are recorded in `received` but neither committed nor acked. */
  autoAck: boolean;
  sessionCount(): number;
  /** Sends to every welcomed session. */
  broadcast(message: ServerMessage): void;
  /** Drops every connection (as a crashed server would) but keeps listening. */
  dropConnections(): void;
  stop(): Promise<void>;
}

export async function startFakeLinkServer(options: FakeLinkServerOptions): Promise<FakeLinkServer> {
  const name = options.name ?? 'ms1';
  const keys = await createKeyPair();
  const issued = await issueCertificate(options.ca, {
    role: 'management-server', subjectName: name, publicKeyPem: keys.publicKeyPem, ipAddresses: ['127.0.0.1'], dnsNames: ['localhost'], validityDays: 30,
  });
  const identity = { certPem: issued.certPem, privateKeyPem: keys.privateKeyPem, caCertPem: options.ca.certPem };
  // Enrollment links come without a client certificate, so the handshake may not require one.
  const https: Server = createServer({ ...tlsServerOptions(identity), rejectUnauthorized: false });
  const wss = new WebSocketServer({ server: https, path: '/link' });
  const db = options.db ?? createFakeDatabase();
  const sessions = new Set<WebSocket>();
  const sockets = new Set<WebSocket>();
  const server: FakeLinkServer = {
    address: { host: '127.0.0.1', port: 0 },
    db,
    received: [],
    enrollment: options.enrollment ?? 'approve',
    autoAck: true,
    sessionCount: () => sessions.size,
    broadcast: (message) => sessions.forEach((ws) => ws.send(encodeFrame(message))),
    dropConnections: () => sockets.forEach((ws) => ws.terminate()),
    async stop() {
      for (const ws of sockets) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => https.close(() => resolve()));
      https.closeAllConnections();
    },
  };

  wss.on('connection', (ws, request) => {
    sockets.add(ws);
    const tlsSocket = request.socket as TLSSocket;
    const peer = tlsSocket.getPeerCertificate();
    const verdict = peer.raw === undefined ? undefined : verifyPeerCertificate(options.ca, peer.raw, { revokedSerials: new Set(), nowMs: Date.now(), expectedRoles: ['agent'] });
    const agentName = verdict?.status === 'trusted' ? verdict.commonName : undefined;
    const send = (message: ServerMessage): void => ws.send(encodeFrame(message));
    ws.on('close', () => (sockets.delete(ws), sessions.delete(ws)));
    ws.on('message', (data: Buffer) => {
      const decoded = decodeFrame(data, 'to-server');
      if (decoded.kind !== 'ok') {
        send({ kind: 'error', code: 'invalid-message', message: decoded.message, fatal: true });
        return ws.close();
      }
      const message = decoded.message;
      server.received.push({ message, authenticated: agentName !== undefined });
      if (agentName === undefined) {
        if (message.kind !== 'enroll-request') {
          send({ kind: 'error', code: 'not-enrolled', message: 'Enroll first.', fatal: true });
          return ws.close();
        }
        return void enroll(message.csrPem).then(send);
      }
      switch (message.kind) {
        case 'hello': {
          const agentId = db.agentIds.get(agentName) ?? randomUUID();
          db.agentIds.set(agentName, agentId);
          sessions.add(ws);
          const committed = db.committed.get(agentId);
          return send({
            kind: 'welcome', protocolVersion: 1, managementServerName: name, groupName: options.ca.groupName, agentId,
            heartbeatIntervalSeconds: options.heartbeatIntervalSeconds ?? 60,
            failoverServers: [...(options.failoverServers ?? [])],
            ...(options.configVersion === undefined ? {} : { configVersion: options.configVersion }),
            committedSeq: committed === undefined || committed.size === 0 ? 0 : Math.max(...committed.keys()),
          });
        }
        case 'batch': {
          if (!server.autoAck) return;
          const batches = db.committed.get(message.sourceId) ?? new Map<number, Batch>();
          db.committed.set(message.sourceId, batches);
          if (!batches.has(message.seq)) batches.set(message.seq, message);
          return send({ kind: 'ack', sourceId: message.sourceId, seq: message.seq });
        }
        default:
          return;
      }
    });
  });

  async function enroll(csrPem: string): Promise<ServerMessage> {
    if (server.enrollment === 'pending') return { kind: 'enroll-result', status: 'pending', retryAfterSeconds: 1, message: 'Waiting for an administrator to approve this agent.' };
    if (server.enrollment === 'reject') return { kind: 'enroll-result', status: 'rejected', message: 'The management group rejects new agents.' };
    const signed = await signCsr(options.ca, csrPem, { role: 'agent', validityDays: 30 });
    return { kind: 'enroll-result', status: 'approved', certPem: signed.certPem, caCertPem: options.ca.certPem };
  }

  await new Promise<void>((resolve, reject) => {
    https.once('error', reject);
    https.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  Object.assign(server.address, { port: (https.address() as { port: number }).port });
  return server;
}
