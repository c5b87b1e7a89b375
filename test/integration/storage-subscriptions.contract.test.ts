/** The status subscriptions repository (subscribers, notices) and migration 0008 on both dialects. */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { IncidentDraft } from '../../src/incidents/incident.types.js';
import type { SubscriberDraft } from '../../src/status/subscription.types.js';
import { REQUEST_WINDOW_MS } from '../../src/storage/subscriptions.repository.js';
import type { Store } from '../../src/storage/store.js';
import { DIALECTS, dialectAvailable, withStore } from '../helpers/databases.js';

const T0 = Date.UTC(2026, 10, 23, 16, 0);
const HOUR = 3_600_000;

let serial = 0;
/** An address no other test of the file uses (the tests of a dialect share one database). */
const unique = (prefix: string) => `${prefix}-${++serial}@example.org`;

const draft = (over: Partial<SubscriberDraft> = {}): SubscriberDraft => ({
  pageId: 'public', kind: 'email', address: unique('claire'), language: 'fr', components: ['service-portal'],
  secret: null, status: 'pending', tokenNonce: 'nonce-1', ip: '203.0.113.7', ...over,
});

function incident(store: Store, overrides: Partial<IncidentDraft> = {}) {
  return store.incidents.create(
    {
      source: 'auto', status: 'open', severity: 'SEV2', title: { en: 'Portal: major outage', fr: 'Portail : panne majeure' },
      summary: null, serviceId: 'portal', rootCause: { kind: 'service', id: 'portal' }, affected: ['service:portal'],
      commonMode: false, firstFailureAt: T0 - 3000, openedAt: T0, lastFailureAt: T0, ...overrides,
    },
    T0,
  );
}

