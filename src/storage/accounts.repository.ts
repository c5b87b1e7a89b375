/**
 * @module Users, recovery codes, sessions, failed sign-ins and the audit log. A user name is
 * taken once (a unique key decides between concurrent creations); the first user is created only
 * while there is none, and a change that would leave no enabled admin is refused, both decided
 * inside one transaction that locks the users first; a recovery code and a TOTP step are used once
 * (conditional updates). Only queries live here.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { UsernameTakenError, type AccountRepository, type UserDraft } from '../accounts/accounts.types.js';
import type { Keyring } from '../secrets/secret-key.js';
import { rowToAudit, rowToUser, userPatchToRow, type AccountTables } from './account-rows.js';
import type { Dialect } from './store.js';
import type { Database } from './tables.js';

type Db = Kysely<Database & AccountTables>;
type Trx = Transaction<Database & AccountTables>;

/**
 * Serialises writers that look at every user (first user, last admin): a table lock on
 * PostgreSQL (readers keep reading); SQLite transactions already hold the write lock once they
 * write, so the check starts with a write there.
 */
async function lockUsers(trx: Trx, dialect: Dialect): Promise<void> {
  if (dialect === 'postgres') await sql`lock table users in share row exclusive mode`.execute(trx);
  else await trx.updateTable('users').set((eb) => ({ id: eb.ref('id') })).where(sql<boolean>`0 = 1`).execute();
}

function draftRow(user: UserDraft, now: number) {
  return {
    id: user.id,
    username: user.username,
    display_name: user.displayName,
    role: user.role,
    language: user.language,
    time_zone: user.timeZone,
    password_hash: user.passwordHash,
    totp_secret: null,
    totp_pending: null,
    totp_last_step: null,
    disabled_at: null,
    created_at: now,
    updated_at: now,
  };
}

async function enabledAdmins(trx: Trx): Promise<string[]> {
  const rows = await trx.selectFrom('users').select('id').where('role', '=', 'admin').where('disabled_at', 'is', null).execute();
  return rows.map((r) => r.id);
}

