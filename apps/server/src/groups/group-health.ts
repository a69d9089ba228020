// A group's health: its members' Entity Health rolled up with core's rollup algebra under the
// group's policy (default worst-of, members in maintenance and unknown members left out).
import { DEFAULT_ROLLUP_POLICY, rollup, VigilError, type HealthRollupPolicy, type RollupResult } from '@vigil/core';
import { findGroups, memberHealthOfGroup, type HealthStateColumn } from '@vigil/store';
import type { GroupContext } from './group-context.ts';
import { parseGroupDefinition } from './group-definition.ts';

export interface GroupHealth {
  readonly groupId: string;
  readonly policy: HealthRollupPolicy;
  readonly result: RollupResult;
  readonly memberCount: number;
  /** Members by state; members in maintenance are counted under `maintenance` only. */
  readonly counts: Readonly<Record<HealthStateColumn | 'maintenance', number>>;
}

/** Throws NOT_FOUND for an unknown group. An empty group is unknown, never healthy. */
export async function groupHealth(ctx: Pick<GroupContext, 'db'>, groupId: string): Promise<GroupHealth> {
  const [group] = await findGroups(ctx.db, [groupId]);
  if (!group) throw new VigilError('NOT_FOUND', { what: 'Group', id: groupId });
  const policy = parseGroupDefinition(group.definition).healthRollup ?? DEFAULT_ROLLUP_POLICY;
  const members = await memberHealthOfGroup(ctx.db, groupId);
  const counts = { healthy: 0, warning: 0, critical: 0, unknown: 0, maintenance: 0 };
  for (const m of members) counts[m.inMaintenance ? 'maintenance' : m.healthState]++;
  const result = rollup(policy, members.map((m) => ({ id: m.objectId, state: m.healthState, inMaintenance: m.inMaintenance })));
  return { groupId, policy, result, memberCount: members.length, counts };
}
