// Every probe against a real peer on loopback: ping, a TCP listener, HTTP and HTTPS (certificate
// from @vigil/pki), a Prometheus endpoint, a UDP DNS responder, and Debian's snmpd (v1, v2c, v3).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer } from 'node:net';
import { systemClock } from '@vigil/core';
import { createCertificateAuthority, createKeyAndCsr, signCsr } from '@vigil/pki';
import { PROBE_REGISTRY, validateProbe } from '../../src/probes/probe-registry.ts';
import type { ProbeContext, ProbeOutcome } from '../../src/probes/probe.ts';
import { startDnsResponder } from './support/udp-dns-responder.ts';
import { SNMP_V3_USER, snmpdInstalled, startSnmpd } from './support/snmpd-peer.ts';

function context(memory: { value?: unknown } = {}, signal = new AbortController().signal): ProbeContext {
  return { signal, clock: systemClock, memory: { get: () => memory.value, set: (v) => void (memory.value = v) }, userAgent: 'Vigil-Test' };
}

async function run(probeId: string, config: Record<string, unknown>, ctx = context()): Promise<ProbeOutcome> {
  assert.deepEqual(validateProbe(probeId, config), [], `config of ${probeId} is valid`);
  return PROBE_REGISTRY.get(probeId)!.run(config as never, ctx);
}

async function listen(server: Server | ReturnType<typeof createTcpServer>): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

test('every probe validates its configuration with sentences naming the field', () => {
  assert.deepEqual(validateProbe('nope', {}), ['probe "nope" does not exist (known: icmp, tcp, http, dns, snmp, prometheus)']);
  assert.ok(validateProbe('http', { url: 'ftp://x' }).some((e) => e.includes('"url"')));
  assert.ok(validateProbe('tcp', { host: 'h', port: 70000 }).some((e) => e.includes('"port"')));
  assert.ok(validateProbe('snmp', { host: 'h', version: '3', operation: 'get', oids: ['1.3.6'], user: { name: 'u', level: 'authPriv' } }).some((e) => e.includes('"authKey"')));
  assert.ok(validateProbe('icmp', { host: '-f' }).some((e) => e.includes('"host"')));
  assert.ok(validateProbe('prometheus', { url: 'http://x', thresholds: [{ metric: 'm', criticalAbove: 'high' }] }).some((e) => e.startsWith('thresholds[0]')));
});

test('icmp: the system ping answers for loopback; a name that does not resolve fails as a value', async () => {
  const ok = await run('icmp', { host: '127.0.0.1' });
  assert.equal(ok.success, true, ok.message);
  assert.ok(ok.perf.some((p) => p.counter === 'icmp.rtt_ms'));
  const bad = await run('icmp', { host: 'no-such-host.invalid', timeoutMs: 1000 });
  assert.equal(bad.success, false);
  assert.match(bad.message, /did not answer/);
});

test('tcp: a listening port succeeds, a closed one fails as a value', async () => {
  const server = createTcpServer((s) => s.end());
  const port = await listen(server);
  try {
    assert.equal((await run('tcp', { host: '127.0.0.1', port })).success, true);
  } finally {
    server.close();
  }
  const closed = await run('tcp', { host: '127.0.0.1', port });
  assert.equal(closed.success, false);
  assert.match(closed.message, /ECONNREFUSED/);
});

