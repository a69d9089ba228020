// What route handlers may use: the store and the facts of this server. Routes get it through
// the Fastify instance's decoration, never from module globals.
import type { Clock, Logger } from '@vigil/core';
import type { CertificateAuthority } from '@vigil/pki';
import type { Database } from '@vigil/store';
import type { RoleStatusBoard } from '../lifecycle/role-status.ts';
import type { GroupMembershipPort } from '../auth/group-membership.port.ts';
import type { LoginRateLimitPolicy } from '../auth/login-rate-limiter.ts';
import type { ChangeFeed } from '../health/change-feed.ts';
import type { PackLibrary } from '../packs/pack-library.ts';

export interface ApiContext {
  readonly db: Database;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly roles: RoleStatusBoard;
  readonly group: { readonly id: string; readonly name: string };
  readonly server: { readonly id: string; readonly name: string };
  readonly version: string;
  /** The group CA: signs approved agents' certificates; its fingerprint goes into join tokens. */
  readonly ca: CertificateAuthority;
  /** This server's data folder (the first administrator's password file is written there). */
  readonly dataDir: string;
  /** Group membership for role scopes; default: the groups in the operational database. */
  readonly groupMembership?: GroupMembershipPort;
  /** Committed monitoring changes for the live feed (GET /live); absent = the feed only beats. */
  readonly changes?: ChangeFeed;
  /** The server's pack library; default: loaded from the database when the API is built. */
  readonly packs?: PackLibrary;
  /** Public keys whose pack seals this group trusts. */
  readonly trustedPublicKeys?: readonly string[];
  /** Live feed heartbeat period; default LIVE_HEARTBEAT_MS (15 s). */
  readonly liveHeartbeatMs?: number;
  /** Sign-in throttling; default DEFAULT_LOGIN_RATE_LIMIT. */
  readonly loginRateLimit?: LoginRateLimitPolicy;
}
