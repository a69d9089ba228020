// Overrides: set (written into an unsealed override pack, then agent configurations are
// recompiled), remove (the next version of its pack without it, recompiled the same way), list,
// and the effective value of one parameter on one object with the winner, every candidate and any
// conflict ("why is this threshold 90 here?").
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { effectiveParameter, VigilError, type Override } from '@vigil/core';
import {
  EffectiveOverrideQuerySchema, EffectiveOverrideSchema, IdParamsSchema, OverrideListQuerySchema, OverrideListSchema, OverrideRemoveResultSchema, OverrideSetResultSchema,
  OverrideSetSchema, type EffectiveOverride, type OverrideRemoveResult, type OverrideView,
} from '@vigil/protocol';
import { listOverrides } from '@vigil/store';
import { removeOverride, setOverride, type RemovedOverride } from '../../overrides/override-pack.service.ts';
import { callerOf } from '../access-control.ts';
import { objectVisible } from '../queries/object-view.query.ts';
import { findObjectByIdOrKey } from './object.route.ts';
import { packServiceContext } from './pack.route.ts';
import type { RouteDeps } from './route-deps.ts';

function toView(o: Override): OverrideView {
  const context = o.target.kind === 'class' ? { kind: 'class' as const, id: o.target.classId } : o.target.kind === 'group' ? { kind: 'group' as const, id: o.target.groupId } : { kind: 'instance' as const, id: o.target.objectId };
  return { id: o.id, packName: o.packId ?? '', workflowId: o.workflowId, parameter: o.parameter, value: o.value, context, enforced: o.enforced };
}

function storedView(o: RemovedOverride): OverrideView {
  return { id: o.id, packName: o.packName, workflowId: o.workflowId, parameter: o.parameter, value: o.value, context: { kind: o.contextKind, id: o.contextId }, enforced: o.enforced };
}

/** A workflow's default value of `parameter` from its pack definition (its config, or top-level). */
function defaultOf(workflow: Record<string, unknown> | undefined, parameter: string): unknown {
  if (!workflow) return null;
  const config = workflow.config as Record<string, unknown> | undefined;
  if (config && parameter in config) return config[parameter];
  if (parameter === 'enabled') return workflow.enabled ?? true;
  return workflow[parameter] ?? null;
}

export function overrideRoutes(deps: RouteDeps): FastifyPluginAsyncTypebox {
  const { context, scope, packs } = deps;
  const { db } = context;
  const service = packServiceContext(deps);
  return async (app) => {
    app.get('/overrides', {
      schema: { tags: ['overrides'], summary: 'Overrides in all packs', querystring: OverrideListQuerySchema, response: { 200: OverrideListSchema } },
      config: { access: { permission: 'monitoring:read' } },
    }, async (request) => {
      const rows = await listOverrides(db);
      return {
        items: rows
          .filter((o) => (!request.query.workflowId || o.workflowId === request.query.workflowId) && (!request.query.packName || o.packName === request.query.packName))
          .map(storedView),
      };
    });

    app.post('/overrides', {
      schema: { tags: ['overrides'], summary: 'Set an override (in an unsealed override pack); agent configurations are recompiled', body: OverrideSetSchema, response: { 200: OverrideSetResultSchema } },
      config: { access: { permission: 'overrides:manage' }, audit: { action: 'override.set', targetKind: 'override' } },
    }, async (request) => {
      const outcome = await setOverride(service, request.body, callerOf(request).userName);
      const stored = (await listOverrides(db)).find((o) => o.packName === outcome.packName && o.workflowId === request.body.workflowId && o.parameter === request.body.parameter
        && o.contextKind === request.body.context.kind && o.contextId === request.body.context.id);
      request.auditNote = { targetId: outcome.entry.id, detail: { ...request.body, packVersion: outcome.packVersion } };
      return {
        override: { id: stored?.id ?? outcome.entry.id, packName: outcome.packName, workflowId: request.body.workflowId, parameter: request.body.parameter, value: request.body.value, context: request.body.context, enforced: request.body.enforced ?? false },
        packName: outcome.packName, packVersion: outcome.packVersion, recompiledAgents: outcome.recompiledAgents,
      };
    });

    app.delete('/overrides/:id', {
      schema: { tags: ['overrides'], summary: 'Remove an override (from its unsealed pack); agent configurations are recompiled', params: IdParamsSchema, response: { 200: OverrideRemoveResultSchema } },
      config: { access: { permission: 'overrides:manage' }, audit: { action: 'override.remove', targetKind: 'override', targetParam: 'id' } },
    }, async (request): Promise<OverrideRemoveResult> => {
      const outcome = await removeOverride(service, request.params.id, callerOf(request).userName);
      const removed = storedView(outcome.removed);
      request.auditNote = { detail: { ...removed, packVersion: outcome.packVersion } };
      return { removed, packName: removed.packName, packVersion: outcome.packVersion, recompiledAgents: outcome.recompiledAgents };
    });

    app.get('/overrides/effective', {
      schema: { tags: ['overrides'], summary: "A parameter's effective value on an object: winner, candidates, conflicts", querystring: EffectiveOverrideQuerySchema, response: { 200: EffectiveOverrideSchema } },
      config: { access: { permission: 'monitoring:read' } },
    }, async (request): Promise<EffectiveOverride> => {
      const { workflowId, parameter } = request.query;
      const object = await findObjectByIdOrKey(db, request.query.objectId);
      if (!object || !(await objectVisible(db, object.id, await scope.objects(callerOf(request), 'monitoring:read')))) throw new VigilError('NOT_FOUND', { what: 'Object', id: request.query.objectId });
      const catalogue = packs.current();
      const workflow = catalogue.packs.flatMap((d) => [...(d.monitors ?? []), ...(d.rules ?? []), ...(d.discoveries ?? [])]).find((w) => w.id === workflowId);
      if (!workflow) throw new VigilError('NOT_FOUND', { what: 'Monitor, rule or discovery', id: workflowId });
      const groupIds = (await db.selectFrom('group_member').select('group_id').where('object_id', '=', object.id).execute()).map((g) => g.group_id);
      const defaultValue = defaultOf(workflow as unknown as Record<string, unknown>, parameter);
      const result = effectiveParameter({ overrides: packs.overrides(), workflowId, parameter, defaultValue, subject: { objectId: object.id, classChain: catalogue.classChain(object.class_id), groupIds } });
      return {
        kind: result.kind, objectId: object.id, workflowId, parameter,
        value: result.kind === 'conflict' ? result.defaultValue : result.value, defaultValue,
        winner: result.kind === 'overridden' ? toView(result.winner) : null,
        candidates: result.candidates.map((c) => ({ override: toView(c.override), rank: c.rank, why: c.why })),
        conflicts: result.conflicts.map((c) => ({ rank: c.rank, overrides: c.overrides.map(toView) })),
        explanation: result.explanation,
      };
    });
  };
}