for (const dialect of DIALECTS) {
  describe(`status subscriptions storage (${dialect})`, async () => {
    const available = await dialectAvailable(dialect, 'status subscriptions storage contract tests');
    if (!available) {
      it.skip('PostgreSQL not reachable', () => {});
      return;
    }
    const fixture = withStore(dialect);

    it('creates a pending subscriber once per page, kind and address, and reads it back', async () => {
      const { store } = fixture;
      const d = draft();
      const { subscriber, created } = await store.subscriptions.create(d, T0);
      expect(created).toBe(true);
      expect(subscriber).toEqual({
        id: subscriber.id, pageId: 'public', kind: 'email', address: d.address, language: 'fr', components: ['service-portal'], status: 'pending',
        tokenNonce: 'nonce-1', ip: '203.0.113.7', requestsWindowStart: T0, requestsInWindow: 0, createdAt: T0, updatedAt: T0, confirmedAt: null, unsubscribedAt: null,
      });
      const again = await store.subscriptions.create({ ...d, language: 'en', tokenNonce: 'other' }, T0 + 5);
      expect(again).toEqual({ subscriber, created: false });
      expect(await store.subscriptions.get(subscriber.id)).toEqual(subscriber);
      expect(await store.subscriptions.find('public', 'email', d.address)).toEqual(subscriber);
      expect(await store.subscriptions.find('other-page', 'email', d.address)).toBeUndefined();
      expect(await store.subscriptions.find('public', 'webhook', d.address)).toBeUndefined();
      expect(await store.subscriptions.get(subscriber.id + 10_000)).toBeUndefined();
      // The same address on another page is another subscriber.
      expect((await store.subscriptions.create({ ...d, pageId: 'other-page' }, T0)).created).toBe(true);
    });

    it('stores two requests made at the same instant as one subscriber', async () => {
      const { store } = fixture;
      const d = draft();
      const results = await Promise.all([store.subscriptions.create(d, T0), store.subscriptions.create({ ...d, tokenNonce: 'nonce-2' }, T0)]);
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(results[0]!.subscriber.id).toBe(results[1]!.subscriber.id);
    });

    it('confirms a pending subscriber once, with its current nonce only', async () => {
      const { store } = fixture;
      const { subscriber } = await store.subscriptions.create(draft(), T0);
      expect(await store.subscriptions.confirm(subscriber.id, 'wrong-nonce', T0 + 1)).toBe('stale');
      expect(await store.subscriptions.confirm(subscriber.id, 'nonce-1', T0 + 2)).toBe('done');
      expect(await store.subscriptions.get(subscriber.id)).toMatchObject({ status: 'active', confirmedAt: T0 + 2, updatedAt: T0 + 2 });
      expect(await store.subscriptions.confirm(subscriber.id, 'nonce-1', T0 + 3)).toBe('already');
      expect(await store.subscriptions.confirm(subscriber.id + 10_000, 'nonce-1', T0 + 3)).toBe('stale');
      const twice = await store.subscriptions.create(draft(), T0);
      const outcomes = await Promise.all([store.subscriptions.confirm(twice.subscriber.id, 'nonce-1', T0 + 4), store.subscriptions.confirm(twice.subscriber.id, 'nonce-1', T0 + 4)]);
      expect(outcomes.sort()).toEqual(['already', 'done']);
    });

    it('unsubscribes once; a renewed request makes it pending again with a new nonce, but leaves an active one alone', async () => {
      const { store } = fixture;
      const d = draft();
      const { subscriber } = await store.subscriptions.create(d, T0);
      await store.subscriptions.confirm(subscriber.id, 'nonce-1', T0 + 1);
      const refused = await store.subscriptions.renew(subscriber.id, { ...d, language: 'en', tokenNonce: 'nonce-2' }, T0 + 2);
      expect(refused).toEqual({ renewed: false, subscriber: { ...subscriber, status: 'active', confirmedAt: T0 + 1, updatedAt: T0 + 1 } });
      expect(await store.subscriptions.unsubscribe(subscriber.id, T0 + 3)).toBe('done');
      expect(await store.subscriptions.get(subscriber.id)).toMatchObject({ status: 'unsubscribed', unsubscribedAt: T0 + 3 });
      expect(await store.subscriptions.unsubscribe(subscriber.id, T0 + 4)).toBe('already');
      expect(await store.subscriptions.unsubscribe(subscriber.id + 10_000, T0 + 4)).toBe('stale');
      // The old confirmation link does not bring it back.
      expect(await store.subscriptions.confirm(subscriber.id, 'nonce-1', T0 + 5)).toBe('stale');
      const renewed = await store.subscriptions.renew(subscriber.id, { ...d, language: 'en', components: [], tokenNonce: 'nonce-2', ip: '198.51.100.2' }, T0 + 6);
      expect(renewed).toEqual({
        renewed: true,
        subscriber: { ...subscriber, language: 'en', components: [], tokenNonce: 'nonce-2', ip: '198.51.100.2', status: 'pending', updatedAt: T0 + 6, confirmedAt: null, unsubscribedAt: null },
      });
      expect(await store.subscriptions.confirm(subscriber.id, 'nonce-1', T0 + 7)).toBe('stale');
      expect(await store.subscriptions.confirm(subscriber.id, 'nonce-2', T0 + 7)).toBe('done');
    });

    it('counts requests per day window and refuses past the limit, also when asked at once', async () => {
      const { store } = fixture;
      const { subscriber } = await store.subscriptions.create(draft(), T0);
      expect(await store.subscriptions.takeRequest(subscriber.id, T0, 2)).toBe(true);
      expect(await store.subscriptions.takeRequest(subscriber.id, T0 + HOUR, 2)).toBe(true);
      expect(await store.subscriptions.takeRequest(subscriber.id, T0 + 2 * HOUR, 2)).toBe(false);
      expect(await store.subscriptions.get(subscriber.id)).toMatchObject({ requestsWindowStart: T0, requestsInWindow: 2 });
      // A day after the window started, a new one starts with this request.
      expect(await store.subscriptions.takeRequest(subscriber.id, T0 + REQUEST_WINDOW_MS, 2)).toBe(true);
      expect(await store.subscriptions.get(subscriber.id)).toMatchObject({ requestsWindowStart: T0 + REQUEST_WINDOW_MS, requestsInWindow: 1 });
      const other = await store.subscriptions.create(draft(), T0);
      const taken = await Promise.all(Array.from({ length: 6 }, () => store.subscriptions.takeRequest(other.subscriber.id, T0, 3)));
      expect(taken.filter(Boolean)).toHaveLength(3);
    });

    it('seals webhook secrets at rest and opens them on demand', async () => {
      const { store } = fixture;
      const secret = 'whsec-0123456789abcdef0123456789abcdef';
      const { subscriber } = await store.subscriptions.create(draft({ kind: 'webhook', address: 'https://hooks.example.org/vigie', secret, status: 'active', language: 'en', components: [] }), T0);
      expect(subscriber).toMatchObject({ kind: 'webhook', status: 'active', confirmedAt: T0 });
      expect(await store.subscriptions.secret(subscriber.id)).toBe(secret);
      const stored = await sql<{ secret: string }>`select secret from status_subscribers where id = ${subscriber.id}`.execute(store.db);
      expect(stored.rows[0]!.secret).toMatch(/^enc:v1:[0-9a-f]{8}:/);
      expect(stored.rows[0]!.secret).not.toContain(secret);
      const email = await store.subscriptions.create(draft(), T0);
      expect(await store.subscriptions.secret(email.subscriber.id)).toBeNull();
    });

    it('lists the active subscribers of a page, oldest first, and every subscriber newest first', async () => {
      const { store } = fixture;
      const page = `page-${++serial}`;
      const a = (await store.subscriptions.create(draft({ pageId: page }), T0)).subscriber;
      const b = (await store.subscriptions.create(draft({ pageId: page }), T0)).subscriber;
      const c = (await store.subscriptions.create(draft({ pageId: page }), T0)).subscriber;
      await store.subscriptions.confirm(c.id, 'nonce-1', T0 + 1);
      await store.subscriptions.confirm(a.id, 'nonce-1', T0 + 2);
      expect((await store.subscriptions.active(page)).map((s) => s.id)).toEqual([a.id, c.id]);
      expect((await store.subscriptions.list(page, 10)).map((s) => s.id)).toEqual([c.id, b.id, a.id]);
      expect((await store.subscriptions.list(page, 1)).map((s) => s.id)).toEqual([c.id]);
      expect(await store.subscriptions.active('no-such-page')).toEqual([]);
    });

    it('prunes pending subscribers never confirmed, not active ones nor those asked again lately', async () => {
      const { store } = fixture;
      const page = `page-${++serial}`;
      const old = (await store.subscriptions.create(draft({ pageId: page }), T0 - 10 * REQUEST_WINDOW_MS)).subscriber;
      const confirmed = (await store.subscriptions.create(draft({ pageId: page }), T0 - 10 * REQUEST_WINDOW_MS)).subscriber;
      await store.subscriptions.confirm(confirmed.id, 'nonce-1', T0 - 9 * REQUEST_WINDOW_MS);
      const askedAgain = (await store.subscriptions.create(draft({ pageId: page }), T0 - 10 * REQUEST_WINDOW_MS)).subscriber;
      await store.subscriptions.takeRequest(askedAgain.id, T0 - HOUR, 3);
      const recent = (await store.subscriptions.create(draft({ pageId: page }), T0 - HOUR)).subscriber;
      expect(await store.subscriptions.prunePending(T0 - 7 * REQUEST_WINDOW_MS)).toBeGreaterThanOrEqual(1);
      expect(await store.subscriptions.get(old.id)).toBeUndefined();
      expect(await store.subscriptions.get(confirmed.id)).toBeDefined();
      expect(await store.subscriptions.get(askedAgain.id)).toBeDefined();
      expect(await store.subscriptions.get(recent.id)).toBeDefined();
    });

    it('saves and replaces what a page was told of an incident; notices go with their incident', async () => {
      const { store } = fixture;
      const inc = await incident(store);
      expect(await store.subscriptions.notice('public', inc.id)).toBeUndefined();
      const notice = { pageId: 'public', incidentId: inc.id, cycle: 0, opened: true, lastUpdateId: 0, resolved: false, updatedAt: T0 };
      await store.subscriptions.saveNotice(notice);
      expect(await store.subscriptions.notice('public', inc.id)).toEqual(notice);
      expect(await store.subscriptions.notice('other', inc.id)).toBeUndefined();
      const next = { ...notice, lastUpdateId: 42, resolved: true, updatedAt: T0 + HOUR };
      await store.subscriptions.saveNotice(next);
      expect(await store.subscriptions.notice('public', inc.id)).toEqual(next);
      await store.subscriptions.saveNotice({ ...notice, pageId: 'other' });
      await sql`delete from incidents where id = ${inc.id}`.execute(store.db);
      expect(await store.subscriptions.notice('public', inc.id)).toBeUndefined();
      expect(await store.subscriptions.notice('other', inc.id)).toBeUndefined();
    });
  });
}
