// The typed SDK API client: one method per endpoint, request and response types inferred from
// the API schemas in @vigil/protocol. Credentials: a bearer secret (CLI session or API token),
// or a browser's cookies plus the CSRF token the console got at sign-in.
import type {
  Agent, AgentListQuery, ApiToken, ApiTokenCreate, ApiTokenCreated, ApiTokenListQuery, ApiErrorBody, ApprovalPolicySetting, AuditEntry,
  AuditListQuery, CsrfResult, JoinTokenCreate, JoinTokenCreated, JoinTokenInfo, JoinTokenListQuery, LoginRequest, LoginResult,
  ManagementServer, ManagementServerListQuery, Page, Pool, PoolListQuery, Role, RoleCreate, RoleListQuery, User, UserCreate,
  UserListQuery, WhoAmI,
} from '@vigil/protocol';
import type { HttpRequest, HttpTransport } from './http-transport.ts';
import { VigilApiError } from './vigil-api-error.ts';
import { monitoringMethods } from './monitoring-api.ts';

export const API_BASE_PATH = '/api/v1';

export interface VigilClientOptions {
  readonly transport: HttpTransport;
  /** `vgs_…` (CLI session) or `vgt_…` (API token). */
  readonly token?: string;
  /** Console (cookie) sessions: sent as X-CSRF-Token on unsafe methods. */
  readonly csrfToken?: string;
}

type Query = Readonly<Record<string, string | number | boolean | undefined>>;

function queryString(query: Query | undefined): string {
  if (!query) return '';
  const parts = Object.entries(query)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

const seg = encodeURIComponent;

export function createVigilClient(options: VigilClientOptions) {
  const { transport } = options;

  async function call<T>(method: HttpRequest['method'], path: string, body?: unknown, query?: Query): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.csrfToken && method !== 'GET') headers['x-csrf-token'] = options.csrfToken;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await transport.send({ method, path: API_BASE_PATH + path + queryString(query), headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    if (response.status === 204) return undefined as T;
    let parsed: unknown;
    try {
      parsed = response.body === '' ? undefined : JSON.parse(response.body);
    } catch {
      throw new VigilApiError('BAD_RESPONSE', `The server at ${transport.baseUrl} did not answer with JSON (HTTP ${response.status}). Is this a Vigil SDK API address?`, response.status);
    }
    if (response.status >= 400) {
      const error = (parsed as Partial<ApiErrorBody> | undefined)?.error;
      throw new VigilApiError(error?.code ?? 'HTTP_ERROR', error?.message ?? `HTTP ${response.status} from ${transport.baseUrl}`, response.status, error?.details ?? {});
    }
    return parsed as T;
  }

  return {
    transport,
    ...monitoringMethods(call),
    auth: {
      login: (request: LoginRequest) => call<LoginResult>('POST', '/auth/login', request),
      logout: () => call<{ ok: true }>('POST', '/auth/logout', {}),
      whoami: () => call<WhoAmI>('GET', '/auth/whoami'),
      csrf: () => call<CsrfResult>('GET', '/auth/csrf'),
    },
    users: {
      list: (query?: UserListQuery) => call<Page<User>>('GET', '/users', undefined, query),
      create: (user: UserCreate) => call<User>('POST', '/users', user),
      disable: (name: string) => call<User>('POST', `/users/${seg(name)}/disable`, {}),
      setPassword: (name: string, password: string) => call<void>('PUT', `/users/${seg(name)}/password`, { password }),
    },
    roles: {
      list: (query?: RoleListQuery) => call<Page<Role>>('GET', '/roles', undefined, query),
      create: (role: RoleCreate) => call<Role>('POST', '/roles', role),
      assign: (role: string, user: string) => call<Role>('POST', `/roles/${seg(role)}/members`, { user }),
      unassign: (role: string, user: string) => call<Role>('DELETE', `/roles/${seg(role)}/members/${seg(user)}`),
    },
    tokens: {
      list: (query?: ApiTokenListQuery) => call<Page<ApiToken>>('GET', '/tokens', undefined, query),
      create: (token: ApiTokenCreate) => call<ApiTokenCreated>('POST', '/tokens', token),
      revoke: (id: string) => call<void>('DELETE', `/tokens/${seg(id)}`),
    },
    audit: {
      list: (query?: AuditListQuery) => call<Page<AuditEntry>>('GET', '/audit', undefined, query),
    },
    servers: {
      list: (query?: ManagementServerListQuery) => call<Page<ManagementServer>>('GET', '/management-servers', undefined, query),
    },
    pools: {
      list: (query?: PoolListQuery) => call<Page<Pool>>('GET', '/pools', undefined, query),
      get: (name: string) => call<Pool>('GET', `/pools/${seg(name)}`),
    },
    agents: {
      list: (query?: AgentListQuery) => call<Page<Agent>>('GET', '/agents', undefined, query),
      get: (name: string) => call<Agent>('GET', `/agents/${seg(name)}`),
      approve: (name: string) => call<Agent>('POST', `/agents/${seg(name)}/approve`, {}),
      reject: (name: string) => call<Agent>('POST', `/agents/${seg(name)}/reject`, {}),
      setFailover: (name: string, servers: readonly string[]) => call<Agent>('PUT', `/agents/${seg(name)}/failover`, { servers }),
    },
    settings: {
      approvalPolicy: () => call<ApprovalPolicySetting>('GET', '/settings/approval-policy'),
      setApprovalPolicy: (policy: ApprovalPolicySetting['policy']) => call<ApprovalPolicySetting>('PUT', '/settings/approval-policy', { policy }),
    },
    joinTokens: {
      list: (query?: JoinTokenListQuery) => call<Page<JoinTokenInfo>>('GET', '/join-tokens', undefined, query),
      create: (request: JoinTokenCreate = {}) => call<JoinTokenCreated>('POST', '/join-tokens', request),
      revoke: (id: string) => call<void>('DELETE', `/join-tokens/${seg(id)}`),
    },
  };
}

export type VigilClient = ReturnType<typeof createVigilClient>;

/** Every item of a paged list, fetching page after page (`limit` per request). */
export async function* allItems<T, Q extends { offset?: number; limit?: number }>(list: (query: Q) => Promise<Page<T>>, query: Q): AsyncGenerator<T> {
  let offset: number | null = query.offset ?? 0;
  while (offset !== null) {
    const page: Page<T> = await list({ ...query, offset });
    yield* page.items;
    offset = page.nextOffset;
  }
}
