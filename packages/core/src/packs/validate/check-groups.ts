// Groups: dynamic rules name known classes and their properties (with compilable patterns), and
// nested groups exist and never include themselves, directly or through other groups.
import { findCycle } from './find-cycle.ts';
import { resolve, type Check } from './check-context.ts';
import { checkRegex } from './check-workflows.ts';

export const checkGroups: Check = (context) => {
  const groups = context.document.groups ?? [];
  groups.forEach((group, index) => {
    (group.dynamic ?? []).forEach((rule, ruleIndex) => {
      const path = ['groups', index, 'dynamic', ruleIndex];
      const cls = resolve(context, [...path, 'class'], rule.class, ['class'], `Class of a membership rule in group "${group.id}":`);
      if (cls === undefined) return;
      const properties = context.index.properties(cls.element.id);
      (rule.where ?? []).forEach((condition, conditionIndex) => {
        const conditionPath = [...path, 'where', conditionIndex];
        if (!properties.has(condition.property)) {
          context.report({
            path: [...conditionPath, 'property'],
            message: `Class "${cls.element.id}" has no property "${condition.property}". Known properties: ${[...properties.keys()].join(', ') || '(none)'}.`,
          });
        }
        if (condition.operator === 'exists') {
          if (condition.value !== undefined) context.report({ path: [...conditionPath, 'value'], message: 'Operator "exists" takes no value. Remove "value".' });
        } else if (condition.value === undefined) {
          context.report({ path: conditionPath, message: `Operator "${condition.operator}" needs a value. Add "value: ...".` });
        } else if (condition.operator === 'matches' || condition.operator === 'not-matches') {
          checkRegex(context, [...conditionPath, 'value'], String(condition.value));
        }
      });
    });
    (group.includeGroups ?? []).forEach((included, includedIndex) => {
      resolve(context, ['groups', index, 'includeGroups', includedIndex], included, ['group'], `Group included by "${group.id}":`);
    });
    if ((group.members ?? []).length === 0 && (group.dynamic ?? []).length === 0 && (group.includeGroups ?? []).length === 0) {
      context.report({ path: ['groups', index, 'id'], severity: 'warning', message: `Group "${group.id}" has no members, membership rules or included groups; it will always be empty.` });
    }
  });

  const own = new Set(groups.map((group) => group.id));
  const cycle = findCycle(own, (id) => {
    const entry = context.index.get(id);
    return entry?.kind === 'group' ? (entry.element.includeGroups ?? []) : [];
  });
  if (cycle !== undefined) {
    const index = groups.findIndex((group) => group.id === cycle[0]);
    context.report({ path: ['groups', index, 'includeGroups'], message: `Nested groups form a cycle: ${cycle.join(' -> ')}. Remove one of these includes.` });
  }
};
