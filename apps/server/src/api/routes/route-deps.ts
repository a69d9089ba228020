// What every SDK API route plugin receives: the server's facts and the API's shared services.
import type { ApiContext } from '../api-context.ts';
import type { ScopeFilter } from '../../auth/scope-filter.ts';
import type { LoginRateLimiter } from '../../auth/login-rate-limiter.ts';
import type { PackLibrary } from '../../packs/pack-library.ts';

export interface RouteDeps {
  readonly context: ApiContext;
  readonly scope: ScopeFilter;
  readonly loginLimiter: LoginRateLimiter;
  /** The imported packs (health trees, override targets). */
  readonly packs: PackLibrary;
}
