// @vigil/sdk: the typed client of the Vigil SDK API, for the console, the CLI and connectors.
// Runs anywhere fetch does; Node programs that must trust the group CA use @vigil/sdk/node.
export * from './http-transport.ts';
export * from './vigil-api-error.ts';
export * from './vigil-client.ts';
export * from './monitoring-api.ts';
export * from './live-feed-parser.ts';
