// Starts a gateway: opens the relay spool, gets the gateway's certificate (enrollment through an
// MS, approval as SCOM's), serves agents on --listen once it has it, keeps one upstream link
// (dialing the MSs with failover/failback, or in DMZ mode waiting for them to dial in), and
// reports its own health. stop() ends links cleanly; unsent data stays in the spool.
import { mkdirSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import type { Logger } from '@vigil/core/logging';
import type { Clock } from '@vigil/core/time';
import type { Identity } from '@vigil/pki';
import type { GatewayConfig } from '../config/gateway-config.ts';
import { parseAddress, parseAddressList } from '../link/address.ts';
import { openRelaySpool, type RelaySpoolStats } from '../spool/relay-spool.ts';
import { gatewayIdentityStore } from '../upstream/gateway-identity.ts';
import { startDialUpstream, type Upstream, type UpstreamDeps, type UpstreamStatus } from '../upstream/upstream-supervisor.ts';
import { startListeningUpstream } from '../upstream/upstream-listener.ts';
import { startAgentListener, type AgentListener } from '../downstream/agent-listener.ts';
import { startHealthReporter } from '../health/gateway-health.ts';
import gatewayPackage from '../../package.json' with { type: 'json' };

export interface GatewayStatus {
  readonly name: string;
  readonly dataDir: string;
  readonly upstream: UpstreamStatus;
  readonly listenPort: number | undefined;
  readonly upstreamListenPort: number | undefined;
  readonly agents: number;
  readonly spool: RelaySpoolStats;
}

export interface RunningGateway {
  readonly name: string;
  status(): GatewayStatus;
  stop(): Promise<void>;
}

export async function startGateway(config: GatewayConfig, deps: { readonly logger: Logger; readonly clock: Clock }): Promise<RunningGateway> {
  const { logger, clock } = deps;
  const dataDir = resolve(config.dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const name = config.name ?? (hostname().replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 64) || 'vigil-gateway');
  const listen = parseAddress(config.listen, 'listen');
  const advertised = [...new Set([...(config.advertisedNames?.split(',').map((n) => n.trim()).filter(Boolean) ?? []), listen.host, '127.0.0.1', 'localhost'].filter((h) => h !== '0.0.0.0' && h !== '::'))];
  const spool = openRelaySpool({ path: join(dataDir, 'relay-spool.sqlite'), quotaBytes: config.spoolQuotaBytes, clock });
  let listener: AgentListener | undefined;
  let upstream: Upstream | undefined;

  const upstreamDeps: UpstreamDeps = {
    name, hostName: hostname(), version: gatewayPackage.version,
    identity: gatewayIdentityStore(dataDir, name, advertised),
    ports: { spool, deliver: (agentId, message) => listener?.deliver({ kind: 'deliver', agentId, message }) },
    clock, logger, compression: config.compression === 'deflate',
    joinToken: config.joinToken,
    caFilePem: config.caFile === undefined ? undefined : readFileSync(config.caFile, 'utf8'),
    timings: {
      connectTimeoutMs: config.connectTimeoutMs, reconnectInitialMs: config.reconnectInitialMs, reconnectMaxMs: config.reconnectMaxMs,
      primaryProbeIntervalMs: config.primaryProbeIntervalMs, enrollRetryMs: config.enrollRetryMs, heartbeatIntervalMs: config.heartbeatIntervalMs,
    },
    maxInFlightBatches: config.maxInFlightBatches,
    onLinked: (session) => listener?.reannounce(session),
    async onIdentity(identity: Identity) {
      listener ??= await startAgentListener({
        host: listen.host, port: listen.port, identity, gatewayName: name, maxAgents: config.maxAgents, compression: config.compression === 'deflate',
        clock, logger: logger.child({ component: 'agents' }), spool, upstream: () => upstream?.session(),
      });
    },
  };
  let upstreamListenPort: number | undefined;
  if (config.upstreamListen !== undefined) {
    const listening = await startListeningUpstream(upstreamDeps, parseAddress(config.upstreamListen, 'upstreamListen'));
    upstream = listening;
    upstreamListenPort = listening.port;
  } else {
    upstream = startDialUpstream(upstreamDeps, [parseAddress(config.server!, 'server'), ...parseAddressList(config.failover, 'failover')]);
  }
  const health = startHealthReporter(
    {
      name, spool,
      linkedAgents: () => listener?.linkedAgents() ?? 0,
      linkedGateways: () => listener?.linkedGateways() ?? 0,
      upstreamLinked: () => upstream?.session() !== undefined,
      upstreamInFlight: () => upstream?.session()?.inFlight() ?? 0,
    },
    { clock, logger, intervalMs: config.healthIntervalMs, onSpooled: () => upstream?.session()?.wake() },
  );

  return {
    name,
    status: () => ({
      name, dataDir, upstream: upstream!.status(), listenPort: listener?.port, upstreamListenPort,
      agents: listener?.linkedAgents() ?? 0, spool: spool.stats(),
    }),
    async stop() {
      health.stop();
      await upstream?.stop();
      await listener?.close();
      spool.close();
    },
  };
}
