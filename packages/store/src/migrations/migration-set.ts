// The one migration set both dialects run. Migrations are forward-only: append new entries with
// the next number; never edit or reorder an entry that has shipped.
import type { Migration } from 'kysely/migration';
import { operationalCore } from './0001-operational-core.ts';
import { monitoringModel } from './0002-monitoring-model.ts';
import { apiSessions } from './0003-api-sessions.ts';
import { relayRoutes } from './0004-relay-routes.ts';
import { changeLog } from './0005-change-log.ts';

export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-operational-core': operationalCore,
  '0002-monitoring-model': monitoringModel,
  '0003-api-sessions': apiSessions,
  '0004-relay-routes': relayRoutes,
  '0005-change-log': changeLog,
};
