// A gateway may relay only for the agents (and chained gateways) it actually served: an in-process
// MS and hand-driven gateway links (real TLS 1.3 with gateway certificates) speaking the gateway
// protocol. A relay for an agent never announced through the gateway writes nothing and is not
// acked, while the gateway's own agents keep flowing on the same link; one served earlier is still
// accepted on a later link, after the agent moved to another gateway (store-and-forward). A gateway
// that offers the relay-refused capability gets one relay-refused per refused batch (so it can
// free the batch's slot); an older one gets nothing back, as before.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { newId, systemClock, type AgentId, type GatewayId } from '@vigil/core';
import { createKeyAndCsr } from '@vigil/pki';
import { insertAgent, insertGateway } from '@vigil/store';
import { DIALECTS } from '@vigil/store/testing';
import { CURRENT_PROTOCOL_VERSION, RELAY_REFUSED_CAPABILITY, type Hello, type Relay } from '@vigil/protocol';
import type { RunningManagementServer } from '@vigil/server';
import { approveAgent } from '../../src/enrollment/agent-approval.service.ts';
import { approveGateway } from '../../src/enrollment/gateway-approval.service.ts';
import { CERTIFICATE_SERIAL_CAPABILITY } from '../../src/link/gateway-relay.ts';
import { openTestLink, type TestLink } from './link-test-client.ts';
import { startTestServer, type TestServer } from './test-server.ts';

const COUNTER = 'route.seq';

interface GatewayIdentity {
  readonly id: GatewayId;
  readonly name: string;
  readonly serial: string;
  readonly certPem: string;
  readonly privateKeyPem: string;
}

interface AgentIdentity {
  readonly id: AgentId;
  readonly name: string;
  readonly serial: string;
}

