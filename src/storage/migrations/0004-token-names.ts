/**
 * @module Token names are unique among live tokens, so `vigie token revoke ci` means one token.
 * Live tokens that already share a name keep it on the oldest and get ` (2)`, ` (3)`… on the
 * others (a name is only a label: the secrets and roles are untouched).
 */
import { sql, type Kysely } from 'kysely';
import type { VigieMigration } from './migration.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

const INDEX = 'api_tokens_live_name';

async function renameSharedNames(db: Db): Promise<void> {
  const live = (await db.selectFrom('api_tokens').select(['id', 'name']).where('revoked_at', 'is', null).orderBy('created_at').orderBy('id').execute()) as Array<{ id: string; name: string }>;
  const taken = new Set<string>();
  for (const token of live) {
    let name = token.name;
    for (let n = 2; taken.has(name); n++) name = `${token.name} (${n})`;
    taken.add(name);
    if (name !== token.name) await db.updateTable('api_tokens').set({ name }).where('id', '=', token.id).execute();
  }
}

export const tokenNamesMigration: VigieMigration = {
  async up(db) {
    await renameSharedNames(db);
    await db.schema.createIndex(INDEX).on('api_tokens').column('name').unique().where(sql.ref('revoked_at'), 'is', null).execute();
  },
  async down(db) {
    await db.schema.dropIndex(INDEX).ifExists().execute();
  },
};
