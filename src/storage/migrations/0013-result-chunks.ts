/**
 * @module Result chunks (issue 16): the results of a settled hour are folded by the compactor
 * into one row per monitor, location and hour (`result-chunk-codec.ts`). This
 * migration only adds the table: results already stored stay rows and are folded by the
 * compactor in bounded batches, hour after hour, so a large database migrates in an instant
 * and is converted in the background; readers merge rows and chunks, so answers never change.
 */
import type { Kysely } from 'kysely';
import type { DialectSql } from '../dialect-sql.js';
import type { VigieMigration } from './migration.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

export const resultChunksMigration: VigieMigration = {
  async up(db: Db, dialect: DialectSql) {
    await db.schema
      .createTable('result_chunks')
      .addColumn('id', dialect.identityType, (c) => dialect.identity(c))
      .addColumn('monitor_id', 'text', (c) => c.notNull().references('monitors.id').onDelete('cascade'))
      .addColumn('location', 'text', (c) => c.notNull())
      .addColumn('first_at', 'bigint', (c) => c.notNull())
      .addColumn('last_at', 'bigint', (c) => c.notNull())
      .addColumn('count', 'integer', (c) => c.notNull())
      .addColumn('data', dialect.bytesType, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('result_chunks_monitor_last').on('result_chunks').columns(['monitor_id', 'last_at']).execute();
    // A chunk spans less than an hour, so `first_at` also bounds `last_at` (pruning, oldest result).
    await db.schema.createIndex('result_chunks_first_at').on('result_chunks').column('first_at').execute();
  },

  async down(db: Db) {
    await db.schema.dropTable('result_chunks').ifExists().execute();
  },
};
