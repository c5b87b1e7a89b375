/**
 * @module Status page subscriptions: the subscribers of each page (e-mail addresses with double
 * opt-in, webhook URLs with a sealed signing secret), unique by page, kind and address; and what
 * each page's subscribers were last told of each incident (the subscription planner diffs
 * incidents against it). Times are `bigint` epoch ms, JSON columns `text`.
 */
import type { Kysely } from 'kysely';
import type { DialectSql } from '../dialect-sql.js';
import type { VigieMigration } from './migration.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

const TABLES = ['status_notices', 'status_subscribers'];

async function subscribers(db: Db, dialect: DialectSql): Promise<void> {
  await db.schema
    .createTable('status_subscribers')
    .addColumn('id', dialect.identityType, (c) => dialect.identity(c))
    .addColumn('page_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('components', 'text', (c) => c.notNull())
    .addColumn('secret', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('token_nonce', 'text', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('requests_window_start', 'bigint', (c) => c.notNull())
    .addColumn('requests_in_window', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('confirmed_at', 'bigint')
    .addColumn('unsubscribed_at', 'bigint')
    .addUniqueConstraint('status_subscribers_address', ['page_id', 'kind', 'address'])
    .execute();
  await db.schema.createIndex('status_subscribers_page_status').on('status_subscribers').columns(['page_id', 'status', 'id']).execute();
  await db.schema.createIndex('status_subscribers_status_created').on('status_subscribers').columns(['status', 'created_at']).execute();
}

async function notices(db: Db): Promise<void> {
  await db.schema
    .createTable('status_notices')
    .addColumn('page_id', 'text', (c) => c.notNull())
    .addColumn('incident_id', 'bigint', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('cycle', 'integer', (c) => c.notNull())
    .addColumn('opened', 'integer', (c) => c.notNull())
    .addColumn('last_update_id', 'bigint', (c) => c.notNull())
    .addColumn('resolved', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('status_notices_pk', ['page_id', 'incident_id'])
    .execute();
  await db.schema.createIndex('status_notices_incident').on('status_notices').columns(['incident_id']).execute();
}

export const statusSubscriptionsMigration: VigieMigration = {
  async up(db, dialect) {
    await subscribers(db, dialect);
    await notices(db);
  },
  async down(db) {
    for (const table of TABLES) await db.schema.dropTable(table).ifExists().execute();
  },
};
