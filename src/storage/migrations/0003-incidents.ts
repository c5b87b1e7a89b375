/**
 * @module Services and incidents: the current state of each service and its history, incidents
 * with their timeline, and maintenance windows created through the API. Times are `bigint`
 * epoch ms, JSON columns `text`, booleans 0/1 `integer`.
 */
import type { Kysely } from 'kysely';
import type { DialectSql } from '../dialect-sql.js';
import type { VigieMigration } from './migration.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

const TABLES = ['maintenance_windows', 'incident_events', 'incidents', 'service_state_history', 'service_states'];

async function serviceStates(db: Db, dialect: DialectSql): Promise<void> {
  await db.schema
    .createTable('service_states')
    .addColumn('service_id', 'text', (c) => c.primaryKey())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('since', 'bigint', (c) => c.notNull())
    .addColumn('details', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('service_state_history')
    .addColumn('id', dialect.identityType, (c) => dialect.identity(c))
    .addColumn('service_id', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('details', 'text')
    .execute();
  await db.schema.createIndex('service_state_history_service_at').on('service_state_history').columns(['service_id', 'at', 'id']).execute();
}

async function incidents(db: Db, dialect: DialectSql): Promise<void> {
  await db.schema
    .createTable('incidents')
    .addColumn('id', dialect.identityType, (c) => dialect.identity(c))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text')
    .addColumn('service_id', 'text')
    .addColumn('root_cause', 'text')
    .addColumn('affected', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('common_mode', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('first_failure_at', 'bigint')
    .addColumn('opened_at', 'bigint', (c) => c.notNull())
    .addColumn('last_failure_at', 'bigint', (c) => c.notNull())
    .addColumn('recovered_at', 'bigint')
    .addColumn('acknowledged_at', 'bigint')
    .addColumn('mitigated_at', 'bigint')
    .addColumn('resolved_at', 'bigint')
    .addColumn('reopened', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('incidents_status').on('incidents').columns(['status', 'id']).execute();
  await db.schema.createIndex('incidents_opened_at').on('incidents').columns(['opened_at', 'id']).execute();
  await db.schema
    .createTable('incident_events')
    .addColumn('id', dialect.identityType, (c) => dialect.identity(c))
    .addColumn('incident_id', 'bigint', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('author', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('details', 'text')
    .addColumn('dedup_key', 'text')
    .execute();
  await db.schema.createIndex('incident_events_incident_at').on('incident_events').columns(['incident_id', 'at', 'id']).execute();
  await db.schema.createIndex('incident_events_dedup').on('incident_events').columns(['incident_id', 'dedup_key']).unique().execute();
}

async function maintenanceWindows(db: Db): Promise<void> {
  await db.schema
    .createTable('maintenance_windows')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}

export const incidentsMigration: VigieMigration = {
  async up(db, dialect) {
    await serviceStates(db, dialect);
    await incidents(db, dialect);
    await maintenanceWindows(db);
  },

  async down(db) {
    for (const table of TABLES) await db.schema.dropTable(table).ifExists().execute();
  },
};
