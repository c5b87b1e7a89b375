/**
 * @module The initial schema: every table of `tables.ts`. Times are `bigint` epoch ms, latencies
 * `double precision`, JSON columns `text`, booleans 0/1 `integer` — the same values on both
 * dialects. Auto-increment keys come from the dialect (`integer ... autoincrement` /
 * `bigint generated always as identity`).
 */
import type { Kysely } from 'kysely';
import type { DialectSql } from '../dialect-sql.js';
import type { VigieMigration } from './migration.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

const TABLES = ['meta', 'api_tokens', 'consumer_cursors', 'transitions', 'rollups_hourly', 'results', 'monitor_state', 'monitors'];

async function monitors(db: Db): Promise<void> {
  await db.schema
    .createTable('monitors')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('paused', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('deleted_at', 'bigint')
    .execute();
  await db.schema.createIndex('monitors_deleted_at').on('monitors').column('deleted_at').execute();
}

async function monitorState(db: Db): Promise<void> {
  await db.schema
    .createTable('monitor_state')
    .addColumn('monitor_id', 'text', (c) => c.primaryKey().references('monitors.id').onDelete('cascade'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('since', 'bigint')
    .addColumn('pending_status', 'text')
    .addColumn('pending_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('flapping', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('recent_changes', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('last_result_at', 'bigint')
    .addColumn('last_status', 'text')
    .addColumn('last_message', 'text')
    .addColumn('last_latency_ms', 'double precision')
    .addColumn('last_details', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}

async function results(db: Db, dialect: DialectSql): Promise<void> {
  await db.schema
    .createTable('results')
    .addColumn('id', dialect.identityType, (c) => dialect.identity(c))
    .addColumn('monitor_id', 'text', (c) => c.notNull().references('monitors.id').onDelete('cascade'))
    .addColumn('location', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('latency_ms', 'double precision')
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('timings', 'text')
    .execute();
  await db.schema.createIndex('results_monitor_at').on('results').columns(['monitor_id', 'at', 'id']).execute();
  await db.schema.createIndex('results_at').on('results').column('at').execute();
}

async function rollups(db: Db): Promise<void> {
  await db.schema
    .createTable('rollups_hourly')
    .addColumn('monitor_id', 'text', (c) => c.notNull().references('monitors.id').onDelete('cascade'))
    .addColumn('location', 'text', (c) => c.notNull())
    .addColumn('hour', 'bigint', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('up', 'integer', (c) => c.notNull())
    .addColumn('degraded', 'integer', (c) => c.notNull())
    .addColumn('down', 'integer', (c) => c.notNull())
    .addColumn('unknown', 'integer', (c) => c.notNull())
    .addColumn('latency_min', 'double precision')
    .addColumn('latency_avg', 'double precision')
    .addColumn('latency_p95', 'double precision')
    .addColumn('latency_max', 'double precision')
    .addPrimaryKeyConstraint('rollups_hourly_pk', ['monitor_id', 'location', 'hour'])
    .execute();
  await db.schema.createIndex('rollups_hourly_hour').on('rollups_hourly').column('hour').execute();
}

async function transitions(db: Db, dialect: DialectSql): Promise<void> {
  await db.schema
    .createTable('transitions')
    .addColumn('id', dialect.identityType, (c) => dialect.identity(c))
    .addColumn('monitor_id', 'text', (c) => c.notNull().references('monitors.id').onDelete('cascade'))
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text')
    .addColumn('event_type', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('details', 'text')
    .execute();
  await db.schema.createIndex('transitions_monitor_at').on('transitions').columns(['monitor_id', 'at', 'id']).execute();
  await db.schema.createIndex('transitions_at').on('transitions').columns(['at', 'id']).execute();
}

async function consumerCursors(db: Db): Promise<void> {
  await db.schema
    .createTable('consumer_cursors')
    .addColumn('consumer', 'text', (c) => c.primaryKey())
    .addColumn('last_id', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}

async function apiTokens(db: Db): Promise<void> {
  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint')
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema.createIndex('api_tokens_token_hash').on('api_tokens').column('token_hash').unique().execute();
}

async function meta(db: Db): Promise<void> {
  await db.schema
    .createTable('meta')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}

export const initial: VigieMigration = {
  async up(db, dialect) {
    await monitors(db);
    await monitorState(db);
    await results(db, dialect);
    await rollups(db);
    await transitions(db, dialect);
    await consumerCursors(db);
    await apiTokens(db);
    await meta(db);
  },

  async down(db) {
    for (const table of TABLES) await db.schema.dropTable(table).ifExists().execute();
  },
};
