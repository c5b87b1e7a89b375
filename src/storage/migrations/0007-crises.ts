/**
 * @module Crises: one row per crisis (its roles, checklist and activations), the incidents linked
 * to it (an incident belongs to one crisis at most), its deadlines (unique by key within the
 * crisis) and its communication drafts. Times are `bigint` epoch ms, JSON columns `text`.
 */
import { sql, type Kysely } from 'kysely';
import type { DialectSql } from '../dialect-sql.js';
import type { VigieMigration } from './migration.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

/** In the order they can be dropped (those referring to others first). */
const TABLES = ['crisis_drafts', 'crisis_deadlines', 'crisis_incidents', 'crises'];

async function crises(db: Db, dialect: DialectSql): Promise<void> {
  await db.schema
    .createTable('crises')
    .addColumn('id', dialect.identityType, (c) => dialect.identity(c))
    .addColumn('cell_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('rule_id', 'text')
    .addColumn('activated_by', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('primary_incident_id', 'bigint', (c) => c.references('incidents.id').onDelete('set null'))
    .addColumn('cluster_key', 'text', (c) => c.notNull())
    .addColumn('roles', 'text', (c) => c.notNull())
    .addColumn('bridge', 'text')
    .addColumn('checklist', 'text', (c) => c.notNull())
    .addColumn('activated_at', 'bigint', (c) => c.notNull())
    .addColumn('activations', 'integer', (c) => c.notNull())
    .addColumn('last_activated_at', 'bigint', (c) => c.notNull())
    .addColumn('paged_activation', 'integer', (c) => c.notNull())
    .addColumn('deactivated_at', 'bigint')
    .addColumn('deactivated_by', 'text')
    .addColumn('summary', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('crises_cluster').on('crises').columns(['cell_id', 'cluster_key', 'id']).execute();
  await db.schema.createIndex('crises_status').on('crises').columns(['status', 'id']).execute();
  await db.schema.createIndex('crises_primary_incident').on('crises').columns(['primary_incident_id']).execute();
  await db.schema
    .createTable('crisis_incidents')
    .addColumn('id', dialect.identityType, (c) => dialect.identity(c))
    .addColumn('crisis_id', 'bigint', (c) => c.notNull().references('crises.id').onDelete('cascade'))
    .addColumn('incident_id', 'bigint', (c) => c.notNull().unique().references('incidents.id').onDelete('cascade'))
    .addColumn('joined_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('crisis_incidents_crisis').on('crisis_incidents').columns(['crisis_id', 'joined_at']).execute();
}

async function deadlines(db: Db, dialect: DialectSql): Promise<void> {
  await db.schema
    .createTable('crisis_deadlines')
    .addColumn('id', dialect.identityType, (c) => dialect.identity(c))
    .addColumn('crisis_id', 'bigint', (c) => c.notNull().references('crises.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('obligation_id', 'text', (c) => c.notNull())
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('stakeholders', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'bigint', (c) => c.notNull())
    .addColumn('due_at', 'bigint', (c) => c.notNull())
    .addColumn('met_at', 'bigint')
    .addColumn('met_by', 'text')
    .addColumn('missed_at', 'bigint')
    .addColumn('reminders', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('escalated_at', 'bigint')
    .addColumn('cancelled_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('crisis_deadlines_crisis_key', ['crisis_id', 'key'])
    .execute();
  // The deadlines still to meet, by due time: a partial index stays as small as the open ones.
  await db.schema
    .createIndex('crisis_deadlines_open')
    .on('crisis_deadlines')
    .columns(['due_at', 'id'])
    .where(sql.ref('met_at'), 'is', null)
    .where(sql.ref('cancelled_at'), 'is', null)
    .execute();
  await db.schema
    .createTable('crisis_drafts')
    .addColumn('id', dialect.identityType, (c) => dialect.identity(c))
    .addColumn('crisis_id', 'bigint', (c) => c.notNull().references('crises.id').onDelete('cascade'))
    .addColumn('deadline_id', 'bigint', (c) => c.references('crisis_deadlines.id').onDelete('set null'))
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('stakeholders', 'text', (c) => c.notNull())
    .addColumn('texts', 'text', (c) => c.notNull())
    .addColumn('facts', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('edited_by', 'text')
    .addColumn('approved_by', 'text')
    .addColumn('approved_at', 'bigint')
    .addColumn('sent_by', 'text')
    .addColumn('sent_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('crisis_drafts_crisis').on('crisis_drafts').columns(['crisis_id', 'id']).execute();
  await db.schema.createIndex('crisis_drafts_deadline').on('crisis_drafts').columns(['deadline_id']).execute();
}

export const crisesMigration: VigieMigration = {
  async up(db, dialect) {
    await crises(db, dialect);
    await deadlines(db, dialect);
  },
  async down(db) {
    for (const table of TABLES) await db.schema.dropTable(table).ifExists().execute();
  },
};
