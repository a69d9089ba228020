// Loads the pack corpus: the built-in Vigil Core pack and the good/bad fixtures.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parsePack, type PackDocument } from '@vigil/core';

const here = dirname(fileURLToPath(import.meta.url));
export const GOOD_DIR = join(here, 'fixtures', 'good');
export const BAD_DIR = join(here, 'fixtures', 'bad');
export const CORE_PACK_FILE = join(here, '..', '..', '..', '..', 'packs', 'vigil-core', 'vigil-core.pack.yaml');

export function readText(file: string): string {
  return readFileSync(file, 'utf8');
}

export function packFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.pack.yaml'))
    .sort();
}

/** Parses a file that must be schema-valid (throws with its diagnostics otherwise). */
export function loadDocument(file: string): PackDocument {
  const result = parsePack(readText(file), file);
  if (result.status !== 'parsed') throw new Error(`${file} does not parse: ${JSON.stringify(result.diagnostics)}`);
  return result.pack.document;
}

/** Vigil Core and every good fixture: what references in the corpus resolve against. */
export function availablePacks(): PackDocument[] {
  return [loadDocument(CORE_PACK_FILE), ...packFiles(GOOD_DIR).map((name) => loadDocument(join(GOOD_DIR, name)))];
}
