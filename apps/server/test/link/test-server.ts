// Test support: one management server in this process on a fresh test database (approval policy
// "review", link and API on free loopback ports), and the way to stop it and drop everything.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, silentLogger } from '@vigil/core';
import { createTestDatabase, type DialectName } from '@vigil/store/testing';
import { serverConfigDefinition, startManagementServer, type RunningManagementServer } from '@vigil/server';

export interface TestServer {
  readonly server: RunningManagementServer;
  /** The link endpoint, for openTestLink. */
  readonly url: string;
  stop(): Promise<void>;
}

export async function startTestServer(dialect: DialectName, name: string): Promise<TestServer> {
  const database = await createTestDatabase(dialect);
  const dir = mkdtempSync(join(tmpdir(), `vigil-${name}-`));
  const config = loadConfig(serverConfigDefinition, { flags: { dataDir: dir, dbUrl: database.url, name, linkHost: '127.0.0.1', linkPort: 0, apiPort: 0, apiTls: 'off', approvalPolicy: 'review' } });
  const server = await startManagementServer(config, { logger: silentLogger() });
  return {
    server,
    url: `wss://127.0.0.1:${server.link.port}/link`,
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
      await database.drop();
    },
  };
}
