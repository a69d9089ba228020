// Management packs: list, validate without importing (problems as file:line: what to fix),
// import a YAML body (version and seal rules; agent configurations recompiled), export exactly
// as imported, remove (refused while another pack references it).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  PackExportSchema, PackImportResultSchema, PackListSchema, PackNameParamsSchema, PackTextSchema, PackValidationSchema, type PackImportResult,
} from '@vigil/protocol';
import { listStoredPacks } from '@vigil/store';
import { exportPackText, importPackText, removePack, validatePackText, type PackServiceContext } from '../../packs/pack-import.service.ts';
import { callerOf } from '../access-control.ts';
import type { RouteDeps } from './route-deps.ts';

export function packServiceContext({ context, packs }: RouteDeps): PackServiceContext {
  return { db: context.db, clock: context.clock, logger: context.logger, packs, trustedPublicKeys: context.trustedPublicKeys ?? [] };
}

export function packRoutes(deps: RouteDeps): FastifyPluginAsyncTypebox {
  const { db } = deps.context;
  const service = packServiceContext(deps);
  return async (app) => {
    app.get('/packs', {
      schema: { tags: ['packs'], summary: 'Imported management packs', response: { 200: PackListSchema } },
      config: { access: { permission: 'packs:read' } },
    }, async () => ({ items: (await listStoredPacks(db)).map(({ content: _content, ...summary }) => summary) }));

    app.post('/packs/validate', {
      schema: { tags: ['packs'], summary: 'Validate a pack against the installed ones without importing it', body: PackTextSchema, response: { 200: PackValidationSchema } },
      config: { access: { permission: 'packs:read' }, audit: { action: 'pack.validate', targetKind: 'pack' } },
    }, async (request) => {
      const outcome = await validatePackText(service, request.body.yaml, request.body.file ?? 'pack.yaml');
      if (!outcome.valid) return { valid: false, name: null, version: null, problems: [...outcome.problems], warnings: [] };
      request.auditNote = { targetId: outcome.pack.pack.name };
      return { valid: true, name: outcome.pack.pack.name, version: outcome.pack.pack.version, problems: [], warnings: [...outcome.warnings] };
    });

    app.post('/packs', {
      schema: { tags: ['packs'], summary: 'Import a pack (YAML); agent configurations are recompiled', body: PackTextSchema, response: { 200: PackImportResultSchema } },
      config: { access: { permission: 'packs:manage' }, audit: { action: 'pack.import', targetKind: 'pack' } },
    }, async (request): Promise<PackImportResult> => {
      const outcome = await importPackText(service, request.body.yaml, request.body.file ?? 'pack.yaml', callerOf(request).userName);
      const plan = outcome.plan;
      const version = plan.kind === 'upgrade' ? plan.to : 'version' in plan ? plan.version : '';
      request.auditNote = { targetId: plan.name, detail: { version, outcome: plan.kind } };
      return { name: plan.name, version, outcome: plan.kind, message: plan.message, recompiledAgents: outcome.recompiledAgents };
    });

    app.get('/packs/:name/export', {
      schema: { tags: ['packs'], summary: 'The pack exactly as imported (sealed packs keep their seal)', params: PackNameParamsSchema, response: { 200: PackExportSchema } },
      config: { access: { permission: 'packs:read' } },
    }, async (request) => ({ name: request.params.name, yaml: await exportPackText(db, request.params.name) }));

    app.delete('/packs/:name', {
      schema: { tags: ['packs'], summary: 'Remove a pack no other pack references', params: PackNameParamsSchema },
      config: { access: { permission: 'packs:manage' }, audit: { action: 'pack.remove', targetKind: 'pack', targetParam: 'name' } },
    }, async (request, reply) => {
      await removePack(service, request.params.name);
      return reply.status(204).send();
    });
  };
}
