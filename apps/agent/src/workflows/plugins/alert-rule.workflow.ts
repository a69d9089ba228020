// Alert rules: every matching log line -> an `alert` item with origin `{ kind: 'rule' }`. Lines
// whose listed fields (`alert.suppressionKey`) are equal share a suppression key, so the server
// counts repeats on one alert instead of raising many.
import { AlertRule } from '@vigil/core/pack-schema';
import type { AlertItem } from '@vigil/protocol/link';
import { bindLogEvents, renderTemplate, type LogEvent } from '../log-events.ts';
import { checked, configurationOf, targetOf } from '../workflow-configuration.ts';
import type { WorkflowPlugin } from '../workflow-plugin.ts';

const AlertBlock = AlertRule.properties.alert;

/** `ruleId|field=value|…` over the listed fields, or undefined when repeats are not counted. */
export function suppressionKeyOf(ruleId: string, fields: readonly string[] | undefined, countRepeats: boolean | undefined, event: LogEvent): string | undefined {
  if (countRepeats === false || fields === undefined || fields.length === 0) return undefined;
  return [ruleId, ...fields.map((field) => `${field}=${event.fields[field] ?? ''}`)].join('|').slice(0, 256);
}

export const alertRuleWorkflow: WorkflowPlugin = {
  kind: 'rule',
  defaultIntervalSeconds: 60,
  accepts: (typeId) => typeId === 'alert',
  create(workflow, services) {
    const configuration = configurationOf(workflow);
    const alert = checked(AlertBlock, configuration['alert'], workflow, 'alert');
    const target = targetOf(workflow);
    const source = bindLogEvents(workflow, configuration['source'], target, services);
    return {
      async run() {
        const { events, commit } = await source.read();
        if (events.length > 0) {
          const atMs = services.clock.nowMs();
          services.submit(events.map((event): AlertItem => {
            const suppressionKey = suppressionKeyOf(workflow.workflowId, alert.suppressionKey, alert.countRepeats, event);
            return {
              kind: 'alert', objectKey: workflow.targetKey, origin: { kind: 'rule', ruleId: workflow.workflowId },
              severity: alert.severity, priority: alert.priority ?? 'medium',
              name: renderTemplate(alert.name, target, event.fields).slice(0, 256),
              description: renderTemplate(alert.description ?? '{{message}}', target, event.fields).slice(0, 16_384),
              timestampMs: atMs,
              ...(suppressionKey === undefined ? {} : { suppressionKey }),
            };
          }));
        }
        await commit();
      },
    };
  },
};
