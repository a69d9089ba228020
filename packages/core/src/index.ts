// @vigil/core, the whole domain. Processes that must stay small (the agent) import the subpaths
// instead (@vigil/core/errors, /ids, /time, /logging, /config, /health, /packs, /pack-schema):
// each loads only its folder, where this barrel loads the pack parser, YAML and every schema.
export * from './errors/index.ts';
export * from './ids/index.ts';
export * from './time/index.ts';
export * from './logging/index.ts';
export * from './config/index.ts';
export * from './health/index.ts';
export * from './packs/index.ts';
