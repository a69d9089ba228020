// Which sources (agents, and gateways chained behind a gateway) each gateway has announced, so a
// gateway may relay only for what it really served — including, later, what it still holds in its
// store-and-forward spool after the agent moved to another gateway. Seeded from agent.gateway_id
// (the one route known before this table existed), dated by the agent's last heartbeat.
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const relayRoutes: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('relay_route')
      .addColumn('source_id', 'text', (c) => c.notNull())
      .addColumn('gateway_id', 'text', (c) => c.notNull().references('gateway.id').onDelete('cascade'))
      .addColumn('first_seen_at', 'bigint', (c) => c.notNull())
      .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('relay_route_pk', ['source_id', 'gateway_id'])
      .execute();
    await sql`
      insert into relay_route (source_id, gateway_id, first_seen_at, last_seen_at)
      select agent.id, agent.gateway_id, coalesce(agent.last_heartbeat_at, agent.requested_at), coalesce(agent.last_heartbeat_at, agent.requested_at)
      from agent inner join gateway on gateway.id = agent.gateway_id
    `.execute(db);
  },
};
