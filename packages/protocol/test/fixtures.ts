// One valid example of every message kind, for round-trip and mutation tests.
import type { ClientMessage, Item, ServerMessage } from '../src/index.ts';

export const AGENT_ID = '0190a0b0-0000-7000-8000-000000000001';
export const GATEWAY_ID = '0190a0b0-0000-7000-8000-000000000002';
export const TASK_ID = '0190a0b0-0000-7000-8000-000000000003';

export const ITEMS: readonly Item[] = [
  { kind: 'perf', objectKey: 'host1', counter: 'cpu.percent', instance: '_Total', value: 12.5, timestampMs: 1_700_000_000_000 },
  { kind: 'event', objectKey: 'host1', eventId: 7036, level: 'warning', message: 'Service stopped', timestampMs: 1, data: { service: 'sshd', pid: 12, ok: false, none: null } },
  { kind: 'state-change', objectKey: 'host1/disk:/', monitorId: 'disk.free', fromState: 'healthy', toState: 'critical', timestampMs: 2, context: { freePercent: 3 } },
  { kind: 'alert', objectKey: 'host1', origin: { kind: 'rule', ruleId: 'syslog.error' }, severity: 'warning', priority: 'medium', name: 'Syslog error', description: 'x', timestampMs: 3, suppressionKey: 'k' },
  { kind: 'alert', objectKey: 'host1', origin: { kind: 'monitor', monitorId: 'disk.free' }, severity: 'critical', priority: 'high', name: 'Disk full', description: '', timestampMs: 3 },
  { kind: 'discovery', discoveryId: 'linux.disks', targetKey: 'host1', instances: [{ classId: 'linux.disk', key: 'host1/disk:/', properties: { sizeBytes: 1e12 }, hostKey: 'host1' }], timestampMs: 4 },
  { kind: 'agent-health', timestampMs: 5, sendQueueBytes: 10, quotaBytes: 100, sendQueuePercent: 10, sendQueueState: 'healthy', droppedItemsTotal: 0, oldestPendingMs: 4 },
];

export const BATCH = { kind: 'batch', sourceId: AGENT_ID, seq: 1, items: [...ITEMS] } as const satisfies ClientMessage;

export const CLIENT_MESSAGES: readonly ClientMessage[] = [
  { kind: 'hello', protocolVersions: [1], role: 'agent', agentName: 'web01', hostName: 'web01.example.com', agentVersion: '0.1.0', capabilities: ['nagios'], lastAckedSeq: 0 },
  { kind: 'hello', protocolVersions: [1, 2], role: 'gateway', agentName: 'gw', hostName: 'gw.dmz', agentVersion: '0.1.0', capabilities: [] },
  { kind: 'enroll-request', agentName: 'web01', hostName: 'web01', csrPem: '-----BEGIN CERTIFICATE REQUEST-----', joinToken: 'tok' },
  { kind: 'enroll-request', agentName: 'web01', hostName: 'web01', csrPem: 'csr' },
  BATCH,
  { kind: 'relay', viaGatewayId: GATEWAY_ID, agentId: AGENT_ID, message: BATCH },
  { kind: 'relay', viaGatewayId: GATEWAY_ID, agentId: AGENT_ID, message: { kind: 'heartbeat', timestampMs: 1, sendQueueBytes: 0 } },
  { kind: 'heartbeat', timestampMs: 1, sendQueueBytes: 1024 },
  { kind: 'config-ack', version: 'sha256:abc', status: 'applied' },
  { kind: 'config-ack', version: 'sha256:abc', status: 'rejected', message: 'unknown monitor type' },
  { kind: 'task-result', taskId: TASK_ID, status: 'succeeded', output: 'ok', exitCode: 0 },
  { kind: 'task-result', taskId: TASK_ID, status: 'timed-out', output: '' },
  { kind: 'error', code: 'internal', message: 'spool unreadable', fatal: true },
];

export const SERVER_MESSAGES: readonly ServerMessage[] = [
  { kind: 'welcome', protocolVersion: 1, managementServerName: 'ms1', groupName: 'MG', agentId: AGENT_ID, heartbeatIntervalSeconds: 60, failoverServers: [{ host: 'ms2', port: 5723 }], configVersion: 'sha256:abc', committedSeq: 41 },
  { kind: 'enroll-result', status: 'approved', certPem: 'cert', caCertPem: 'ca' },
  { kind: 'enroll-result', status: 'pending', retryAfterSeconds: 60, message: 'Awaiting approval in pending management.' },
  { kind: 'enroll-result', status: 'rejected', message: 'Manual agents are rejected.' },
  { kind: 'ack', sourceId: AGENT_ID, seq: 42 },
  { kind: 'config', version: 'sha256:abc', workflows: [{ workflowId: 'm1', kind: 'monitor', typeId: 'threshold', targetKey: 'host1', intervalSeconds: 60, enabled: true, configuration: { counter: 'cpu', thresholds: [80, 90], nested: { a: { b: 1 } } } }] },
  { kind: 'task-request', taskId: TASK_ID, taskType: 'ping', parameters: { host: 'x', count: 3 }, timeoutSeconds: 30, targetKey: 'host1' },
  { kind: 'failover-list', servers: [{ host: 'ms1', port: 5723 }, { host: 'ms2', port: 5723 }] },
  { kind: 'throttle', pauseMs: 5000 },
  { kind: 'deliver', agentId: AGENT_ID, message: { kind: 'ack', sourceId: AGENT_ID, seq: 1 } },
  { kind: 'deliver', agentId: AGENT_ID, message: { kind: 'task-request', taskId: TASK_ID, taskType: 'ping', parameters: {}, timeoutSeconds: 5 } },
  { kind: 'relay-refused', agentId: AGENT_ID, seq: 7, code: 'not-routed', message: 'Never announced through this gateway.' },
  { kind: 'error', code: 'unsupported-protocol-version', message: 'Upgrade the agent.', fatal: true },
];
