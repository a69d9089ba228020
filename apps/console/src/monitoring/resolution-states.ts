// The resolution states an operator can pick (SCOM's built-in ones; custom states show by name).
import { ALERT_RESOLUTION_STATES } from '@vigil/protocol';

export const RESOLUTION_CHOICES: ReadonlyArray<readonly [number, string]> = [
  [ALERT_RESOLUTION_STATES.new, 'New'],
  [ALERT_RESOLUTION_STATES.awaitingEvidence, 'Awaiting Evidence'],
  [ALERT_RESOLUTION_STATES.assignedToEngineering, 'Assigned to Engineering'],
  [ALERT_RESOLUTION_STATES.acknowledged, 'Acknowledged'],
  [ALERT_RESOLUTION_STATES.scheduled, 'Scheduled'],
  [ALERT_RESOLUTION_STATES.resolved, 'Resolved'],
  [ALERT_RESOLUTION_STATES.closed, 'Closed'],
];
