// @vigil/protocol/link: the link's wire contract alone (messages, limits, version negotiation
// and the frame codec), without the SDK API schemas of `./api/`. Agents and gateways import this
// entry: they never serve or call the API, and the API schemas would only cost them memory.
export * from './limits.ts';
export * from './common.schema.ts';
export * from './handshake.schema.ts';
export * from './version-negotiation.ts';
export * from './enrollment.schema.ts';
export * from './item.schema.ts';
export * from './data.schema.ts';
export * from './control.schema.ts';
export * from './relay.schema.ts';
export * from './link-message.schema.ts';
export * from './frame-codec.ts';
