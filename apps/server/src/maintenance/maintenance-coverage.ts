// Which objects a window covers, and the in_maintenance flag that follows from all active windows:
// an object is in maintenance while a window targets it, or a recursive window targets one of its
// hosts or containers. Ending one window clears the flag only where no other active window covers.
import type { ObjectId } from '@vigil/core';
import {
  activeMaintenanceWindows, containedObjectIds, containerParents, flagObjectsInMaintenance, objectsFlaggedInMaintenance,
  type Database, type MaintenanceWindowRecord,
} from '@vigil/store';

/** The target and, for a recursive window, everything it hosts or contains (live objects). */
export async function coveredObjects(trx: Database, window: Pick<MaintenanceWindowRecord, 'objectId' | 'recursive'>, containment: readonly string[]): Promise<ObjectId[]> {
  if (!window.recursive) return [window.objectId];
  return [window.objectId, ...(await containedObjectIds(trx, [window.objectId], containment))];
}

/** Flags `ids` in maintenance; returns those that were not flagged before. */
export async function enterMaintenance(trx: Database, ids: readonly ObjectId[], nowMs: number): Promise<ObjectId[]> {
  const already = new Set<string>(await objectsFlaggedInMaintenance(trx, ids));
  const entering = [...new Set(ids)].filter((id) => !already.has(id));
  await flagObjectsInMaintenance(trx, entering, true, nowMs);
  return entering;
}

/**
 * Of `candidates`, those some active window still covers, directly or through a recursive
 * window on an ancestor (host or container, transitively).
 */
export async function stillCovered(trx: Database, candidates: readonly ObjectId[], containment: readonly string[]): Promise<Set<ObjectId>> {
  const parents = await containerParents(trx, candidates, containment);
  const active = await activeMaintenanceWindows(trx, [...parents.keys()]);
  const direct = new Set(active.map((w) => w.objectId as string));
  const recursive = new Set(active.filter((w) => w.recursive).map((w) => w.objectId as string));
  const covered = new Set<ObjectId>();
  for (const candidate of candidates) {
    if (direct.has(candidate)) {
      covered.add(candidate);
      continue;
    }
    const seen = new Set<string>([candidate]);
    const stack = [...(parents.get(candidate) ?? [])];
    while (stack.length > 0) {
      const ancestor = stack.pop()!;
      if (seen.has(ancestor)) continue;
      seen.add(ancestor);
      if (recursive.has(ancestor)) {
        covered.add(candidate);
        break;
      }
      stack.push(...(parents.get(ancestor) ?? []));
    }
  }
  return covered;
}

/**
 * After `ended` windows were marked ended: clears the flag on the objects they covered unless
 * another active window still covers them. Returns, per ended window, the objects that left.
 */
export async function releaseCoverage(
  trx: Database,
  ended: readonly MaintenanceWindowRecord[],
  containment: readonly string[],
  nowMs: number,
): Promise<Map<string, ObjectId[]>> {
  const perWindow = new Map<string, ObjectId[]>();
  for (const window of ended) perWindow.set(window.id, await coveredObjects(trx, window, containment));
  const candidates = [...new Set([...perWindow.values()].flat())];
  const keep = await stillCovered(trx, candidates, containment);
  const flagged = new Set<string>(await objectsFlaggedInMaintenance(trx, candidates));
  const leaving = candidates.filter((id) => !keep.has(id) && flagged.has(id));
  await flagObjectsInMaintenance(trx, leaving, false, nowMs);
  const left = new Set<string>(leaving);
  const claimed = new Set<string>();
  for (const [id, objects] of perWindow) {
    // An object covered by two windows ending together is reported once, with the first.
    perWindow.set(id, objects.filter((o) => left.has(o) && !claimed.has(o) && claimed.add(o)));
  }
  return perWindow;
}
