/**
 * @module Changes and rollouts (issue 14): one row per change (its targets, links and details as
 * JSON), unique by the transition that saw it when a check recorded it (several changes recorded
 * through the API have none: a UNIQUE column allows many NULLs on both dialects); the monitors a
 * change names, one row each, so filtering by monitor is exact and indexed; rollouts, chosen ids,
 * with their rings and guard as JSON; and each rollout's timeline, where a repeated line carries a
 * merge key. Times are `bigint` epoch ms, JSON columns `text`.
 */
import type { Kysely } from 'kysely';
import type { DialectSql } from '../dialect-sql.js';
import type { VigieMigration } from './migration.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

/** In the order they can be dropped (those referring to others first). */
const TABLES = ['rollout_events', 'change_monitors', 'changes', 'rollouts'];

async function rollouts(db: Db, dialect: DialectSql): Promise<void> {
  await db.schema
    .createTable('rollouts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('change_kind', 'text', (c) => c.notNull())
    .addColumn('external_ref', 'text')
    .addColumn('rings', 'text', (c) => c.notNull())
    .addColumn('guard', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rollouts_created').on('rollouts').columns(['created_at', 'id']).execute();
  await db.schema.createIndex('rollouts_status_created').on('rollouts').columns(['status', 'created_at', 'id']).execute();
  await db.schema
    .createTable('rollout_events')
    .addColumn('id', dialect.identityType, (c) => dialect.identity(c))
    .addColumn('rollout_id', 'text', (c) => c.notNull().references('rollouts.id').onDelete('cascade'))
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('last_at', 'bigint', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('ring', 'integer')
    .addColumn('decision', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('details', 'text')
    .addColumn('author', 'text')
    .addColumn('merge_key', 'text')
    .execute();
  await db.schema.createIndex('rollout_events_rollout').on('rollout_events').columns(['rollout_id', 'id']).execute();
}

async function changes(db: Db, dialect: DialectSql): Promise<void> {
  await db.schema
    .createTable('changes')
    .addColumn('id', dialect.identityType, (c) => dialect.identity(c))
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('source', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('external_ref', 'text')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('links', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('targets', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('transition_id', 'bigint', (c) => c.unique())
    .addColumn('rollout_id', 'text', (c) => c.references('rollouts.id').onDelete('set null'))
    .addColumn('ring', 'integer')
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('rolled_back_at', 'bigint')
    .addColumn('rolled_back_by', 'text')
    .addColumn('rollback_note', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('changes_at').on('changes').columns(['at', 'id']).execute();
  await db.schema.createIndex('changes_rollout_ring').on('changes').columns(['rollout_id', 'ring']).execute();
  await db.schema
    .createTable('change_monitors')
    .addColumn('monitor_id', 'text', (c) => c.notNull())
    .addColumn('change_id', 'bigint', (c) => c.notNull().references('changes.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('change_monitors_pk', ['monitor_id', 'change_id'])
    .execute();
  await db.schema.createIndex('change_monitors_change').on('change_monitors').columns(['change_id']).execute();
}

export const changesMigration: VigieMigration = {
  async up(db, dialect) {
    await rollouts(db, dialect);
    await changes(db, dialect);
  },
  async down(db) {
    for (const table of TABLES) await db.schema.dropTable(table).ifExists().execute();
  },
};
