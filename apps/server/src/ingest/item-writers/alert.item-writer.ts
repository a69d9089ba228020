// Alerts raised by rules on the agent: deduplicated by (rule, object, suppression key) into a
// repeat count, as SCOM does. Monitor alerts are not sent by agents — the management server
// derives them from state changes — so an item with a monitor origin is stored as a rule alert
// keyed by the monitor, which keeps it and its repeats visible rather than dropping it.
import { newId, raiseRuleAlert, type AlertId } from '@vigil/core';
import { findObjectById, findOpenRuleAlert, saveAlert } from '@vigil/store';
import type { ItemWriter } from './item-writer.ts';

export const alertItemWriter: ItemWriter<'alert'> = {
  kind: 'alert',
  async write(items, context) {
    for (const item of items) {
      const objectId = await context.objects.resolve(context.trx, item.objectKey, context.source.agentId, context.clock.nowMs());
      const object = await findObjectById(context.trx, objectId);
      if (object?.inMaintenance) continue;
      const ruleId = item.origin.kind === 'rule' ? item.origin.ruleId : item.origin.monitorId;
      const suppressionKey = item.suppressionKey ?? item.name;
      const existing = await findOpenRuleAlert(context.trx, objectId, ruleId, suppressionKey);
      const outcome = raiseRuleAlert(existing ? [existing] : [], {
        ruleId,
        objectId,
        suppressionKey,
        newAlertId: newId<AlertId>(item.timestampMs),
        name: item.name,
        description: item.description,
        severity: item.severity,
        priority: item.priority,
        atMs: item.timestampMs,
      });
      await saveAlert(context.trx, outcome.alert, existing, { context: { description: item.description } });
      context.effects.alertChanges.push({ alertId: outcome.alert.id, objectId, change: existing ? 'updated' : 'raised' });
    }
  },
};
