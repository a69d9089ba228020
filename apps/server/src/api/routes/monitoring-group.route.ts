// Groups: list (with member counts), one, create / update / delete (membership recomputed before
// the answer), members with their health, and the group's rolled-up health.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';
import {
  GroupHealthSchema, GroupInputSchema, GroupMembersSchema, IdParamsSchema, MonitoringGroupListSchema, MonitoringGroupSchema,
  type GroupInputBody, type MonitoringGroupView,
} from '@vigil/protocol';
import { createGroup, deleteGroup, getGroup, listGroups, updateGroup, type GroupInput, type GroupView } from '../../groups/group.service.ts';
import { groupHealth } from '../../groups/group-health.ts';
import type { GroupDefinition } from '../../groups/group-definition.ts';
import type { Database } from '@vigil/store';
import { objectScopeCondition } from '../../auth/scope-filter.ts';
import { callerOf } from '../access-control.ts';
import { objectSelect, toObjectView, type ObjectRow } from '../queries/object-view.query.ts';
import type { RouteDeps } from './route-deps.ts';

async function withCounts(db: Database, groups: readonly GroupView[]): Promise<MonitoringGroupView[]> {
  const counts = new Map((await db.selectFrom('group_member').select(['group_id', sql<number>`count(*)`.as('n')]).groupBy('group_id').execute()).map((r) => [r.group_id, Number(r.n)] as const));
  return groups.map((g) => ({ id: g.id, displayName: g.displayName, packName: g.packName, definition: { ...g.definition }, createdAtMs: g.createdAtMs, memberCount: counts.get(g.id) ?? 0 }));
}

const toInput = (body: GroupInputBody): GroupInput => body as unknown as GroupDefinition & { displayName: string };

export function monitoringGroupRoutes({ context, scope }: RouteDeps): FastifyPluginAsyncTypebox {
  const { db, clock } = context;
  const ctx = { db, clock };
  return async (app) => {
    app.get('/groups', {
      schema: { tags: ['groups'], summary: 'Groups with their member counts', response: { 200: MonitoringGroupListSchema } },
      config: { access: { permission: 'monitoring:read' } },
    }, async () => ({ items: await withCounts(db, await listGroups(ctx)) }));

    app.get('/groups/:id', {
      schema: { tags: ['groups'], summary: 'One group', params: IdParamsSchema, response: { 200: MonitoringGroupSchema } },
      config: { access: { permission: 'monitoring:read' } },
    }, async (request) => (await withCounts(db, [await getGroup(ctx, request.params.id)]))[0]!);

    app.post('/groups', {
      schema: { tags: ['groups'], summary: 'Create a group (members computed before the answer)', body: GroupInputSchema, response: { 201: MonitoringGroupSchema } },
      config: { access: { permission: 'groups:manage' }, audit: { action: 'group.create', targetKind: 'group' } },
    }, async (request, reply) => {
      const group = await createGroup(ctx, toInput(request.body));
      request.auditNote = { targetId: group.id, detail: { displayName: group.displayName } };
      return reply.status(201).send((await withCounts(db, [group]))[0]!);
    });

    app.put('/groups/:id', {
      schema: { tags: ['groups'], summary: "Replace a group's definition", params: IdParamsSchema, body: GroupInputSchema, response: { 200: MonitoringGroupSchema } },
      config: { access: { permission: 'groups:manage' }, audit: { action: 'group.update', targetKind: 'group', targetParam: 'id' } },
    }, async (request) => (await withCounts(db, [await updateGroup(ctx, request.params.id, toInput(request.body))]))[0]!);

    app.delete('/groups/:id', {
      schema: { tags: ['groups'], summary: 'Delete a group', params: IdParamsSchema },
      config: { access: { permission: 'groups:manage' }, audit: { action: 'group.delete', targetKind: 'group', targetParam: 'id' } },
    }, async (request, reply) => {
      await deleteGroup(ctx, request.params.id);
      return reply.status(204).send();
    });

    app.get('/groups/:id/members', {
      schema: { tags: ['groups'], summary: "Members (in the caller's scope) with their health", params: IdParamsSchema, response: { 200: GroupMembersSchema } },
      config: { access: { permission: 'monitoring:read' } },
    }, async (request) => {
      await getGroup(ctx, request.params.id);
      const rows = await objectSelect(db)
        .innerJoin('group_member', 'group_member.object_id', 'monitoring_object.id')
        .select('group_member.via')
        .where('group_member.group_id', '=', request.params.id)
        .where(objectScopeCondition('monitoring_object.id', await scope.objects(callerOf(request), 'monitoring:read')))
        .orderBy('monitoring_object.display_name').orderBy('monitoring_object.id').limit(5000)
        .execute();
      return { items: rows.map((r) => ({ ...toObjectView(r as ObjectRow), via: r.via })) };
    });

    app.get('/groups/:id/health', {
      schema: { tags: ['groups'], summary: "The group's health rolled up under its policy", params: IdParamsSchema, response: { 200: GroupHealthSchema } },
      config: { access: { permission: 'monitoring:read' } },
    }, async (request) => {
      const health = await groupHealth(ctx, request.params.id);
      const { state, ...detail } = health.result as unknown as { state: string } & Record<string, unknown>;
      return { groupId: health.groupId, state, policy: { ...health.policy }, memberCount: health.memberCount, counts: { ...health.counts }, detail };
    });
  };
}
