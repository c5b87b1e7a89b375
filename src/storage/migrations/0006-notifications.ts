/**
 * @module Notifications: what each incident's people were last told (the planner diffs incidents
 * against it), escalations in progress, deliveries (the outbox of messages: one row per event,
 * channel and recipient, unique by idempotency key) with every attempt, channel health,
 * single-use acknowledge links and silences. Times are `bigint` epoch ms, JSON columns `text`.
 */
import type { Kysely } from 'kysely';
import type { DialectSql } from '../dialect-sql.js';
import type { VigieMigration } from './migration.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

const TABLES = ['silences', 'ack_tokens', 'channel_health', 'delivery_attempts', 'deliveries', 'escalations', 'incident_notices'];

async function notices(db: Db): Promise<void> {
  await db.schema
    .createTable('incident_notices')
    .addColumn('incident_id', 'bigint', (c) => c.primaryKey().references('incidents.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('common_mode', 'integer', (c) => c.notNull())
    .addColumn('reopened', 'integer', (c) => c.notNull())
    .addColumn('last_update_id', 'bigint', (c) => c.notNull())
    .addColumn('routes', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('incidents_updated_at').on('incidents').columns(['updated_at', 'id']).execute();
}

async function escalations(db: Db): Promise<void> {
  await db.schema
    .createTable('escalations')
    .addColumn('incident_id', 'bigint', (c) => c.primaryKey().references('incidents.id').onDelete('cascade'))
    .addColumn('policy_id', 'text', (c) => c.notNull())
    .addColumn('policy', 'text', (c) => c.notNull())
    .addColumn('cycle', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('next_level', 'integer', (c) => c.notNull())
    .addColumn('next_at', 'bigint')
    .addColumn('acked_at', 'bigint')
    .addColumn('stopped_at', 'bigint')
    .addColumn('stop_reason', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('escalations_next_at').on('escalations').columns(['next_at']).execute();
}

async function deliveries(db: Db, dialect: DialectSql): Promise<void> {
  await db.schema
    .createTable('deliveries')
    .addColumn('id', dialect.identityType, (c) => dialect.identity(c))
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    .addColumn('incident_id', 'bigint', (c) => c.references('incidents.id').onDelete('cascade'))
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text')
    .addColumn('address', 'text')
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('page', 'integer', (c) => c.notNull())
    .addColumn('extra', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('not_before', 'bigint', (c) => c.notNull())
    .addColumn('lease_until', 'bigint')
    .addColumn('last_error', 'text')
    .addColumn('last_status', 'integer')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('sent_at', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('deliveries_status_not_before').on('deliveries').columns(['status', 'not_before']).execute();
  await db.schema.createIndex('deliveries_incident').on('deliveries').columns(['incident_id', 'id']).execute();
  await db.schema
    .createTable('delivery_attempts')
    .addColumn('id', dialect.identityType, (c) => dialect.identity(c))
    .addColumn('delivery_id', 'bigint', (c) => c.notNull().references('deliveries.id').onDelete('cascade'))
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('status', 'integer')
    .addColumn('error', 'text')
    .addColumn('retry_in_ms', 'bigint')
    .addColumn('answer', 'text')
    .execute();
  await db.schema.createIndex('delivery_attempts_delivery').on('delivery_attempts').columns(['delivery_id', 'id']).execute();
}

async function channelsAndLinks(db: Db, dialect: DialectSql): Promise<void> {
  await db.schema
    .createTable('channel_health')
    .addColumn('channel_id', 'text', (c) => c.primaryKey())
    .addColumn('permanent_failures', 'integer', (c) => c.notNull())
    .addColumn('failing_since', 'bigint')
    .addColumn('last_error', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('ack_tokens')
    .addColumn('nonce', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'bigint', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('person_id', 'text')
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();
  await db.schema.createIndex('ack_tokens_expires_at').on('ack_tokens').columns(['expires_at']).execute();
  await db.schema.createIndex('ack_tokens_incident').on('ack_tokens').columns(['incident_id']).execute();
  await db.schema
    .createTable('silences')
    .addColumn('id', dialect.identityType, (c) => dialect.identity(c))
    .addColumn('matchers', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'bigint', (c) => c.notNull())
    .addColumn('ends_at', 'bigint', (c) => c.notNull())
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('comment', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('silences_ends_at').on('silences').columns(['ends_at']).execute();
}

export const notificationsMigration: VigieMigration = {
  async up(db, dialect) {
    await notices(db);
    await escalations(db);
    await deliveries(db, dialect);
    await channelsAndLinks(db, dialect);
  },
  async down(db) {
    for (const table of TABLES) await db.schema.dropTable(table).ifExists().execute();
    await db.schema.dropIndex('incidents_updated_at').ifExists().execute();
  },
};
