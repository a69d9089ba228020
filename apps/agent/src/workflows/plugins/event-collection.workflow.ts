// Event collection rules: matching log lines -> `event` items of the target.
import type { EventItem } from '@vigil/protocol/link';
import { bindLogEvents, type LogLevel } from '../log-events.ts';
import { configurationOf, targetOf } from '../workflow-configuration.ts';
import type { WorkflowPlugin } from '../workflow-plugin.ts';

const EVENT_LEVELS: Readonly<Record<LogLevel, EventItem['level']>> = {
  debug: 'verbose', info: 'information', notice: 'information', warning: 'warning', error: 'error', critical: 'critical',
};

export const eventCollectionWorkflow: WorkflowPlugin = {
  kind: 'rule',
  defaultIntervalSeconds: 60,
  accepts: (typeId) => typeId === 'event-collection',
  create(workflow, services) {
    const source = bindLogEvents(workflow, configurationOf(workflow)['source'], targetOf(workflow), services);
    return {
      async run() {
        const { events, commit } = await source.read();
        if (events.length > 0) {
          const atMs = services.clock.nowMs();
          services.submit(events.map((event): EventItem => {
            const eventId = Number(event.fields['eventId']);
            return {
              kind: 'event', objectKey: workflow.targetKey, eventId: Number.isInteger(eventId) && eventId >= 0 && eventId <= 4_294_967_295 ? eventId : 0,
              level: EVENT_LEVELS[event.level], message: event.message.slice(0, 16_384), timestampMs: atMs,
              data: Object.fromEntries(Object.entries(event.fields).filter(([key]) => key !== 'message').slice(0, 255).map(([k, v]) => [k.slice(0, 128), v.slice(0, 16_384)])),
            };
          }));
        }
        await commit();
      },
    };
  },
};
