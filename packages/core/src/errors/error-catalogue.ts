// Every error Vigil throws on purpose comes from this catalogue: a stable code that scripts and
// support can rely on, a message that tells the user what to do, and the HTTP status the SDK API
// answers with. Add entries here; never throw ad-hoc strings across a module boundary.

export interface ErrorDefinition {
  readonly status: number;
  /** Message template; `{name}` placeholders are filled from the details. */
  readonly message: string;
}

export const ERROR_CATALOGUE = {
  CONFIG_INVALID: { status: 500, message: 'Configuration key {key} {problem}. Allowed: {allowed}.' },
  CONFIG_FILE_UNREADABLE: { status: 500, message: 'Cannot read configuration file {path}: {reason}. Fix the file or remove it to use defaults.' },
  DB_URL_UNSUPPORTED: { status: 500, message: 'Database URL {url} is not supported. Use a file path (embedded SQLite) or postgres://user@host:port/database.' },
  DB_UNREACHABLE: { status: 503, message: 'Cannot reach the database at {url}: {reason}. Check that it is running and the URL is right.' },
  DB_SCHEMA_TOO_NEW: { status: 500, message: 'The database has migration {migration} that this Vigil version does not know. Upgrade Vigil before opening this database.' },
  DB_SCHEMA_OUTDATED: { status: 500, message: 'The database schema is not current (missing {missing}). Run `vigil db migrate --db {url}` first.' },
  DATA_DIR_INVALID: { status: 500, message: 'Data folder {path} cannot be used: {reason}.' },
  GROUP_MISMATCH: { status: 500, message: 'Data folder {path} belongs to management group {found}, but the database holds group {expected}. Point --data and --db at the same group.' },
  PORT_IN_USE: { status: 500, message: 'Port {port} on {host} is already in use. Stop the other process or choose another port with {flag}.' },
  NOT_FOUND: { status: 404, message: '{what} {id} was not found.' },
  CONFLICT: { status: 409, message: '{what}' },
  VALIDATION_FAILED: { status: 400, message: '{what}' },
  UNAUTHENTICATED: { status: 401, message: 'Sign in first: {reason}.' },
  FORBIDDEN: { status: 403, message: 'Your role does not allow {action}. Ask an administrator for a role with {needed}.' },
  RATE_LIMITED: { status: 429, message: 'Too many attempts. Try again in {retryAfterSeconds} s.' },
  LOGIN_FAILED: { status: 401, message: 'Sign-in failed: the user name or password is wrong, or the user is disabled.' },
  CSRF_TOKEN_INVALID: { status: 403, message: 'This request lacks a valid CSRF token (the X-CSRF-Token header must repeat the __Host-vigil-csrf cookie). Reload the console; scripts should use an API token instead of a session cookie.' },
  API_ROUTE_UNDECLARED: { status: 500, message: 'SDK API route {route} does not declare {missing}. Every route must say who may call it and how its writes are audited.' },
  PKI_CA_INVALID: { status: 500, message: 'The management group CA cannot be used: {reason}. Restore the CA certificate and key from the same backup, or create a new CA and re-enroll every machine.' },
  PKI_CA_NOT_VALID_NOW: { status: 500, message: 'The management group CA is not valid at {time} (valid from {notBefore} to {notAfter}), so it cannot issue certificates. Check the system clock or renew the CA.' },
  PKI_ISSUE_REFUSED: { status: 400, message: 'Cannot issue a certificate for {subject}: {reason}.' },
  PKI_CSR_INVALID: { status: 400, message: 'The certificate signing request was refused: {reason}. Create a new key and CSR on the machine and enroll again.' },
  PKI_CERTIFICATE_INVALID: { status: 400, message: 'The certificate could not be read: {reason}. Pass one PEM certificate (-----BEGIN CERTIFICATE-----).' },
  PKI_IDENTITY_UNREADABLE: { status: 500, message: 'Cannot read the TLS identity in {path}: {reason}. Restore the key and certificate files or enroll this machine again.' },
  PKI_KEY_FILE_UNPROTECTED: { status: 500, message: 'Private key file {path} can be read by other users (mode {mode}). Run `chmod 600 {path}` and start again.' },
  AGENT_WORKFLOW_UNSUPPORTED: { status: 400, message: 'Workflow {workflowId} for {targetKey} does not run on an agent: {reason}.' },
  AGENT_LOG_POSITIONS_CORRUPT: { status: 500, message: 'Log position file {path} cannot be used ({reason}). Restore it, or delete it to start tailing log files from their current end.' },
  ALERT_SOURCE_UNHEALTHY: { status: 409, message: 'Alert {alertId} comes from monitor {monitorId}, which is still {state}. It closes by itself when the monitor is healthy; fix the cause or reset the monitor.' },
  ALERT_CLOSED: { status: 409, message: 'Alert {alertId} is closed and cannot change. A new occurrence raises a new alert.' },
  ALERT_RESOLUTION_STATE_INVALID: { status: 400, message: 'Resolution state {state} does not exist. Use 0 (New), 1..246 (custom), 247, 248, 249, 250, 254 (Resolved) or 255 (Closed).' },
  PACK_INVALID: { status: 400, message: 'Management pack {file} is not valid ({count} problem(s)); first: {first}' },
  PACK_IMPORT_REFUSED: { status: 409, message: 'Import of management pack {pack} refused: {reason}' },
  PACK_SIGNING_KEY_INVALID: { status: 400, message: 'Cannot use this key to seal management packs: {reason}. Use an ed25519 private key in PEM form (openssl genpkey -algorithm ed25519).' },
  POOL_AUTOMATIC_MEMBERSHIP: { status: 409, message: 'Pool {pool} holds every management server automatically; its members cannot be added or removed. Create a manual pool for a subset of servers.' },
  MAINTENANCE_INHERITED: { status: 409, message: 'Object {objectId} has no maintenance window of its own: it is in maintenance through the window on {containerId}, which ends at {endsAt}. Stop maintenance on {containerId} instead.' },
  GROUP_CYCLE: { status: 400, message: 'Group {groupId} cannot include {includedId}: {path} would be a cycle. Groups may nest, but never inside themselves.' },
  GROUP_IN_USE: { status: 409, message: 'Group {groupId} is included by group(s) {users}. Remove it from them first.' },
  GROUP_PACK_OWNED: { status: 409, message: 'Group {groupId} is defined by management pack {pack}. Change it in the pack and import the pack again.' },
  INTERNAL: { status: 500, message: 'Internal error ({reason}). The server log has the details under this request id.' },
} as const satisfies Record<string, ErrorDefinition>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;
