// @vigil/sdk/node: the client plus a transport that trusts the management group's CA.
export * from '../index.ts';
export * from './node-transport.ts';
export * from './live-feed-reader.ts';
