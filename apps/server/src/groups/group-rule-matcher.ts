// Compiles dynamic rules into predicates, indexed by class so each object is tested only against
// the rules that can match it. Semantics (the contract the console documents):
// - equals / not-equals compare numbers numerically when both sides are numbers, otherwise as
//   text ignoring case (host names and Windows paths differ only in case);
// - contains: text contains the value, ignoring case; matches: JavaScript regular expression,
//   unanchored (anchor with ^...$), case-sensitive;
// - greater-than / less-than: numeric; a non-numeric property never matches;
// - exists: present, not null and not empty text;
// - a missing property matches only not-equals and not-matches.
import type { ObjectId } from '@vigil/core';
import type { GroupCandidateObject } from '@vigil/store';
import type { GroupCondition, GroupDefinition } from './group-definition.ts';

export interface MatchableObject {
  readonly id: ObjectId;
  readonly classId: string;
  readonly objectKey: string;
  readonly displayName: string;
  readonly properties: Readonly<Record<string, unknown>>;
}

export function toMatchable(row: GroupCandidateObject): MatchableObject {
  let properties: Record<string, unknown> = {};
  try {
    properties = JSON.parse(row.propertiesJson) as Record<string, unknown>;
  } catch {
    // A malformed properties document matches no property condition rather than failing the run.
  }
  return { id: row.id, classId: row.classId, objectKey: row.objectKey, displayName: row.displayName, properties };
}

type Predicate = (object: MatchableObject) => boolean;

export interface CompiledRules {
  /** Every class some rule can match (rule classes and all classes derived from them). */
  readonly classIds: readonly string[];
  /** The groups whose dynamic rules match the object. */
  groupsMatching(object: MatchableObject): string[];
}

/** Classes derived from each class, transitively, each including itself. */
export function derivedClasses(classes: ReadonlyArray<{ id: string; baseId: string | null }>): (classId: string) => Set<string> {
  const children = new Map<string, string[]>();
  for (const c of classes) if (c.baseId) children.set(c.baseId, [...(children.get(c.baseId) ?? []), c.id]);
  const cache = new Map<string, Set<string>>();
  return (classId) => {
    let found = cache.get(classId);
    if (found) return found;
    found = new Set([classId]);
    const stack = [classId];
    while (stack.length > 0) for (const child of children.get(stack.pop()!) ?? []) if (!found.has(child) && found.add(child)) stack.push(child);
    cache.set(classId, found);
    return found;
  };
}

export function compileRules(groups: ReadonlyMap<string, GroupDefinition>, derived: (classId: string) => Set<string>): CompiledRules {
  const byClass = new Map<string, Array<{ groupId: string; test: Predicate }>>();
  for (const [groupId, definition] of groups) {
    for (const rule of definition.dynamic ?? []) {
      const conditions = (rule.where ?? []).map(compileCondition);
      const test: Predicate = (o) => conditions.every((c) => c(o));
      for (const classId of derived(rule.class)) byClass.set(classId, [...(byClass.get(classId) ?? []), { groupId, test }]);
    }
  }
  return {
    classIds: [...byClass.keys()],
    groupsMatching(object) {
      const out = new Set<string>();
      for (const rule of byClass.get(object.classId) ?? []) if (!out.has(rule.groupId) && rule.test(object)) out.add(rule.groupId);
      return [...out];
    },
  };
}

function propertyOf(object: MatchableObject, name: string): unknown {
  if (name === '$displayName') return object.displayName;
  if (name === '$objectKey') return object.objectKey;
  if (name === '$classId') return object.classId;
  return object.properties[name];
}

const isNumeric = (v: unknown): boolean => (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)));

function equalsValue(actual: unknown, expected: string | number | boolean): boolean {
  if (typeof expected === 'number' && isNumeric(actual)) return Number(actual) === expected;
  return String(actual).toLowerCase() === String(expected).toLowerCase();
}

function compileCondition(condition: GroupCondition): Predicate {
  const { property, operator, value } = condition;
  const regex = operator === 'matches' || operator === 'not-matches' ? new RegExp(String(value)) : undefined;
  const present = (o: MatchableObject): unknown => propertyOf(o, property);
  const missing = (v: unknown): boolean => v === undefined || v === null;
  switch (operator) {
    case 'exists':
      return (o) => !missing(present(o)) && present(o) !== '';
    case 'equals':
      return (o) => !missing(present(o)) && equalsValue(present(o), value!);
    case 'not-equals':
      return (o) => missing(present(o)) || !equalsValue(present(o), value!);
    case 'contains':
      return (o) => !missing(present(o)) && String(present(o)).toLowerCase().includes(String(value).toLowerCase());
    case 'matches':
      return (o) => !missing(present(o)) && regex!.test(String(present(o)));
    case 'not-matches':
      return (o) => missing(present(o)) || !regex!.test(String(present(o)));
    case 'greater-than':
      return (o) => isNumeric(present(o)) && Number(present(o)) > Number(value);
    case 'less-than':
      return (o) => isNumeric(present(o)) && Number(present(o)) < Number(value);
  }
}
