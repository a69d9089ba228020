// Row types of the SDK API's own tables (migration 0003). Merged into OperationalDatabase so
// repositories and the API see one schema. Times are epoch milliseconds.

/**
 * A signed-in console or CLI session. Only hashes of the session secret and of its CSRF token
 * are stored: a copy of the database does not let anyone sign in.
 */
export interface ApiSessionTable {
  id: string;
  /** SHA-256 (hex) of the session secret the client holds. */
  token_hash: string;
  /** SHA-256 (hex) of the CSRF token the console echoes in X-CSRF-Token on unsafe requests. */
  csrf_hash: string;
  user_id: string;
  created_at: number;
  last_seen_at: number;
  /** Idle expiry, pushed forward while the session is used; never beyond absolute_expires_at. */
  expires_at: number;
  absolute_expires_at: number;
  source_address: string | null;
  user_agent: string | null;
}

export interface ApiTables {
  api_session: ApiSessionTable;
}
