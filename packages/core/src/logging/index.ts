// Subpath @vigil/core/logging: the pino root logger and its destinations.
export * from './logger.ts';
