// Agents (computers): the list (with ?approval=pending for SCOM's pending management), one
// agent, approve / reject, and the failover list the link layer pushes to the agent. Every
// query is limited to the caller's scope; an agent outside it answers 404 as if it did not
// exist, so scopes do not leak names.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { VigilError, type AgentId } from '@vigil/core';
import { AgentFailoverSchema, AgentListQuerySchema, AgentNameParamsSchema, AgentPageSchema, AgentSchema, type Agent, type Permission } from '@vigil/protocol';
import { findAgentByName, setAgentFailover, type AgentRecord, type AgentTable } from '@vigil/store';
import { approveAgent, rejectAgent } from '../../enrollment/agent-approval.service.ts';
import { isVisible, visibleCondition } from '../../auth/scope-filter.ts';
import { callerOf } from '../access-control.ts';
import { fetchPage, mapPage } from '../list-query.ts';
import type { FastifyRequest } from 'fastify';
import type { RouteDeps } from './route-deps.ts';

function toAgent(a: AgentRecord): Agent {
  return {
    id: a.id, name: a.name, hostName: a.hostName, approvalState: a.approvalState, requestedAtMs: a.requestedAtMs, decidedAtMs: a.decidedAtMs,
    decidedBy: a.decidedBy, certificateSerial: a.certificateSerial, failoverServers: a.failoverServers === null ? null : [...a.failoverServers],
    heartbeatIntervalSeconds: a.heartbeatIntervalSeconds, lastHeartbeatAtMs: a.lastHeartbeatAtMs, connectedServerId: a.connectedServerId,
  };
}

function rowToAgent(r: AgentTable): Agent {
  return {
    id: r.id, name: r.name, hostName: r.host_name, approvalState: r.approval_state, requestedAtMs: r.requested_at, decidedAtMs: r.decided_at,
    decidedBy: r.decided_by, certificateSerial: r.certificate_serial, failoverServers: r.failover_json === null ? null : (JSON.parse(r.failover_json) as string[]),
    heartbeatIntervalSeconds: r.heartbeat_interval_seconds, lastHeartbeatAtMs: r.last_heartbeat_at, connectedServerId: r.connected_server_id,
  };
}

export function agentRoutes({ context, scope }: RouteDeps): FastifyPluginAsyncTypebox {
  const { db, clock, ca } = context;

  /** The named agent if the caller's scope for `permission` covers it; NOT_FOUND otherwise. */
  async function agentInScope(request: FastifyRequest, name: string, permission: Permission): Promise<AgentRecord> {
    const agent = await findAgentByName(db, name);
    if (!agent || !isVisible(agent.id, await scope.agents(callerOf(request), permission))) throw new VigilError('NOT_FOUND', { what: 'Agent', id: name });
    return agent;
  }

  return async (app) => {
    app.get('/agents', {
      schema: { tags: ['agents'], summary: 'List agents (approval=pending: waiting for approval)', querystring: AgentListQuerySchema, response: { 200: AgentPageSchema } },
      config: { access: { permission: 'agents:read' } },
    }, async (request) => {
      const visibility = await scope.agents(callerOf(request), 'agents:read');
      let query = db.selectFrom('agent').selectAll().where(visibleCondition('agent.id', visibility));
      if (request.query.approval) query = query.where('approval_state', '=', request.query.approval);
      const page = await fetchPage(query, request.query, {
        sortColumns: { name: 'name', hostName: 'host_name', requestedAtMs: 'requested_at', lastHeartbeatAtMs: 'last_heartbeat_at' },
        defaultSort: 'name', tiebreaker: 'id', searchColumns: ['name', 'host_name'],
      });
      return mapPage(page, rowToAgent);
    });

    app.get('/agents/:name', {
      schema: { tags: ['agents'], summary: 'One agent', params: AgentNameParamsSchema, response: { 200: AgentSchema } },
      config: { access: { permission: 'agents:read' } },
    }, async (request) => toAgent(await agentInScope(request, request.params.name, 'agents:read')));

    app.post('/agents/:name/approve', {
      schema: { tags: ['agents'], summary: 'Approve a pending agent (issues its certificate)', params: AgentNameParamsSchema, response: { 200: AgentSchema } },
      config: { access: { permission: 'agents:approve' }, audit: { action: 'agent.approve', targetKind: 'agent', targetParam: 'name' } },
    }, async (request) => {
      await agentInScope(request, request.params.name, 'agents:approve');
      const approved = await approveAgent({ db, ca, clock }, request.params.name, callerOf(request).userName);
      request.auditNote = { detail: { certificateSerial: approved.serial } };
      return toAgent(approved.agent);
    });

    app.post('/agents/:name/reject', {
      schema: { tags: ['agents'], summary: 'Reject an agent (its enrollment retries are refused)', params: AgentNameParamsSchema, response: { 200: AgentSchema } },
      config: { access: { permission: 'agents:approve' }, audit: { action: 'agent.reject', targetKind: 'agent', targetParam: 'name' } },
    }, async (request) => {
      await agentInScope(request, request.params.name, 'agents:approve');
      return toAgent(await rejectAgent({ db, clock }, request.params.name, callerOf(request).userName));
    });

    app.put('/agents/:name/failover', {
      schema: { tags: ['agents'], summary: "Set the agent's management servers in failover order (host:port)", params: AgentNameParamsSchema, body: AgentFailoverSchema, response: { 200: AgentSchema } },
      config: { access: { permission: 'agents:configure' }, audit: { action: 'agent.set-failover', targetKind: 'agent', targetParam: 'name' } },
    }, async (request) => {
      const agent = await agentInScope(request, request.params.name, 'agents:configure');
      await setAgentFailover(db, agent.id as AgentId, request.body.servers);
      request.auditNote = { detail: { servers: request.body.servers, previous: agent.failoverServers } };
      return toAgent((await findAgentByName(db, agent.name))!);
    });
  };
}
