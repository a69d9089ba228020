// Reading a workflow's `configuration` (docs/agent-workflows.md). It arrives as free JSON; each
// plugin checks the parts it uses against a TypeBox schema (the pack format's own where one
// exists) and gets typed values or a VALIDATION_FAILED error naming the workflow and the field.
import { Type, type Static, type TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { VigilError } from '@vigil/core/errors';
import type { Workflow } from '@vigil/protocol/link';
import type { Scalar, WorkflowTarget } from './expressions.ts';

const ScalarValue = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]);

export const TargetSchema = Type.Object({
  classId: Type.String({ minLength: 1 }),
  key: Type.String({ minLength: 1 }),
  properties: Type.Optional(Type.Record(Type.String(), ScalarValue)),
});

/** Checks `value` against `schema`; throws VALIDATION_FAILED naming the workflow, part and first problem. */
export function checked<S extends TSchema>(schema: S, value: unknown, workflow: Workflow, part: string): Static<S> {
  if (Value.Check(schema, value)) return value as Static<S>;
  const errors = [...Value.Errors(schema, value)];
  const best = errors.find((e) => e.keyword !== 'anyOf') ?? errors[0];
  const where = `${part}${best?.instancePath ?? ''}`;
  throw new VigilError('VALIDATION_FAILED', {
    what: `Workflow ${workflow.workflowId} (${workflow.kind} ${workflow.typeId}) for ${workflow.targetKey}: configuration.${where} ${best?.message ?? 'does not match'}.`,
  });
}

/** The configuration object with the parts every plugin reads. */
export function configurationOf(workflow: Workflow): Record<string, unknown> {
  const configuration = workflow.configuration;
  if (typeof configuration !== 'object' || configuration === null || Array.isArray(configuration)) {
    throw new VigilError('VALIDATION_FAILED', { what: `Workflow ${workflow.workflowId} for ${workflow.targetKey}: configuration must be an object.` });
  }
  return configuration as Record<string, unknown>;
}

/** The target instance; a workflow without one runs for its targetKey with no properties. */
export function targetOf(workflow: Workflow): WorkflowTarget {
  const raw = configurationOf(workflow)['target'];
  if (raw === undefined) {
    const colon = workflow.targetKey.indexOf(':');
    return { classId: colon < 0 ? '' : workflow.targetKey.slice(0, colon), key: workflow.targetKey, properties: {} };
  }
  const target = checked(TargetSchema, raw, workflow, 'target');
  return { classId: target.classId, key: target.key, properties: (target.properties ?? {}) as Record<string, Scalar> };
}

export function intervalMsOf(workflow: Workflow, fallbackSeconds: number): number {
  return (workflow.intervalSeconds ?? fallbackSeconds) * 1000;
}
