// The agents linked to this management server right now, so configuration, tasks, failover
// lists and revocations reach the right link. One session per agent: a newer link replaces an
// older one (the older is closed).
import type { AgentId } from '@vigil/core';
import type { ServerMessage } from '@vigil/protocol';

export interface AgentSessionHandle {
  readonly agentId: AgentId;
  readonly agentName: string;
  readonly certificateSerial: string;
  send(message: ServerMessage): void;
  close(code: number, reason: string): void;
  /** Last configuration version and failover list pushed, to push only changes. */
  pushed: { configVersion?: string; failoverJson?: string | null };
}

export interface SessionRegistry {
  add(session: AgentSessionHandle): void;
  remove(session: AgentSessionHandle): void;
  get(agentId: AgentId): AgentSessionHandle | undefined;
  all(): AgentSessionHandle[];
  readonly size: number;
}

export function createSessionRegistry(): SessionRegistry {
  const sessions = new Map<AgentId, AgentSessionHandle>();
  return {
    add(session) {
      const previous = sessions.get(session.agentId);
      sessions.set(session.agentId, session);
      if (previous && previous !== session) previous.close(4000, 'replaced by a newer link from the same agent');
    },
    remove(session) {
      if (sessions.get(session.agentId) === session) sessions.delete(session.agentId);
    },
    get: (agentId) => sessions.get(agentId),
    all: () => [...sessions.values()],
    get size() {
      return sessions.size;
    },
  };
}
