/** @module Key/value settings the application keeps in the database (e.g. instance id). */
import type { Kysely } from 'kysely';
import type { MetaRepository } from './store.js';
import type { Database } from './tables.js';

/** The meta repository over a Kysely database. */
export function metaRepository(db: Kysely<Database>): MetaRepository {
  return {
    async get(key) {
      const row = await db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst();
      return row?.value;
    },

    async set(key, value) {
      await db
        .insertInto('meta')
        .values({ key, value })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
        .execute();
    },
  };
}