test('http and https: status, body regex, certificate days left (TLS from @vigil/pki), abort', async () => {
  const handler = (req: { url?: string }, res: { writeHead(s: number): { end(b: string): void } }): void => {
    if (req.url === '/slow') return void setTimeout(() => res.writeHead(200).end('late'), 5000);
    res.writeHead(req.url === '/missing' ? 404 : 200).end('service status: GREEN');
  };
  const plain = createHttpServer(handler);
  const ca = await createCertificateAuthority({ groupName: 'Probe Test', validityDays: 365 });
  const { privateKeyPem, csrPem } = await createKeyAndCsr({ commonName: 'localhost', dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] });
  const issued = await signCsr(ca, csrPem, { role: 'gateway', validityDays: 20 });
  const tls = createHttpsServer({ key: privateKeyPem, cert: issued.certPem }, handler);
  const [httpPort, httpsPort] = [await listen(plain), await listen(tls)];
  try {
    const ok = await run('http', { url: `http://127.0.0.1:${httpPort}/`, bodyRegex: 'status: (GREEN|AMBER)' });
    assert.equal(ok.success, true, ok.message);
    assert.equal(ok.details.status, 200);
    const wrongBody = await run('http', { url: `http://127.0.0.1:${httpPort}/`, bodyRegex: 'RED' });
    assert.equal(wrongBody.success, false);
    assert.match(wrongBody.message, /body does not match/);
    assert.equal((await run('http', { url: `http://127.0.0.1:${httpPort}/missing` })).success, false);
    assert.equal((await run('http', { url: `http://127.0.0.1:${httpPort}/missing`, expectStatus: [404] })).success, true);

    const secure = await run('http', { url: `https://localhost:${httpsPort}/`, caPem: ca.certPem, minCertDays: 10 });
    assert.equal(secure.success, true, secure.message);
    assert.ok([19, 20].includes(Number(secure.details.certDaysLeft)), `cert days left ${secure.details.certDaysLeft}`);
    const expiring = await run('http', { url: `https://localhost:${httpsPort}/`, caPem: ca.certPem, minCertDays: 30 });
    assert.equal(expiring.success, false);
    assert.match(expiring.message, /certificate expires in/);
    const untrusted = await run('http', { url: `https://localhost:${httpsPort}/` });
    assert.equal(untrusted.success, false, 'an unknown CA is refused');

    const controller = new AbortController();
    const started = Date.now();
    const pending = run('http', { url: `http://127.0.0.1:${httpPort}/slow` }, context({}, controller.signal));
    setTimeout(() => controller.abort(), 100);
    const aborted = await pending;
    assert.equal(aborted.success, false);
    assert.ok(Date.now() - started < 2000, 'abort stops the request at once');
  } finally {
    plain.closeAllConnections();
    tls.closeAllConnections();
    plain.close();
    tls.close();
  }
});

test('prometheus: a scrape becomes perf series with label sets as instances; thresholds fail or warn', async () => {
  const body = [
    '# TYPE queue_depth gauge',
    'queue_depth{queue="orders"} 120',
    'queue_depth{queue="mail"} 3',
    '# TYPE http_requests_total counter',
    'http_requests_total{code="200",method="get"} 1027',
    'temperature_celsius 71.5',
    '',
  ].join('\n');
  const server = createHttpServer((_req, res) => res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(body));
  const port = await listen(server);
  try {
    const url = `http://127.0.0.1:${port}/metrics`;
    const ok = await run('prometheus', { url, thresholds: [{ metric: 'queue_depth', labels: { queue: 'orders' }, warningAbove: 100, criticalAbove: 500 }] });
    assert.equal(ok.success, true);
    assert.equal(ok.details.thresholdState, 'warning');
    assert.deepEqual(ok.perf.find((p) => p.counter === 'http_requests_total'), { counter: 'http_requests_total', instance: 'code="200",method="get"', value: 1027 });
    assert.deepEqual(ok.perf.find((p) => p.counter === 'temperature_celsius'), { counter: 'temperature_celsius', value: 71.5 });
    const critical = await run('prometheus', { url, include: '^queue_', thresholds: [{ metric: 'temperature_celsius', criticalAbove: 70 }] });
    assert.equal(critical.success, false);
    assert.match(critical.message, /temperature_celsius.*above 70/);
    assert.ok(critical.perf.every((p) => p.counter.startsWith('queue_') || p.counter.startsWith('prometheus.')));
  } finally {
    server.close();
  }
});

