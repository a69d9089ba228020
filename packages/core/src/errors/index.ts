// Subpath @vigil/core/errors: the error catalogue and VigilError, without the rest of core.
export * from './error-catalogue.ts';
export * from './vigil-error.ts';
