// Counters of what the link endpoint has seen, for the health endpoint and metrics: refusals
// and malformed input are counted, never fatal to the server.

export interface LinkStats {
  connectionsOpened: number;
  sessionsEstablished: number;
  enrollments: number;
  refused: Record<string, number>;
  invalidFrames: number;
  oversizedFrames: number;
  batchesAcked: number;
  duplicateBatches: number;
  throttles: number;
}

export function createLinkStats(): LinkStats {
  return { connectionsOpened: 0, sessionsEstablished: 0, enrollments: 0, refused: {}, invalidFrames: 0, oversizedFrames: 0, batchesAcked: 0, duplicateBatches: 0, throttles: 0 };
}

export function countRefusal(stats: LinkStats, reason: string): void {
  stats.refused[reason] = (stats.refused[reason] ?? 0) + 1;
}
