// Subpath @vigil/core/ids: branded IDs and their parsers.
export * from './ids.ts';