test('dns: queries the configured server:port, checks the expected answer', async () => {
  const dns = await startDnsResponder({ 'web.contoso.test': { A: ['10.1.2.3', '10.1.2.4'], TXT: ['v=spf1 -all'] } });
  try {
    const server = `127.0.0.1:${dns.port}`;
    const ok = await run('dns', { name: 'web.contoso.test', server, expect: '10.1.2.4' });
    assert.equal(ok.success, true, ok.message);
    assert.equal(ok.details.answers, '10.1.2.3, 10.1.2.4');
    assert.equal((await run('dns', { name: 'web.contoso.test', server, recordType: 'TXT', expect: 'v=spf1 -all' })).success, true);
    const wrong = await run('dns', { name: 'web.contoso.test', server, expect: '10.9.9.9' });
    assert.equal(wrong.success, false);
    const missing = await run('dns', { name: 'nope.contoso.test', server, timeoutMs: 1000 });
    assert.equal(missing.success, false);
    assert.match(missing.message, /ENOTFOUND/);
    assert.ok(dns.queries.includes('web.contoso.test 1'));
  } finally {
    await dns.close();
  }
});

test('snmp against Debian snmpd: v1/v2c/v3 get, walk, IF-MIB interface status and traffic rates', { skip: snmpdInstalled() ? false : 'snmpd is not installed (apt-get install -y snmpd; .ci/run does it)' }, async () => {
  const snmpd = await startSnmpd();
  try {
    const base = { host: '127.0.0.1', port: snmpd.port, timeoutMs: 2000 };
    const sysName = '1.3.6.1.2.1.1.5.0';
    for (const version of ['1', '2c'] as const) {
      const got = await run('snmp', { ...base, version, community: 'public', operation: 'get', oids: [sysName], expect: { oid: sysName, equals: 'vigil-snmp-test' } });
      assert.equal(got.success, true, `v${version}: ${got.message}`);
    }
    const v3 = await run('snmp', {
      ...base, version: '3', operation: 'get', oids: [sysName],
      user: { name: SNMP_V3_USER.name, level: 'authPriv', authProtocol: 'sha', authKey: SNMP_V3_USER.authKey, privProtocol: 'aes', privKey: SNMP_V3_USER.privKey },
    });
    assert.equal(v3.success, true, v3.message);
    assert.equal(v3.details[sysName], 'vigil-snmp-test');
    const wrongCommunity = await run('snmp', { ...base, timeoutMs: 500, version: '2c', community: 'private', operation: 'get', oids: [sysName] });
    assert.equal(wrongCommunity.success, false);

    const walk = await run('snmp', { ...base, version: '2c', community: 'public', operation: 'walk', oid: '1.3.6.1.2.1.1' });
    assert.equal(walk.success, true);
    assert.ok(Number(walk.details.values) >= 5);

    const memory: { value?: unknown } = {};
    const first = await run('snmp', { ...base, version: '2c', community: 'public', operation: 'interfaces', interfaces: ['lo'] }, context(memory));
    assert.equal(first.success, true, first.message);
    assert.deepEqual(first.perf.find((p) => p.counter === 'if.oper_status' && p.instance === 'lo'), { counter: 'if.oper_status', instance: 'lo', value: 1 });
    assert.equal(first.perf.filter((p) => p.counter === 'if.in_bps').length, 0, 'no rate before a second sample');
    // snmpd caches interface counters for a few seconds; wait past that so the counters moved.
    await new Promise((resolve) => setTimeout(resolve, 5500));
    const second = await run('snmp', { ...base, version: '2c', community: 'public', operation: 'interfaces', interfaces: ['lo'] }, context(memory));
    const inRate = second.perf.find((p) => p.counter === 'if.in_bps' && p.instance === 'lo');
    assert.ok(inRate && inRate.value > 0, 'loopback carried the SNMP traffic itself, so its in-rate is positive');
    const missingIf = await run('snmp', { ...base, version: '2c', community: 'public', operation: 'interfaces', interfaces: ['eth-does-not-exist'] });
    assert.equal(missingIf.success, false);
  } finally {
    await snmpd.stop();
  }
});
