// @vigil/gateway: the gateway role (SCOM's gateway server) — agents in an untrusted network link
// to it; it relays them to the management servers over one link, spooling while none is reachable.
export * from './config/gateway-config.ts';
export * from './runtime/gateway.ts';
export * from './spool/relay-spool.ts';
export * from './health/gateway-health.ts';
