// Gateways: the list (approval=pending: waiting for an administrator), approve (issues the
// gateway's certificate, picked up on its next enrollment retry), reject.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { GatewayListQuerySchema, GatewayListSchema, GatewayNameParamsSchema, GatewaySchema, type Gateway } from '@vigil/protocol';
import type { GatewayRecord } from '@vigil/store';
import { approveGateway, listGateways, rejectGateway } from '../../enrollment/gateway-approval.service.ts';
import { callerOf } from '../access-control.ts';
import type { RouteDeps } from './route-deps.ts';

function toGateway(g: GatewayRecord): Gateway {
  return {
    id: g.id, name: g.name, hostName: g.hostName, approvalState: g.approvalState, requestedAtMs: g.requestedAtMs, decidedAtMs: g.decidedAtMs, decidedBy: g.decidedBy,
    certificateSerial: g.certificateSerial, lastSeenAtMs: g.lastSeenAtMs, connectedServerId: g.connectedServerId,
  };
}

export function gatewayRoutes({ context }: RouteDeps): FastifyPluginAsyncTypebox {
  const { db, clock, ca } = context;
  return async (app) => {
    app.get('/gateways', {
      schema: { tags: ['gateways'], summary: 'Gateways (approval=pending: waiting for approval)', querystring: GatewayListQuerySchema, response: { 200: GatewayListSchema } },
      config: { access: { permission: 'servers:read' } },
    }, async (request) => ({ items: (await listGateways({ db }, request.query.approval ? { approvalState: request.query.approval } : {})).map(toGateway) }));

    app.post('/gateways/:name/approve', {
      schema: { tags: ['gateways'], summary: "Approve a gateway (issues its certificate)", params: GatewayNameParamsSchema, response: { 200: GatewaySchema } },
      config: { access: { permission: 'gateways:approve' }, audit: { action: 'gateway.approve', targetKind: 'gateway', targetParam: 'name' } },
    }, async (request) => {
      const approved = await approveGateway({ db, ca, clock }, request.params.name, callerOf(request).userName);
      request.auditNote = { detail: { certificateSerial: approved.serial } };
      return toGateway(approved.gateway);
    });

    app.post('/gateways/:name/reject', {
      schema: { tags: ['gateways'], summary: 'Reject a gateway', params: GatewayNameParamsSchema, response: { 200: GatewaySchema } },
      config: { access: { permission: 'gateways:approve' }, audit: { action: 'gateway.reject', targetKind: 'gateway', targetParam: 'name' } },
    }, async (request) => toGateway(await rejectGateway({ db, clock }, request.params.name, callerOf(request).userName)));
  };
}