for (const dialect of DIALECTS) {
  describe(`relay routes: a gateway relays only for what it served [${dialect}]`, () => {
    let server: RunningManagementServer;
    let testServer: TestServer;
    let url: string;

    before(async () => {
      testServer = await startTestServer(dialect, 'ms-routes');
      server = testServer.server;
      url = testServer.url;
    });
    after(() => testServer.stop());

    const approval = () => ({ db: server.store.db, ca: server.ca, clock: systemClock });

    const enrollGateway = async (name: string): Promise<GatewayIdentity> => {
      const keys = await createKeyAndCsr({ commonName: name });
      await insertGateway(server.store.db, { id: newId() as GatewayId, name, hostName: `${name}.example`, csrPem: keys.csrPem, nowMs: Date.now() });
      const approved = await approveGateway(approval(), name, 'test');
      return { id: approved.gateway.id, name, serial: approved.serial, certPem: approved.certPem, privateKeyPem: keys.privateKeyPem };
    };
    const enrollAgent = async (name: string): Promise<AgentIdentity> => {
      const keys = await createKeyAndCsr({ commonName: name });
      await insertAgent(server.store.db, { id: newId() as AgentId, name, hostName: `${name}.example`, csrPem: keys.csrPem, approvalState: 'pending', nowMs: Date.now(), decidedBy: null });
      const approved = await approveAgent(approval(), name, 'test');
      return { id: approved.agent.id, name, serial: approved.serial };
    };

    const hello = (role: Hello['role'], name: string, serial?: string, capabilities: readonly string[] = []): Hello => ({
      kind: 'hello', protocolVersions: [CURRENT_PROTOCOL_VERSION], role, agentName: name, hostName: `${name}.example`, agentVersion: '0.1.0',
      capabilities: serial === undefined ? [...capabilities] : [...capabilities, `${CERTIFICATE_SERIAL_CAPABILITY}${serial}`],
    });
    /** An established link of `gateway`, as the gateway process opens it (`capabilities` as its hello offers them). */
    const linkGateway = async (gateway: GatewayIdentity, capabilities: readonly string[] = ['relay']): Promise<TestLink> => {
      const link = await openTestLink(url, { caCertPem: server.ca.certPem, certPem: gateway.certPem, privateKeyPem: gateway.privateKeyPem });
      link.send(hello('gateway', gateway.name, undefined, capabilities));
      assert.equal((await link.next('welcome')).agentId, gateway.id);
      return link;
    };
    /** Announces an agent (or chained gateway) on a gateway link with the serial the gateway verified. */
    const announce = async (link: TestLink, role: Hello['role'], peer: { id: string; name: string; serial: string }): Promise<void> => {
      link.send(hello(role, peer.name, peer.serial));
      assert.equal((await link.next('welcome')).agentId, peer.id);
    };
    const relay = (gateway: GatewayIdentity, sourceId: string, message: Relay['message']): Relay => ({ kind: 'relay', viaGatewayId: gateway.id, agentId: sourceId, message });
    /** A relayed batch of one numbered sample of `source` (an agent, or a chained gateway's own health). */
    const batch = (gateway: GatewayIdentity, source: { id: string; name: string }, seq: number): Relay =>
      relay(gateway, source.id, { kind: 'batch', sourceId: source.id, seq, items: [{ kind: 'perf', objectKey: `agent/${source.name}`, counter: COUNTER, value: seq, timestampMs: Date.now() }] });
    const nextAck = async (link: TestLink): Promise<{ sourceId: string; seq: number }> => {
      const ack = await link.next('ack');
      return { sourceId: ack.sourceId, seq: ack.seq };
    };
    const noMoreAcks = async (link: TestLink): Promise<void> => {
      await assert.rejects(link.next('ack', 400), /no ack/, 'a refused batch is never acknowledged');
    };
    const noRefusal = async (link: TestLink, timeoutMs = 400): Promise<void> => {
      await assert.rejects(link.next('relay-refused', timeoutMs), /no relay-refused/);
    };
    const samples = async (objectKey: string): Promise<number[]> => {
      const rows = await server.store.db.selectFrom('perf_sample').innerJoin('perf_series', 'perf_series.id', 'perf_sample.series_id')
        .where('perf_series.object_key', '=', objectKey).where('perf_series.counter', '=', COUNTER).select('perf_sample.value').execute();
      return rows.map((r) => Number(r.value)).sort((a, b) => a - b);
    };
    const received = async (sourceId: string): Promise<number> =>
      (await server.store.db.selectFrom('received_batch').select('seq').where('source_id', '=', sourceId).execute()).length;
    const pick = (refusal: { agentId: string; seq: number }) => ({ agentId: refusal.agentId, seq: refusal.seq });
    const refused = (reason: string): number => server.linkStats.refused[reason] ?? 0;

    test('relays for an agent never announced through the gateway are refused, writing nothing; its own agent keeps flowing', async () => {
      const [gwA, gwB] = [await enrollGateway('gw-a'), await enrollGateway('gw-b')];
      const [served, victim] = [await enrollAgent('served01'), await enrollAgent('victim01')];
      const a = await linkGateway(gwA, ['relay', RELAY_REFUSED_CAPABILITY]);
      const b = await linkGateway(gwB);
      await announce(a, 'agent', served);
      await announce(b, 'agent', victim);
      const taskId = newId();
      await server.store.db.insertInto('task').values({
        id: taskId, agent_id: victim.id, object_id: null, task_type: 'run-command', parameters_json: '{"executable":"true"}', status: 'sent',
        output: null, exit_code: null, submitted_by: 'admin', submitted_at: Date.now(), completed_at: null, timeout_seconds: 30,
      }).execute();

      // Without the victim's certificate, gateway A cannot announce it either.
      a.send(hello('agent', victim.name, 'deadbeef'));
      assert.equal((await a.next('error')).code, 'not-enrolled');

      const before = refused('relay-not-routed');
      a.send(batch(gwA, victim, 1));
      a.send(relay(gwA, victim.id, { kind: 'task-result', taskId, status: 'succeeded', output: 'forged', exitCode: 0 }));
      a.send(relay(gwA, victim.id, { kind: 'config-ack', version: 'forged', status: 'applied' }));
      a.send(relay(gwA, victim.id, { kind: 'heartbeat', timestampMs: Date.now(), sendQueueBytes: 0 }));
      a.send(batch(gwA, served, 1));
      // Frames are handled in order: the served agent's ack comes after every refusal above.
      assert.deepEqual(await nextAck(a), { sourceId: served.id, seq: 1 });
      await noMoreAcks(a);
      // The refused batch (only the batch: the other relays hold no slot) is answered, once.
      const refusal = await a.next('relay-refused');
      assert.deepEqual({ agentId: refusal.agentId, seq: refusal.seq, code: refusal.code }, { agentId: victim.id, seq: 1, code: 'not-routed' });
      await noRefusal(a, 100);
      assert.equal(refused('relay-not-routed') - before, 4, 'each refused relay is counted');
      assert.equal(await received(victim.id), 0);
      assert.deepEqual(await samples(`agent/${victim.name}`), []);
      const task = await server.store.db.selectFrom('task').select(['status', 'output']).where('id', '=', taskId).executeTakeFirstOrThrow();
      assert.deepEqual({ ...task }, { status: 'sent', output: null });
      const config = await server.store.db.selectFrom('agent_config').select('applied_version').where('agent_id', '=', victim.id).executeTakeFirst();
      assert.notEqual(config?.applied_version, 'forged');

      // The link stayed up: the served agent's next batch flows; the victim's own gateway relays it.
      a.send(batch(gwA, served, 2));
      assert.deepEqual(await nextAck(a), { sourceId: served.id, seq: 2 });
      assert.deepEqual(await samples(`agent/${served.name}`), [1, 2]);

      // More refused batches than a gateway's in-flight window (64), legitimate ones between them:
      // each refused one is answered, each legitimate one acked, in the order sent.
      const forged = Array.from({ length: 70 }, (_, i) => i + 2);
      for (const seq of forged) {
        a.send(batch(gwA, victim, seq));
        if (seq % 10 === 0) a.send(batch(gwA, served, seq));
      }
      for (const seq of forged) assert.deepEqual(pick(await a.next('relay-refused')), { agentId: victim.id, seq });
      for (const seq of forged.filter((n) => n % 10 === 0)) assert.deepEqual(await nextAck(a), { sourceId: served.id, seq });
      await noMoreAcks(a);
      assert.equal(await received(victim.id), 0);

      b.send(batch(gwB, victim, 1));
      assert.deepEqual(await nextAck(b), { sourceId: victim.id, seq: 1 });
      assert.deepEqual(await samples(`agent/${victim.name}`), [1]);
      a.close();
      b.close();
      await Promise.all([a.closed(), b.closed()]);
    });

    test('store-and-forward: a gateway still relays, on a later link, for an agent and a chained gateway it served before they moved', async () => {
      const [gwA, gwB, leaf] = [await enrollGateway('gw-sf-a'), await enrollGateway('gw-sf-b'), await enrollGateway('gw-sf-leaf')];
      const agent = await enrollAgent('moved01');
      let a = await linkGateway(gwA);
      await announce(a, 'agent', agent);
      await announce(a, 'gateway', leaf);
      a.send(batch(gwA, agent, 1));
      assert.deepEqual(await nextAck(a), { sourceId: agent.id, seq: 1 });
      a.send(batch(gwA, leaf, 1));
      assert.deepEqual(await nextAck(a), { sourceId: leaf.id, seq: 1 });
      a.close();
      await a.closed();

      // The agent and the leaf gateway fail over to gateway B; A comes back later with its spool.
      const b = await linkGateway(gwB);
      await announce(b, 'agent', agent);
      await announce(b, 'gateway', leaf);
      a = await linkGateway(gwA);
      a.send(batch(gwA, agent, 2));
      assert.deepEqual(await nextAck(a), { sourceId: agent.id, seq: 2 });
      a.send(batch(gwA, leaf, 2));
      assert.deepEqual(await nextAck(a), { sourceId: leaf.id, seq: 2 });
      assert.deepEqual(await samples(`agent/${agent.name}`), [1, 2]);
      assert.deepEqual(await samples(`agent/${leaf.name}`), [1, 2]);

      // A chained gateway is announced with the serial its upper gateway verified, like an agent.
      const stranger = await enrollGateway('gw-sf-stranger');
      const before = refused('relay-not-routed');
      a.send(hello('gateway', stranger.name));
      assert.equal((await a.next('error')).code, 'forbidden');
      a.send(hello('gateway', stranger.name, 'deadbeef'));
      assert.equal((await a.next('error')).code, 'not-enrolled');
      a.send(batch(gwA, stranger, 1));
      a.send(batch(gwA, agent, 3));
      assert.deepEqual(await nextAck(a), { sourceId: agent.id, seq: 3 });
      await noMoreAcks(a);
      await noRefusal(a, 100); // a gateway that did not offer the capability is not sent the message
      assert.equal(refused('relay-not-routed') - before, 1);
      assert.equal(await received(stranger.id), 0);
      assert.deepEqual(await samples(`agent/${stranger.name}`), []);
      a.close();
      b.close();
      await Promise.all([a.closed(), b.closed()]);
    });
  });
}
