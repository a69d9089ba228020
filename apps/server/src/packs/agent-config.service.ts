// Keeps each agent's compiled configuration (agent_config) in step with its objects, the
// imported packs and the overrides. Writing a new version is all it takes: the link's control
// poll pushes it to the agent wherever it is connected.
import type { AgentId, Clock } from '@vigil/core';
import type { Database } from '@vigil/store';
import { compileAgentConfig, type AgentObject } from './agent-config-compiler.ts';
import type { PackLibrary } from './pack-library.ts';

export interface AgentConfigContext {
  readonly db: Database;
  readonly clock: Clock;
  readonly packs: PackLibrary;
}

/** Recompiles one agent; returns true when its configuration version changed. */
export async function recompileAgentConfig(context: AgentConfigContext, agentId: AgentId): Promise<boolean> {
  const rows = await context.db
    .selectFrom('monitoring_object')
    .select(['id', 'class_id', 'object_key', 'properties_json'])
    .where('agent_id', '=', agentId)
    .where('deleted_at', 'is', null)
    .orderBy('object_key')
    .execute();
  const memberships = rows.length === 0 ? [] : await context.db.selectFrom('group_member').select(['group_id', 'object_id']).where('object_id', 'in', rows.map((r) => r.id)).execute();
  const objects: AgentObject[] = rows.map((r) => ({
    id: r.id,
    classId: r.class_id,
    objectKey: r.object_key,
    properties: JSON.parse(r.properties_json) as Record<string, unknown>,
    groupIds: memberships.filter((m) => m.object_id === r.id).map((m) => m.group_id),
  }));
  const compiled = compileAgentConfig(context.packs.current(), objects, context.packs.overrides());
  const existing = await context.db.selectFrom('agent_config').select('version').where('agent_id', '=', agentId).executeTakeFirst();
  if (existing?.version === compiled.version) return false;
  const values = { version: compiled.version, content_json: JSON.stringify(compiled.workflows), updated_at: context.clock.nowMs() };
  await context.db
    .insertInto('agent_config')
    .values({ agent_id: agentId, applied_version: null, ...values })
    .onConflict((oc) => oc.column('agent_id').doUpdateSet(values))
    .execute();
  return true;
}

/** Recompiles every approved agent (after a pack import or an override change). */
export async function recompileAllAgentConfigs(context: AgentConfigContext): Promise<number> {
  const agents = await context.db.selectFrom('agent').select('id').where('approval_state', '=', 'approved').execute();
  let changed = 0;
  for (const agent of agents) if (await recompileAgentConfig(context, agent.id as AgentId)) changed++;
  return changed;
}
