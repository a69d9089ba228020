// Subpath @vigil/core/pack-schema: the management pack format's TypeBox schemas alone, for
// processes that check workflow parameters (the agent) without loading the pack parser,
// validator and sealing code of @vigil/core/packs.
export * from './common.schema.ts';
export * from './model.schema.ts';
export * from './discovery.schema.ts';
export * from './monitor.schema.ts';
export * from './rule.schema.ts';
export * from './group.schema.ts';
export * from './override.schema.ts';
export * from './presentation.schema.ts';
export * from './pack.schema.ts';
