/** The accounts repository (users, recovery codes, sessions, failed sign-ins, audit log) and migration 0010 on both dialects. */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { UserDraft } from '../../src/accounts/accounts.types.js';
import { UsernameTakenError } from '../../src/accounts/accounts.types.js';
import type { Store } from '../../src/storage/store.js';
import { DIALECTS, dialectAvailable, withStore } from '../helpers/databases.js';

const T0 = Date.UTC(2026, 10, 23, 16, 0);
let serial = 0;
const user = (over: Partial<UserDraft> = {}): UserDraft => {
  const n = ++serial;
  return { id: `u-${n}`, username: `user-${n}`, displayName: `Zoé ${n}`, role: 'viewer', language: 'fr', timeZone: 'Europe/Paris', passwordHash: `scrypt$15$8$1$salt${n}$hash${n}`, ...over };
};

for (const dialect of DIALECTS) {
  describe(`accounts storage (${dialect})`, async () => {
    const available = await dialectAvailable(dialect, 'accounts storage contract tests');
    if (!available) {
      it.skip('PostgreSQL not reachable', () => {});
      return;
    }
    const fixture = withStore(dialect);
    const concurrent = async (): Promise<Store> => (dialect === 'postgres' ? fixture.openAnother() : fixture.store);

    it('creates the first user only while there is none, once under concurrent setups', async () => {
      const { store } = fixture;
      expect(await store.accounts.countUsers()).toBe(0);
      const other = await concurrent();
      const attempts = await Promise.all([store, other, store, other].map((s, i) => s.accounts.createFirstUser(user({ id: `first-${i}`, username: `admin-${i}`, role: 'admin' }), T0)));
      const made = attempts.filter((u) => u !== undefined);
      expect(made).toHaveLength(1);
      expect(await store.accounts.countUsers()).toBe(1);
      expect(await store.accounts.createFirstUser(user({ role: 'admin' }), T0)).toBeUndefined();
    });

    it('stores a user as given, unique by user name', async () => {
      const { store } = fixture;
      const draft = user({ role: 'responder' });
      const stored = await store.accounts.createUser(draft, T0);
      expect(stored).toEqual({ ...draft, totpSecret: null, totpPending: null, totpLastStep: null, disabledAt: null, createdAt: T0, updatedAt: T0 });
      expect(await store.accounts.getUser(draft.id)).toEqual(stored);
      expect(await store.accounts.findUserByName(draft.username)).toEqual(stored);
      expect(await store.accounts.findUserByName('nobody')).toBeUndefined();
      await expect(store.accounts.createUser(user({ username: draft.username }), T0)).rejects.toBeInstanceOf(UsernameTakenError);
      const names = (await store.accounts.listUsers()).map((u) => u.username);
      expect(names).toEqual([...names].sort());
    });

    it('seals TOTP secrets at rest and reads them back in clear', async () => {
      const { store } = fixture;
      const u = await store.accounts.createUser(user(), T0);
      const updated = await store.accounts.updateUser(u.id, { totpSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', totpPending: null, totpLastStep: 5 }, T0 + 1);
      expect(updated).toMatchObject({ totpSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', totpLastStep: 5, updatedAt: T0 + 1 });
      const raw = await sql<{ totp_secret: string }>`select totp_secret from users where id = ${u.id}`.execute(store.db);
      expect(raw.rows[0]!.totp_secret).toMatch(/^enc:v1:[0-9a-f]{8}:/);
      expect(raw.rows[0]!.totp_secret).not.toContain('JBSWY3DP');
    });

    it('accepts a TOTP step only when newer than the last, and a recovery code once', async () => {
      const { store } = fixture;
      const u = await store.accounts.createUser(user(), T0);
      expect(await store.accounts.acceptTotpStep(u.id, 100)).toBe(true);
      expect(await store.accounts.acceptTotpStep(u.id, 100)).toBe(false);
      expect(await store.accounts.acceptTotpStep(u.id, 99)).toBe(false);
      expect(await store.accounts.acceptTotpStep(u.id, 101)).toBe(true);
      await store.accounts.setRecoveryCodes(u.id, ['h1', 'h2']);
      const other = await concurrent();
      const uses = await Promise.all([store, other, store, other].map((s) => s.accounts.useRecoveryCode(u.id, 'h1', T0)));
      expect(uses.filter(Boolean)).toHaveLength(1);
      expect(await store.accounts.useRecoveryCode(u.id, 'h3', T0)).toBe(false);
      await store.accounts.setRecoveryCodes(u.id, ['h9']);
      expect(await store.accounts.useRecoveryCode(u.id, 'h2', T0)).toBe(false);
      expect(await store.accounts.useRecoveryCode(u.id, 'h9', T0)).toBe(true);
    });

    it('never leaves no enabled admin, even when two admins demote each other at once', async () => {
      const { store } = fixture;
      const existing = await store.accounts.listUsers();
      for (const u of existing.filter((x) => x.role === 'admin')) await store.accounts.updateUser(u.id, { role: 'viewer' }, T0);
      const a = await store.accounts.createUser(user({ role: 'admin' }), T0);
      const b = await store.accounts.createUser(user({ role: 'admin' }), T0);
      const other = await concurrent();
      const results = await Promise.all([store.accounts.updateUserKeepingAdmin(a.id, { role: 'editor' }, T0), other.accounts.updateUserKeepingAdmin(b.id, { disabledAt: T0 }, T0)]);
      expect(results.filter((r) => r === 'last_admin')).toHaveLength(1);
      const admins = (await store.accounts.listUsers()).filter((u) => u.role === 'admin' && u.disabledAt === null);
      expect(admins).toHaveLength(1);
      const last = admins[0]!;
      expect(await store.accounts.updateUserKeepingAdmin(last.id, 'delete', T0)).toBe('last_admin');
      expect(await store.accounts.updateUserKeepingAdmin(last.id, { displayName: 'Still admin' }, T0)).toMatchObject({ displayName: 'Still admin' });
      expect(await store.accounts.updateUserKeepingAdmin('nobody', 'delete', T0)).toBeUndefined();
      const viewer = await store.accounts.createUser(user(), T0);
      expect(await store.accounts.updateUserKeepingAdmin(viewer.id, 'delete', T0)).toBe('deleted');
      expect(await store.accounts.getUser(viewer.id)).toBeUndefined();
    });

    it('keeps sessions by the hash of their id, slides them, ends them one by one or per user, and prunes ended ones', async () => {
      const { store } = fixture;
      const u = await store.accounts.createUser(user(), T0);
      const session = (idHash: string, end: number) => ({ idHash, userId: u.id, createdAt: T0, lastSeenAt: T0, expiresAt: end, absoluteExpiresAt: T0 + 1000, ip: '127.0.0.1' });
      await store.accounts.createSession(session(`${u.id}-a`, T0 + 100));
      await store.accounts.createSession(session(`${u.id}-b`, T0 + 100));
      await store.accounts.createSession(session(`${u.id}-c`, T0 + 100));
      expect(await store.accounts.getSession(`${u.id}-a`)).toEqual(session(`${u.id}-a`, T0 + 100));
      await store.accounts.touchSession(`${u.id}-a`, T0 + 50, T0 + 150);
      expect(await store.accounts.getSession(`${u.id}-a`)).toMatchObject({ lastSeenAt: T0 + 50, expiresAt: T0 + 150 });
      await store.accounts.deleteSession(`${u.id}-c`);
      expect(await store.accounts.getSession(`${u.id}-c`)).toBeUndefined();
      expect(await store.accounts.pruneSessions(T0 + 120)).toBeGreaterThanOrEqual(1);
      expect(await store.accounts.getSession(`${u.id}-b`)).toBeUndefined();
      expect(await store.accounts.getSession(`${u.id}-a`)).toBeDefined();
      await store.accounts.createSession(session(`${u.id}-d`, T0 + 500));
      expect(await store.accounts.deleteUserSessions(u.id, `${u.id}-d`)).toBe(1);
      expect(await store.accounts.getSession(`${u.id}-d`)).toBeDefined();
      await store.accounts.updateUserKeepingAdmin(u.id, 'delete', T0);
      expect(await store.accounts.getSession(`${u.id}-d`)).toBeUndefined();
    });

    it('counts failed sign-ins per user name since a time, and clears them', async () => {
      const { store } = fixture;
      for (const at of [T0 + 3, T0 + 1, T0 + 2]) await store.accounts.recordLoginFailure('mallory', at);
      await store.accounts.recordLoginFailure('mallory2', T0 + 2);
      expect(await store.accounts.loginFailures('mallory', T0)).toEqual([T0 + 1, T0 + 2, T0 + 3]);
      expect(await store.accounts.loginFailures('mallory', T0 + 1)).toEqual([T0 + 2, T0 + 3]);
      await store.accounts.clearLoginFailures('mallory');
      expect(await store.accounts.loginFailures('mallory', 0)).toEqual([]);
      expect(await store.accounts.loginFailures('mallory2', 0)).toEqual([T0 + 2]);
    });

    it('appends audit entries and pages them newest first', async () => {
      const { store } = fixture;
      const made = [];
      for (let i = 0; i < 5; i++) made.push(await store.accounts.appendAudit({ at: T0 + i, actor: 'alice', actorKind: i % 2 ? 'token' : 'user', action: `act.${i}`, target: i === 0 ? null : `t${i}`, details: { n: i, nested: { é: [true] } }, ip: i === 0 ? null : '::1' }));
      expect(made[4]).toEqual({ id: made[4]!.id, at: T0 + 4, actor: 'alice', actorKind: 'user', action: 'act.4', target: 't4', details: { n: 4, nested: { é: [true] } }, ip: '::1' });
      const first = await store.accounts.listAudit({ limit: 2 });
      expect(first.map((e) => e.action)).toEqual(['act.4', 'act.3']);
      const second = await store.accounts.listAudit({ limit: 2, before: first[1]!.id });
      expect(second.map((e) => e.action)).toEqual(['act.2', 'act.1']);
      const rest = await store.accounts.listAudit({ limit: 10, before: second[1]!.id });
      expect(rest).toEqual([made[0]]);
    });
  });
}
