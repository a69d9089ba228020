// The type model: base classes exist and form no cycle, properties are not declared twice along
// an inheritance chain, relationships join known classes, and hosted classes have a host.
import { findCycle } from './find-cycle.ts';
import { resolve, type Check } from './check-context.ts';

/** The one class allowed to have no base: the root of every class hierarchy. */
export const ROOT_CLASS_ID = 'Vigil.Core.Entity';

export const checkClasses: Check = (context) => {
  const classes = context.document.classes ?? [];
  classes.forEach((cls, index) => {
    if (cls.base === undefined) {
      if (cls.id !== ROOT_CLASS_ID) {
        context.report({ path: ['classes', index, 'id'], message: `Class "${cls.id}" has no base class. Add "base: ${ROOT_CLASS_ID}" or a class derived from it.` });
      }
    } else if (cls.base !== cls.id) {
      resolve(context, ['classes', index, 'base'], cls.base, ['class'], `Base class of "${cls.id}":`);
    }
    const names = new Set<string>();
    const inherited = cls.base === undefined ? new Map() : context.index.properties(cls.base);
    (cls.properties ?? []).forEach((property, propertyIndex) => {
      const path = ['classes', index, 'properties', propertyIndex, 'name'];
      if (names.has(property.name)) {
        context.report({ path, message: `Property "${property.name}" is declared twice in class "${cls.id}". Remove one.` });
      } else if (inherited.has(property.name)) {
        context.report({ path, message: `Property "${property.name}" of class "${cls.id}" is already inherited from a base class. Remove it here or rename it.` });
      }
      names.add(property.name);
    });
  });

  const own = new Set(classes.map((cls) => cls.id));
  const cycle = findCycle(own, (id) => {
    const entry = context.index.get(id);
    return entry?.kind === 'class' && entry.element.base !== undefined ? [entry.element.base] : [];
  });
  if (cycle !== undefined) {
    const index = classes.findIndex((cls) => cls.id === cycle[0]);
    context.report({ path: ['classes', index, 'base'], message: `Class inheritance forms a cycle: ${cycle.join(' -> ')}. A class cannot derive from itself, directly or through its bases.` });
  }

  classes.forEach((cls, index) => {
    if (cls.hosted !== true || cls.abstract === true) return;
    if (!hasHostingRelationship(context, cls.id)) {
      context.report({
        path: ['classes', index, 'hosted'],
        message: `Class "${cls.id}" is hosted but no hosting relationship targets it or its base classes. Add a relationship with kind: hosting and target: ${cls.id}, or remove "hosted: true".`,
      });
    }
  });
};

export const checkRelationships: Check = (context) => {
  (context.document.relationships ?? []).forEach((relationship, index) => {
    resolve(context, ['relationships', index, 'source'], relationship.source, ['class'], `Source class of "${relationship.id}":`);
    const target = resolve(context, ['relationships', index, 'target'], relationship.target, ['class'], `Target class of "${relationship.id}":`);
    if (relationship.kind === 'hosting' && target !== undefined && !context.index.lineage(target.element.id).some((cls) => cls.hosted === true)) {
      context.report({
        path: ['relationships', index, 'target'],
        message: `Hosting relationship "${relationship.id}" targets "${relationship.target}", which is not a hosted class. Add "hosted: true" to that class or use kind: containment.`,
      });
    }
  });
};

function hasHostingRelationship(context: Parameters<Check>[0], classId: string): boolean {
  const lineage = new Set(context.index.lineage(classId).map((cls) => cls.id));
  return context.index.ids().some((id) => {
    const entry = context.index.get(id);
    return entry?.kind === 'relationship' && entry.element.kind === 'hosting' && lineage.has(entry.element.target);
  });
}
