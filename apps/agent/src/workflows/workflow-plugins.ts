// The built-in workflow plugins. Adding a workflow kind or rule kind = one `*.workflow.ts` file in
// plugins/ and one line here.
import type { Workflow } from '@vigil/protocol/link';
import { alertRuleWorkflow } from './plugins/alert-rule.workflow.ts';
import { discoveryWorkflow } from './plugins/discovery.workflow.ts';
import { eventCollectionWorkflow } from './plugins/event-collection.workflow.ts';
import { monitorWorkflow } from './plugins/monitor.workflow.ts';
import { performanceCollectionWorkflow } from './plugins/performance-collection.workflow.ts';
import type { WorkflowPlugin, WorkflowServices } from './workflow-plugin.ts';

export const WORKFLOW_PLUGINS: readonly WorkflowPlugin[] = [
  discoveryWorkflow,
  monitorWorkflow,
  performanceCollectionWorkflow,
  eventCollectionWorkflow,
  alertRuleWorkflow,
];

export function findWorkflowPlugin(workflow: Workflow, services: WorkflowServices, plugins = WORKFLOW_PLUGINS): WorkflowPlugin | undefined {
  return plugins.find((plugin) => plugin.kind === workflow.kind && plugin.accepts(workflow.typeId, services));
}
