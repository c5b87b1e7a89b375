/**
 * @module Pushed data of passive monitors: heartbeats, boots (reboot detection), traffic counts
 * per bucket (one row per counter name, so a push can set some counters of a bucket without
 * reading it) and their hourly sums. Times are epoch ms, counts `double precision`.
 */
import type { Kysely } from 'kysely';
import type { DialectSql } from '../dialect-sql.js';
import type { VigieMigration } from './migration.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

const TABLES = ['traffic_hourly', 'traffic_counts', 'boots', 'heartbeats'];

async function heartbeats(db: Db, dialect: DialectSql): Promise<void> {
  await db.schema
    .createTable('heartbeats')
    .addColumn('id', dialect.identityType, (c) => dialect.identity(c))
    .addColumn('monitor_id', 'text', (c) => c.notNull().references('monitors.id').onDelete('cascade'))
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('message', 'text')
    .addColumn('boot_id', 'text')
    .addColumn('uptime_s', 'double precision')
    .addColumn('value', 'double precision')
    .execute();
  await db.schema.createIndex('heartbeats_monitor_at').on('heartbeats').columns(['monitor_id', 'at', 'id']).execute();
  await db.schema.createIndex('heartbeats_at').on('heartbeats').column('at').execute();
}

async function boots(db: Db, dialect: DialectSql): Promise<void> {
  await db.schema
    .createTable('boots')
    .addColumn('id', dialect.identityType, (c) => dialect.identity(c))
    .addColumn('monitor_id', 'text', (c) => c.notNull().references('monitors.id').onDelete('cascade'))
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('boot_id', 'text')
    .addColumn('previous_boot_id', 'text')
    .execute();
  await db.schema.createIndex('boots_monitor_at').on('boots').columns(['monitor_id', 'at', 'id']).execute();
  await db.schema.createIndex('boots_at').on('boots').column('at').execute();
}

async function traffic(db: Db): Promise<void> {
  await db.schema
    .createTable('traffic_counts')
    .addColumn('monitor_id', 'text', (c) => c.notNull().references('monitors.id').onDelete('cascade'))
    .addColumn('bucket_start', 'bigint', (c) => c.notNull())
    .addColumn('bucket_seconds', 'integer', (c) => c.notNull())
    .addColumn('counter', 'text', (c) => c.notNull())
    .addColumn('value', 'double precision', (c) => c.notNull())
    .addPrimaryKeyConstraint('traffic_counts_pk', ['monitor_id', 'bucket_start', 'counter'])
    .execute();
  await db.schema.createIndex('traffic_counts_bucket_start').on('traffic_counts').column('bucket_start').execute();
  await db.schema
    .createTable('traffic_hourly')
    .addColumn('monitor_id', 'text', (c) => c.notNull().references('monitors.id').onDelete('cascade'))
    .addColumn('hour', 'bigint', (c) => c.notNull())
    .addColumn('counter', 'text', (c) => c.notNull())
    .addColumn('value', 'double precision', (c) => c.notNull())
    .addColumn('buckets', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('traffic_hourly_pk', ['monitor_id', 'hour', 'counter'])
    .execute();
  await db.schema.createIndex('traffic_hourly_hour').on('traffic_hourly').column('hour').execute();
}

export const passive: VigieMigration = {
  async up(db, dialect) {
    await heartbeats(db, dialect);
    await boots(db, dialect);
    await traffic(db);
  },

  async down(db) {
    for (const table of TABLES) await db.schema.dropTable(table).ifExists().execute();
  },
};
