// Test helper: a real management group (`vigil up` as a child process, ports chosen by the OS),
// an SDK client signed in as its administrator, and a real agent enrolled with a join token that
// reports through the real link and ingest path.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNodeTransport, createVigilClient, type VigilClient } from '@vigil/sdk/node';
import { silentLogger, systemClock } from '@vigil/core';
import { loadAgentConfig, startAgent } from '@vigil/agent';
import { startVigil, type VigilProcess } from '../../support/cli-process.ts';

export interface TestGroup {
  readonly dataDir: string;
  readonly process: VigilProcess;
  /** https://127.0.0.1:<port>/ — the console the management server serves. */
  readonly consoleUrl: string;
  readonly apiUrl: string;
  readonly linkAddress: string;
  readonly caPem: string;
  readonly adminPassword: string;
  readonly admin: VigilClient;
  /** GET an SDK API path as the administrator (for endpoints the SDK has no method for yet). */
  get<T>(path: string): Promise<T>;
  stop(): Promise<void>;
}

export async function startGroup(): Promise<TestGroup> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-browser-'));
  const proc = startVigil(['up', '--data', dataDir, '--api-port', '0', '--link-port', '0']);
  try {
    const [, consoleUrl] = await proc.waitFor(/Web console\s+(https:\/\/\S+\/)/, 60_000);
    const [, apiUrl] = await proc.waitFor(/SDK API\s+(https:\/\/\S+)\/api\/v1/);
    const caPem = readFileSync(join(dataDir, 'ca.pem'), 'utf8');
    const adminPassword = readFileSync(join(dataDir, 'admin-password.txt'), 'utf8').trim();
    const anonymous = createVigilClient({ transport: createNodeTransport({ baseUrl: apiUrl!, caPem }) });
    const login = await anonymous.auth.login({ user: 'admin', password: adminPassword, mode: 'token' });
    const admin = createVigilClient({ transport: createNodeTransport({ baseUrl: apiUrl!, caPem }), token: login.token! });
    // The link port the OS chose, from the health endpoint's role list (wss://host:port).
    const health = await admin.transport.send({ method: 'GET', path: '/api/v1/health', headers: {} });
    const linkEndpoint = (JSON.parse(health.body) as { roles: Record<string, { endpoint?: string }> }).roles.link?.endpoint ?? '';
    const linkAddress = `127.0.0.1:${new URL(linkEndpoint).port}`;
    return {
      dataDir, process: proc, consoleUrl: consoleUrl!, apiUrl: apiUrl!, linkAddress, caPem, adminPassword, admin,
      async get<T>(path: string) {
        const response = await admin.transport.send({ method: 'GET', path: `/api/v1${path}`, headers: { authorization: `Bearer ${login.token!}`, accept: 'application/json' } });
        if (response.status >= 300) throw new Error(`GET ${path}: HTTP ${response.status} ${response.body}`);
        return JSON.parse(response.body) as T;
      },
      async stop() {
        await proc.stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await proc.stop();
    throw error;
  }
}

export interface TestAgent {
  readonly name: string;
  /** The computer object key the agent reports for (`Vigil.Core.Computer:<host>`). */
  readonly computerKey: string;
  submit(items: Parameters<Awaited<ReturnType<typeof startAgent>>['submit']>[0]): void;
  stop(): Promise<void>;
}

/** A real agent (own key, CSR, TLS link) enrolled with a join token; resolves once linked. */
export async function startTestAgent(group: TestGroup, name: string): Promise<TestAgent> {
  const token = await group.admin.joinTokens.create({});
  const dataDir = mkdtempSync(join(tmpdir(), `vigil-agent-${name}-`));
  const config = loadAgentConfig({ flags: { server: group.linkAddress, dataDir, name, joinToken: token.token }, env: {} });
  const agent = await startAgent(config, { logger: silentLogger(), clock: systemClock });
  const deadline = Date.now() + 30_000;
  while (agent.status().link.state !== 'linked') {
    if (Date.now() > deadline) throw new Error(`agent ${name} did not link: ${JSON.stringify(agent.status().link)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    name,
    computerKey: `Vigil.Core.Computer:${hostname().toLowerCase()}`,
    submit: (items) => agent.submit(items),
    async stop() {
      await agent.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
