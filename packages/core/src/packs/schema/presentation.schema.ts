// What operators see and run: tasks (on-demand commands) and views (console pages).
import Type, { type Static } from 'typebox';
import { ElementId, RunsOn, Severity, Text, TimeoutSeconds } from './common.schema.ts';

export const TaskDefinition = Type.Object(
  {
    id: ElementId,
    displayName: Type.Optional(Text),
    target: ElementId,
    runsOn: RunsOn,
    command: Text,
    args: Type.Optional(Type.Array(Type.String())),
    timeoutSeconds: TimeoutSeconds,
    requiresConfirmation: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const VIEW_KINDS = ['alert', 'event', 'state', 'performance', 'diagram', 'task-status', 'dashboard'] as const;

export const ViewDefinition = Type.Object(
  {
    id: ElementId,
    kind: Type.Enum([...VIEW_KINDS]),
    displayName: Text,
    /** Objects of this class (or derived) ... */
    target: Type.Optional(ElementId),
    /** ... optionally limited to members of this group. */
    group: Type.Optional(ElementId),
    folder: Type.Optional(Type.String()),
    severities: Type.Optional(Type.Array(Severity)),
    counters: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
  },
  { additionalProperties: false },
);

export type TaskDefinition = Static<typeof TaskDefinition>;
export type ViewDefinition = Static<typeof ViewDefinition>;
