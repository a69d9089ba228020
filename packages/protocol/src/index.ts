// @vigil/protocol: the link's wire contract (also importable alone as `@vigil/protocol/link`)
// and the SDK API's schemas. Schemas (TypeBox) are the single source of truth; every TypeScript
// type here is inferred from one. No node:* imports: runs anywhere.
export * from './link.ts';
export * from './api/index.ts';
