/** @module API tokens, found by the hash of their secret (the secret is never stored). */
import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import { ROLES, TokenNameTakenError, type ApiToken, type TokenRepository } from './store.js';
import type { ApiTokensTable, Database } from './tables.js';

const roleSchema = z.enum(ROLES);

function toToken(row: Selectable<ApiTokensTable>): ApiToken {
  const role = roleSchema.safeParse(row.role);
  if (!role.success) throw new Error(`The role column of api_tokens row ${row.id} holds "${row.role}"; expected ${ROLES.join(', ')}.`);
  return { id: row.id, name: row.name, role: role.data, createdAt: row.created_at, lastUsedAt: row.last_used_at, revokedAt: row.revoked_at };
}

/** The tokens repository over a Kysely database. */
export function tokensRepository(db: Kysely<Database>): TokenRepository {
  return {
    async create(token, now) {
      const row = await db
        .insertInto('api_tokens')
        .values({ id: token.id, name: token.name, role: token.role, token_hash: token.tokenHash, created_at: now, last_used_at: null, revoked_at: null })
        // The unique index on live names (migration 0004) decides between concurrent creations;
        // a conflict on any unique key inserts nothing, and the cause is told apart below.
        .onConflict((oc) => oc.doNothing())
        .returningAll()
        .executeTakeFirst();
      if (row) return toToken(row);
      const holder = await db.selectFrom('api_tokens').select('id').where('name', '=', token.name).where('revoked_at', 'is', null).executeTakeFirst();
      if (holder) throw new TokenNameTakenError(token.name);
      throw new Error(`Cannot store API token ${token.id}: a token with this id or secret hash is already stored.`);
    },

    async findByHash(tokenHash) {
      const row = await db.selectFrom('api_tokens').selectAll().where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).executeTakeFirst();
      return row ? toToken(row) : undefined;
    },

    async findLiveByName(name) {
      const row = await db.selectFrom('api_tokens').selectAll().where('name', '=', name).where('revoked_at', 'is', null).executeTakeFirst();
      return row ? toToken(row) : undefined;
    },

    async touch(id, now) {
      await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
    },

    async list() {
      const rows = await db.selectFrom('api_tokens').selectAll().orderBy('created_at').orderBy('id').execute();
      return rows.map(toToken);
    },

    async revoke(id, now) {
      const result = await db.updateTable('api_tokens').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
  };
}
