// What a link session needs from the management server it runs in.
import type { Clock, Logger, ManagementServerId } from '@vigil/core';
import type { LinkSetupBatcher } from './link-setup-batcher.ts';
import type { CertificateAuthority } from '@vigil/pki';
import type { Database } from '@vigil/store';
import type { IngestQueue } from '../ingest/ingest-queue.ts';
import type { HeartbeatRecorder } from './heartbeat-recorder.ts';
import type { RevocationCache } from './revocation-cache.ts';
import type { ObjectResolver } from '../ingest/object-resolver.ts';
import type { LinkStats } from './link-stats.ts';
import type { SessionRegistry } from './session-registry.ts';

export interface LinkDeps {
  readonly db: Database;
  readonly ca: CertificateAuthority;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly serverId: ManagementServerId;
  readonly serverName: string;
  readonly groupName: string;
  readonly defaultHeartbeatIntervalSeconds: number;
  readonly ingest: IngestQueue;
  readonly heartbeats: HeartbeatRecorder;
  readonly revocations: RevocationCache;
  readonly objects: ObjectResolver;
  readonly stats: LinkStats;
  readonly sessions: SessionRegistry;
  /**
   * Makes sure a linking agent has its objects and a compiled configuration. Later changes
   * (discovery, pack imports, overrides) recompile by themselves, so a relink writes nothing.
   */
  readonly linkSetup: LinkSetupBatcher;
}
