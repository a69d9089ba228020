// Loads @peculiar/x509 (through x509-runtime.ts) on first use. A machine that is enrolled only
// reads its identity files, verifies peers and builds TLS options, which node:crypto does alone;
// the library and its dependencies are loaded when the CA is created, something is issued or
// signed, or a CSR or CRL is made.
import type * as x509RuntimeModule from './x509-runtime.ts';

export type X509Runtime = typeof x509RuntimeModule;

/** The x509 runtime; the module loader caches it, so every call after the first is cheap. */
export function loadX509Runtime(): Promise<X509Runtime> {
  return import('./x509-runtime.ts');
}