/** The accounts repository over a Kysely database; `ring` seals and opens TOTP secrets. */
export function accountsRepository(database: Kysely<Database>, dialect: Dialect, ring: Keyring): AccountRepository {
  const db = database as unknown as Db;
  return {
    async countUsers() {
      const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async createUser(user, now) {
      const row = await db.insertInto('users').values(draftRow(user, now)).onConflict((oc) => oc.doNothing()).returningAll().executeTakeFirst();
      if (!row) throw new UsernameTakenError(user.username);
      return rowToUser(row, ring);
    },

    async createFirstUser(user, now) {
      return db.transaction().execute(async (trx) => {
        await lockUsers(trx, dialect);
        const any = await trx.selectFrom('users').select('id').limit(1).executeTakeFirst();
        if (any) return undefined;
        const row = await trx.insertInto('users').values(draftRow(user, now)).returningAll().executeTakeFirstOrThrow();
        return rowToUser(row, ring);
      });
    },

    async getUser(id) {
      const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? rowToUser(row, ring) : undefined;
    },

    async findUserByName(username) {
      const row = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
      return row ? rowToUser(row, ring) : undefined;
    },

    async listUsers() {
      const rows = await db.selectFrom('users').selectAll().orderBy('username').execute();
      return rows.map((r) => rowToUser(r, ring));
    },

    async updateUser(id, patch, now) {
      const row = await db.updateTable('users').set({ ...userPatchToRow(patch, ring), updated_at: now }).where('id', '=', id).returningAll().executeTakeFirst();
      return row ? rowToUser(row, ring) : undefined;
    },

    async updateUserKeepingAdmin(id, patch, now) {
      return db.transaction().execute(async (trx) => {
        await lockUsers(trx, dialect);
        const current = await trx.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
        if (!current) return undefined;
        const admins = await enabledAdmins(trx);
        const staysAdmin = patch !== 'delete' && (patch.role ?? current.role) === 'admin' && (patch.disabledAt === undefined ? current.disabled_at === null : patch.disabledAt === null);
        if (admins.includes(id) && !staysAdmin && admins.length === 1) return 'last_admin';
        if (patch === 'delete') {
          await trx.deleteFrom('users').where('id', '=', id).execute();
          return 'deleted';
        }
        const row = await trx.updateTable('users').set({ ...userPatchToRow(patch, ring), updated_at: now }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
        return rowToUser(row, ring);
      });
    },

    async setRecoveryCodes(userId, codeHashes) {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('user_recovery_codes').where('user_id', '=', userId).execute();
        if (codeHashes.length > 0) await trx.insertInto('user_recovery_codes').values(codeHashes.map((code_hash) => ({ user_id: userId, code_hash, used_at: null }))).execute();
      });
    },

    async useRecoveryCode(userId, codeHash, now) {
      const result = await db.updateTable('user_recovery_codes').set({ used_at: now }).where('user_id', '=', userId).where('code_hash', '=', codeHash).where('used_at', 'is', null).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async acceptTotpStep(userId, step) {
      const result = await db
        .updateTable('users')
        .set({ totp_last_step: step })
        .where('id', '=', userId)
        .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async createSession(s) {
      await db
        .insertInto('sessions')
        .values({ id_hash: s.idHash, user_id: s.userId, created_at: s.createdAt, last_seen_at: s.lastSeenAt, expires_at: s.expiresAt, absolute_expires_at: s.absoluteExpiresAt, ip: s.ip })
        .execute();
    },

    async getSession(idHash) {
      const row = await db.selectFrom('sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
      if (!row) return undefined;
      return {
        idHash: row.id_hash,
        userId: row.user_id,
        createdAt: Number(row.created_at),
        lastSeenAt: Number(row.last_seen_at),
        expiresAt: Number(row.expires_at),
        absoluteExpiresAt: Number(row.absolute_expires_at),
        ip: row.ip,
      };
    },

    async touchSession(idHash, lastSeenAt, expiresAt) {
      await db.updateTable('sessions').set({ last_seen_at: lastSeenAt, expires_at: expiresAt }).where('id_hash', '=', idHash).execute();
    },

    async deleteSession(idHash) {
      await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
    },

    async deleteUserSessions(userId, keep) {
      let query = db.deleteFrom('sessions').where('user_id', '=', userId);
      if (keep !== undefined) query = query.where('id_hash', '!=', keep);
      const result = await query.executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async pruneSessions(now) {
      const result = await db.deleteFrom('sessions').where((eb) => eb.or([eb('expires_at', '<=', now), eb('absolute_expires_at', '<=', now)])).executeTakeFirst();
      // Failed sign-ins matter for a quarter of an hour; a day is kept for people reading the table.
      await db.deleteFrom('login_failures').where('at', '<', now - 86_400_000).execute();
      return Number(result.numDeletedRows);
    },

    async recordLoginFailure(username, at) {
      await db.insertInto('login_failures').values({ username, at }).execute();
    },

    async loginFailures(username, since) {
      const rows = await db.selectFrom('login_failures').select('at').where('username', '=', username).where('at', '>', since).orderBy('at').execute();
      return rows.map((r) => Number(r.at));
    },

    async clearLoginFailures(username) {
      await db.deleteFrom('login_failures').where('username', '=', username).execute();
    },

    async appendAudit(entry) {
      const row = await db
        .insertInto('audit_log')
        .values({ at: entry.at, actor: entry.actor, actor_kind: entry.actorKind, action: entry.action, target: entry.target, details: JSON.stringify(entry.details), ip: entry.ip })
        .returningAll()
        .executeTakeFirstOrThrow();
      return rowToAudit(row);
    },

    async listAudit(page) {
      let query = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(page.limit);
      if (page.before !== undefined) query = query.where('id', '<', page.before);
      return (await query.execute()).map(rowToAudit);
    },
  };
}
