// Overrides point at an existing workflow and one of its overridable parameters, carry a value
// of the right type (checked by the monitor type for unit monitor config), use a context that
// exists, and do not set the same parameter twice in the same context.
import { suggest } from '../parse/schema-explainer.ts';
import type { OverrideContext } from '../schema/override.schema.ts';
import { resolve, type Check, type CheckContext } from './check-context.ts';
import { overridableParameters, parameterValueProblem } from './overridable-parameters.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const checkOverrides: Check = (context) => {
  const seen = new Map<string, string>();
  (context.document.overrides ?? []).forEach((override, index) => {
    const path = ['overrides', index];
    checkContextTarget(context, override.context, index);
    const workflow = resolve(context, [...path, 'workflow'], override.workflow, ['monitor', 'rule', 'discovery'], `Workflow of override "${override.id}":`);
    if (workflow === undefined) return;
    const parameters = overridableParameters(workflow);
    const spec = parameters.get(override.parameter);
    if (spec === undefined) {
      const names = [...parameters.keys()];
      context.report({
        path: [...path, 'parameter'],
        message: `${workflow.kind} "${workflow.element.id}" has no overridable parameter "${override.parameter}".${suggest(override.parameter, names)} Overridable: ${names.join(', ')}.`,
      });
      return;
    }
    const problem = parameterValueProblem(spec, override.value);
    if (problem !== undefined) {
      context.report({ path: [...path, 'value'], message: `Override "${override.id}": value for "${override.parameter}" ${problem}, got ${JSON.stringify(override.value)}.` });
      return;
    }
    if (workflow.kind === 'monitor' && workflow.element.kind === 'unit' && override.parameter in workflow.element.config) {
      const monitor = workflow.element;
      if (context.catalogue.has(monitor.type)) {
        const config = { ...monitor.config, [override.parameter]: override.value };
        for (const configProblem of context.catalogue.validateConfig(monitor.type, config)) {
          context.report({ path: [...path, 'value'], message: `Override "${override.id}" makes the config of "${monitor.id}" invalid: ${configProblem}` });
        }
      }
    }
    const key = `${override.workflow}\u0000${override.parameter}\u0000${JSON.stringify(override.context)}`;
    const previous = seen.get(key);
    if (previous !== undefined) {
      context.report({
        path: [...path, 'parameter'],
        message: `Overrides "${previous}" and "${override.id}" both set "${override.parameter}" of "${override.workflow}" in the same context. Keep one of them.`,
      });
    } else {
      seen.set(key, override.id);
    }
  });
};

function checkContextTarget(context: CheckContext, target: OverrideContext, index: number): void {
  const path = ['overrides', index, 'context'];
  if ('class' in target) resolve(context, [...path, 'class'], target.class, ['class'], 'Override context class');
  // Operator-created groups are named by UUID and live in the database, not in a pack: the
  // management server checks those when the pack is imported.
  else if ('group' in target && !UUID.test(target.group)) resolve(context, [...path, 'group'], target.group, ['group'], 'Override context group');
}
