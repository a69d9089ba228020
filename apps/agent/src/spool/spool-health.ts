// The send-queue monitor, as SCOM's: warning at 50 % of the quota, critical at 60 %.
import type { AgentHealthItem } from '@vigil/protocol/link';

export const SEND_QUEUE_WARNING_PERCENT = 50;
export const SEND_QUEUE_CRITICAL_PERCENT = 60;

export type SendQueueState = 'healthy' | 'warning' | 'critical';

export interface SpoolHealth {
  readonly state: SendQueueState;
  readonly sendQueueBytes: number;
  readonly quotaBytes: number;
  readonly sendQueuePercent: number;
  readonly pendingCount: number;
  /** Items refused since the spool was created (quota full or too large): counted, never silent. */
  readonly droppedItemsTotal: number;
  readonly droppedBytesTotal: number;
  /** When the oldest unacknowledged item was appended, if any. */
  readonly oldestPendingMs: number | undefined;
}

export function sendQueueState(percent: number): SendQueueState {
  if (percent >= SEND_QUEUE_CRITICAL_PERCENT) return 'critical';
  if (percent >= SEND_QUEUE_WARNING_PERCENT) return 'warning';
  return 'healthy';
}

/** The health as the item the agent reports to its MS. */
export function toAgentHealthItem(health: SpoolHealth, timestampMs: number): AgentHealthItem {
  return {
    kind: 'agent-health',
    timestampMs,
    sendQueueBytes: health.sendQueueBytes,
    quotaBytes: health.quotaBytes,
    sendQueuePercent: health.sendQueuePercent,
    sendQueueState: health.state,
    droppedItemsTotal: health.droppedItemsTotal,
    ...(health.oldestPendingMs === undefined ? {} : { oldestPendingMs: health.oldestPendingMs }),
  };
}
