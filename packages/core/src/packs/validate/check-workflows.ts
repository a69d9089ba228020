// Discoveries, rules, tasks and views: their classes, relationships and groups resolve, a
// discovery fills in every key property of what it discovers, and regular expressions compile.
import type { PackPath } from '../parse/pack-diagnostic.ts';
import type { DiscoveryDefinition } from '../schema/discovery.schema.ts';
import { resolve, type Check, type CheckContext } from './check-context.ts';

export const checkDiscoveries: Check = (context) => {
  (context.document.discoveries ?? []).forEach((discovery, index) => {
    const path = ['discoveries', index];
    resolve(context, [...path, 'target'], discovery.target, ['class'], `Target class of discovery "${discovery.id}":`);
    checkDiscovered(context, discovery, path);
  });
};

function checkDiscovered(context: CheckContext, discovery: DiscoveryDefinition, path: PackPath): void {
  const { discovers } = discovery;
  const cls = resolve(context, [...path, 'discovers', 'class'], discovers.class, ['class'], `Discovered class of "${discovery.id}":`);
  if (cls === undefined) return;
  if (cls.element.abstract === true) {
    context.report({ path: [...path, 'discovers', 'class'], message: `Discovery "${discovery.id}" discovers abstract class "${cls.element.id}", which cannot have instances. Discover a concrete class derived from it.` });
    return;
  }
  const properties = context.index.properties(cls.element.id);
  for (const name of Object.keys(discovers.properties)) {
    if (!properties.has(name)) {
      context.report({
        path: [...path, 'discovers', 'properties', name],
        anchor: 'key',
        message: `Class "${cls.element.id}" has no property "${name}". Known properties: ${[...properties.keys()].join(', ') || '(none)'}.`,
      });
    }
  }
  for (const [name, property] of properties) {
    if (property.key === true && !(name in discovers.properties)) {
      context.report({
        path: [...path, 'discovers', 'properties'],
        message: `Discovery "${discovery.id}" does not set key property "${name}" of "${cls.element.id}"; instances cannot be told apart without it. Map it under discovers.properties.`,
      });
    }
  }
  if (discovers.relationship === undefined) return;
  const relationship = resolve(context, [...path, 'discovers', 'relationship'], discovers.relationship, ['relationship'], `Relationship of discovery "${discovery.id}":`);
  if (relationship === undefined) return;
  const { source, target } = relationship.element;
  if (!context.index.isSameOrDerived(discovery.target, source) || !context.index.isSameOrDerived(cls.element.id, target)) {
    context.report({
      path: [...path, 'discovers', 'relationship'],
      message: `Relationship "${relationship.element.id}" joins ${source} -> ${target}, but discovery "${discovery.id}" attaches ${cls.element.id} to ${discovery.target}. Use a relationship between those classes.`,
    });
  }
}

export const checkRules: Check = (context) => {
  (context.document.rules ?? []).forEach((rule, index) => {
    const path = ['rules', index];
    resolve(context, [...path, 'target'], rule.target, ['class'], `Target class of rule "${rule.id}":`);
    if (rule.kind !== 'performance-collection' && rule.source.match !== undefined) {
      checkRegex(context, [...path, 'source', 'match'], rule.source.match);
    }
  });
};

export const checkTasksAndViews: Check = (context) => {
  (context.document.tasks ?? []).forEach((task, index) => {
    resolve(context, ['tasks', index, 'target'], task.target, ['class'], `Target class of task "${task.id}":`);
  });
  (context.document.views ?? []).forEach((view, index) => {
    if (view.target !== undefined) resolve(context, ['views', index, 'target'], view.target, ['class'], `Target class of view "${view.id}":`);
    if (view.group !== undefined) resolve(context, ['views', index, 'group'], view.group, ['group'], `Group of view "${view.id}":`);
  });
};

export function checkRegex(context: CheckContext, path: PackPath, pattern: string): void {
  try {
    new RegExp(pattern, 'u');
  } catch (error) {
    context.report({ path, message: `${JSON.stringify(pattern)} is not a valid regular expression (${(error as Error).message}). Escape special characters such as ( [ . with a backslash.` });
  }
}
