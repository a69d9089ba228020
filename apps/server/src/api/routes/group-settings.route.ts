// Group-wide settings. Now: the approval policy for new agents without a join token.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { VigilError } from '@vigil/core';
import { ApprovalPolicySchema } from '@vigil/protocol';
import { getManagementGroup, setApprovalPolicy } from '@vigil/store';
import type { RouteDeps } from './route-deps.ts';

export function groupSettingsRoutes({ context }: RouteDeps): FastifyPluginAsyncTypebox {
  const { db } = context;
  return async (app) => {
    app.get('/settings/approval-policy', {
      schema: { tags: ['settings'], summary: 'What happens to new agents without a join token', response: { 200: ApprovalPolicySchema } },
      config: { access: { permission: 'settings:read' } },
    }, async () => {
      const group = await getManagementGroup(db);
      if (!group) throw new VigilError('NOT_FOUND', { what: 'Management group', id: context.group.id });
      return { policy: group.approvalPolicy };
    });

    app.put('/settings/approval-policy', {
      schema: { tags: ['settings'], summary: 'Set the approval policy: reject | review | auto-approve', body: ApprovalPolicySchema, response: { 200: ApprovalPolicySchema } },
      config: { access: { permission: 'settings:write' }, audit: { action: 'settings.approval-policy', targetKind: 'management-group' } },
    }, async (request) => {
      const previous = (await getManagementGroup(db))?.approvalPolicy;
      await setApprovalPolicy(db, request.body.policy);
      request.auditNote = { targetId: context.group.id, detail: { policy: request.body.policy, previous } };
      return { policy: request.body.policy };
    });
  };
}
