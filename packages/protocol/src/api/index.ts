// The SDK API's contract (/api/v1): request and response schemas shared by the server (which
// validates and documents with them) and the SDK (which types its calls with them).
export * from './list-query.schema.ts';
export * from './access.schema.ts';
export * from './api-error.schema.ts';
export * from './auth.schema.ts';
export * from './user.schema.ts';
export * from './role.schema.ts';
export * from './api-token.schema.ts';
export * from './audit.schema.ts';
export * from './management-server.schema.ts';
export * from './pool.schema.ts';
export * from './agent.schema.ts';
export * from './group-settings.schema.ts';
export * from './join-token.schema.ts';
export * from './monitoring-common.schema.ts';
export * from './alert.schema.ts';
export * from './monitoring-object.schema.ts';
export * from './perf.schema.ts';
export * from './event.schema.ts';
export * from './state-change.schema.ts';
export * from './live-feed.schema.ts';
export * from './maintenance.schema.ts';
export * from './override.schema.ts';
export * from './monitoring-group.schema.ts';
export * from './task.schema.ts';
export * from './pack.schema.ts';
export * from './gateway.schema.ts';
