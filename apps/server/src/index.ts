export * from './config/server-config.ts';
export * from './lifecycle/management-server.ts';
export * from './lifecycle/role-status.ts';
export * from './api/api-server.ts';
export * from './api/api-context.ts';
