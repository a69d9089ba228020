// What GET /api/v1/health reports for each role this process runs. Roles register themselves
// and update their own status; the health route only reads.

export type RoleState = 'starting' | 'running' | 'degraded' | 'stopping' | 'stopped';

export interface RoleStatus {
  readonly state: RoleState;
  /** Where the role listens, if it does (e.g. "tls://0.0.0.0:5723"). */
  readonly endpoint?: string;
  readonly detail?: string;
}

export class RoleStatusBoard {
  readonly #roles = new Map<string, RoleStatus>();

  set(role: string, status: RoleStatus): void {
    this.#roles.set(role, status);
  }

  snapshot(): Record<string, RoleStatus> {
    return Object.fromEntries(this.#roles);
  }

  /** The whole process is healthy when every role runs. */
  overall(): 'healthy' | 'degraded' {
    return [...this.#roles.values()].every((r) => r.state === 'running') ? 'healthy' : 'degraded';
  }
}
