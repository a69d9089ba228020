// Pack document -> YAML text that parses back to an equal document (and so keeps a seal valid:
// the seal covers content, not formatting).
import { stringify } from 'yaml';
import type { PackDocument } from '../schema/pack.schema.ts';

/** Sections in the order the documentation presents them. */
const SECTION_ORDER: readonly (keyof PackDocument)[] = [
  'pack',
  'classes',
  'relationships',
  'discoveries',
  'monitors',
  'rules',
  'tasks',
  'views',
  'overrides',
  'groups',
  'seal',
];

export function serializePack(document: PackDocument): string {
  const ordered: Record<string, unknown> = {};
  for (const section of SECTION_ORDER) if (document[section] !== undefined) ordered[section] = document[section];
  const body = stringify(ordered, { lineWidth: 0, aliasDuplicateObjects: false });
  return `# Vigil management pack ${document.pack.name} ${document.pack.version}\n${body}`;
}
