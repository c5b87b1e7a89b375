/**
 * @module Overrides of on-call schedules made through the API (issue 15): one row per override,
 * applied in id order on top of the config's overrides. Times are `bigint` epoch ms.
 */
import type { Kysely } from 'kysely';
import type { VigieMigration } from './migration.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

export const scheduleOverridesMigration: VigieMigration = {
  async up(db: Db, dialect) {
    await db.schema
      .createTable('schedule_overrides')
      .addColumn('id', dialect.identityType, (c) => dialect.identity(c))
      .addColumn('schedule_id', 'text', (c) => c.notNull())
      .addColumn('person', 'text', (c) => c.notNull())
      .addColumn('starts_at', 'bigint', (c) => c.notNull())
      .addColumn('ends_at', 'bigint', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('author', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('schedule_overrides_schedule').on('schedule_overrides').columns(['schedule_id', 'ends_at']).execute();
  },
  async down(db: Db) {
    await db.schema.dropTable('schedule_overrides').ifExists().execute();
  },
};
