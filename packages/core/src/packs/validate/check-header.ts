// Pack-level rules: references resolve to available packs of a sufficient version, every id is
// qualified by the pack name and unique, sealed packs hold no overrides, and the seal flag and
// the seal block agree.
import { comparePackVersions } from '../version/pack-version.ts';
import type { PackLookup } from './pack-index.ts';
import { elementsOf } from './pack-index.ts';
import type { Check, CheckContext } from './check-context.ts';

export function referenceChecks(lookup: PackLookup): Check {
  return (context) => {
    const { pack } = context.document;
    const seen = new Set<string>();
    (pack.references ?? []).forEach((reference, index) => {
      const path = ['pack', 'references', index, 'name'];
      if (reference.name === pack.name) {
        context.report({ path, message: `Pack ${pack.name} references itself. Remove this reference.` });
        return;
      }
      if (seen.has(reference.name)) {
        context.report({ path, message: `Pack ${reference.name} is referenced twice. Keep one reference with the highest minimum version.` });
        return;
      }
      seen.add(reference.name);
      const available = lookup(reference.name);
      if (available === undefined) {
        context.report({ path, message: `Referenced pack ${reference.name} is not available. Import ${reference.name} ${reference.version} or later first (vigil pack import), or pass it to validation.` });
      } else if (comparePackVersions(available.pack.version, reference.version) < 0) {
        context.report({
          path: ['pack', 'references', index, 'version'],
          message: `Pack ${pack.name} needs ${reference.name} ${reference.version} or later, but ${available.pack.version} is available. Import a newer ${reference.name} or lower this minimum.`,
        });
      }
    });
  };
}

export const checkIds: Check = (context) => {
  const prefix = `${context.document.pack.name}.`;
  const firstSeen = new Map<string, string>();
  for (const { section, index, entry } of elementsOf(context.document)) {
    const id = entry.element.id;
    const path = [section, index, 'id'];
    if (!id.startsWith(prefix)) {
      context.report({ path, message: `Id "${id}" must start with the pack name "${prefix}" (ids are qualified by their pack). Rename it to "${prefix}${id.split('.').pop() ?? id}" or similar.` });
    }
    const previous = firstSeen.get(id);
    if (previous !== undefined) {
      context.report({ path, message: `Id "${id}" is already used by ${previous}. Every class, relationship, workflow, override and group needs its own id.` });
    } else {
      firstSeen.set(id, `${section}[${index}]`);
    }
  }
};

export const checkSealRules: Check = (context: CheckContext) => {
  const { document } = context;
  const sealed = document.pack.sealed === true;
  if (sealed && (document.overrides ?? []).length > 0) {
    context.report({
      path: ['overrides'],
      anchor: 'key',
      message: `Pack ${document.pack.name} is sealed, and overrides go into unsealed packs. Move these overrides to a separate unsealed pack that references ${document.pack.name}, or remove "sealed: true".`,
    });
  }
  if (!sealed && document.seal !== undefined) {
    context.report({ path: ['seal'], anchor: 'key', message: 'The pack has a seal block but pack.sealed is not true. Set "sealed: true" and seal it again, or remove the seal block.' });
  }
  if (sealed && document.seal === undefined) {
    context.report({
      path: ['pack', 'sealed'],
      severity: 'warning',
      message: `Pack ${document.pack.name} is marked sealed but carries no seal yet; import refuses it until it is signed (vigil pack export ${document.pack.name} --seal-with <key.pem>).`,
    });
  }
};
