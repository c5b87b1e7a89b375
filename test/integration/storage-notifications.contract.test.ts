/** The notification repositories (deliveries outbox, notices, escalations, channel health, acknowledge links, silences) on both dialects. */
import { describe, expect, it } from 'vitest';
import { DIALECTS, dialectAvailable, withStore } from '../helpers/databases.js';
import type { IncidentDraft } from '../../src/incidents/incident.types.js';
import type { DeliveryDraft } from '../../src/storage/notification-rows.js';
import type { Store } from '../../src/storage/store.js';

const T0 = Date.UTC(2026, 10, 23, 16, 0);

function incident(store: Store, overrides: Partial<IncidentDraft> = {}) {
  return store.incidents.create(
    {
      source: 'auto', status: 'open', severity: 'SEV1', title: { en: 'Emergency calls: major outage', fr: 'Appels d’urgence : panne majeure' },
      summary: null, serviceId: 'emergency-calls', rootCause: { kind: 'service', id: 'emergency-calls' }, affected: ['service:emergency-calls'],
      commonMode: false, firstFailureAt: T0 - 3000, openedAt: T0, lastFailureAt: T0, ...overrides,
    },
    T0,
  );
}

const draft = (incidentId: number, key: string, over: Partial<DeliveryDraft> = {}): DeliveryDraft => ({
  idempotencyKey: key, incidentId, event: 'opened', channelId: 'sms', personId: 'alice', address: '+33600000001', language: 'fr', page: true, extra: null, notBefore: T0, ...over,
});

for (const dialect of DIALECTS) {
  describe(`notifications storage (${dialect})`, async () => {
    const available = await dialectAvailable(dialect, 'notifications storage contract tests');
    if (!available) {
      it.skip('PostgreSQL not reachable', () => {});
      return;
    }
    const fixture = withStore(dialect);

    it('queues a delivery once per idempotency key, and a claim hands each due row to one caller only', async () => {
      const { store } = fixture;
      const { id } = await incident(store);
      expect(await store.deliveries.enqueue([draft(id, `k1-${id}`), draft(id, `k2-${id}`, { notBefore: T0 + 60_000 })], T0)).toBe(2);
      expect(await store.deliveries.enqueue([draft(id, `k1-${id}`)], T0)).toBe(0);
      const other = await fixture.openAnother();
      const [a, b] = await Promise.all([store.deliveries.claimDue(T0, 30_000, 10), other.deliveries.claimDue(T0, 30_000, 10)]);
      const claimed = [...a, ...b].filter((d) => d.incidentId === id);
      expect(claimed.map((d) => d.idempotencyKey)).toEqual([`k1-${id}`]);
      expect(await store.deliveries.claimDue(T0 + 1000, 30_000, 10)).toEqual([]); // leased
      const again = (await store.deliveries.claimDue(T0 + 31_000, 30_000, 10)).filter((d) => d.incidentId === id);
      expect(again.map((d) => d.idempotencyKey)).toEqual([`k1-${id}`]); // a worker killed mid-send: the lease runs out
    });

    it('records every attempt: retry later, then sent; failed; and says who was paged', async () => {
      const { store } = fixture;
      const { id } = await incident(store);
      await store.deliveries.enqueue([draft(id, `r-${id}`), draft(id, `f-${id}`, { personId: 'bob', channelId: 'mail', address: 'bob@example.test', language: 'en' })], T0);
      const [r, f] = (await store.deliveries.claimDue(T0, 30_000, 50)).filter((d) => d.incidentId === id);
      await store.deliveries.finish(r!.id, T0 + 1, { outcome: 'retry', error: 'HTTP 503: busy', status: 503, retryInMs: 8000 });
      expect(await store.deliveries.claimDue(T0 + 7000, 30_000, 50)).toEqual([]);
      const [r2] = (await store.deliveries.claimDue(T0 + 8001, 30_000, 50)).filter((d) => d.incidentId === id);
      await store.deliveries.finish(r2!.id, T0 + 8002, { outcome: 'sent', status: 200, answer: '{"ok":true}' });
      await store.deliveries.finish(f!.id, T0 + 2, { outcome: 'failed', error: 'HTTP 400', status: 400 });
      expect(await store.deliveries.get(r!.id)).toMatchObject({ status: 'sent', attempts: 2, sentAt: T0 + 8002, lastStatus: 200, lastError: null });
      expect(await store.deliveries.get(f!.id)).toMatchObject({ status: 'failed', attempts: 1, lastError: 'HTTP 400' });
      expect((await store.deliveries.attempts(r!.id)).map((a) => [a.outcome, a.status, a.retryInMs])).toEqual([['retry', 503, 8000], ['sent', 200, null]]);
      expect(await store.deliveries.paged(id)).toEqual([{ personId: 'alice', channelId: 'sms', address: '+33600000001', language: 'fr' }]);
      expect((await store.deliveries.list({ incidentId: id }, 10)).map((d) => d.idempotencyKey)).toEqual([`f-${id}`, `r-${id}`]);
    });

    it('cancels pending pages of an event, holds and releases deliveries', async () => {
      const { store } = fixture;
      const { id } = await incident(store);
      await store.deliveries.enqueue([draft(id, `p-${id}`, { notBefore: T0 + 300_000 }), draft(id, `c-${id}`, { page: false, channelId: 'room', personId: null, address: null })], T0);
      expect(await store.deliveries.cancel(id, ['opened'], T0, true)).toBe(1);
      const [room] = await store.deliveries.list({ incidentId: id, status: ['pending'] }, 10);
      await store.deliveries.setHeld([room!.id], true, T0);
      expect((await store.deliveries.held(10)).map((d) => d.id)).toContain(room!.id);
      expect((await store.deliveries.claimDue(T0, 1000, 100)).some((d) => d.id === room!.id)).toBe(false);
      await store.deliveries.setHeld([room!.id], false, T0 + 1);
      expect((await store.deliveries.claimDue(T0 + 2, 1000, 100)).some((d) => d.id === room!.id)).toBe(true);
      expect((await store.deliveries.list({ incidentId: id, status: ['cancelled'] }, 10)).map((d) => d.idempotencyKey)).toEqual([`p-${id}`]);
    });

    it('keeps notices and escalations; one caller advances a step; stop, restart', async () => {
      const { store } = fixture;
      const { id } = await incident(store);
      expect((await store.escalations.changedIncidents(T0, 1000)).some((i) => i.id === id)).toBe(true);
      await store.escalations.saveNotice({ incidentId: id, status: 'open', severity: 'SEV2', commonMode: false, reopened: 0, lastUpdateId: 0, routes: [{ channels: ['room'] }], updatedAt: T0 });
      await store.escalations.saveNotice({ incidentId: id, status: 'open', severity: 'SEV1', commonMode: true, reopened: 0, lastUpdateId: 7, routes: [{ channels: ['room'] }], updatedAt: T0 + 1 });
      expect(await store.escalations.notice(id)).toMatchObject({ severity: 'SEV1', commonMode: true, lastUpdateId: 7, routes: [{ channels: ['room'] }] });
      const e = { incidentId: id, policyId: 'emergency', policy: { levels: [] }, cycle: 0, round: 0, nextLevel: 0, nextAt: T0 + 30_000, ackedAt: null, stoppedAt: null, stopReason: null };
      expect(await store.escalations.start(e, T0)).toBe(true);
      expect(await store.escalations.start(e, T0)).toBe(false);
      expect((await store.escalations.due(T0 + 29_999, 10)).some((x) => x.incidentId === id)).toBe(false);
      expect((await store.escalations.due(T0 + 30_000, 10)).some((x) => x.incidentId === id)).toBe(true);
      const step = { round: 0, nextLevel: 1, nextAt: T0 + 630_000 };
      const results = await Promise.all([store.escalations.advance(id, { round: 0, nextLevel: 0 }, step, T0 + 30_000), store.escalations.advance(id, { round: 0, nextLevel: 0 }, step, T0 + 30_000)]);
      expect(results.sort()).toEqual([false, true]);
      await store.escalations.stop(id, 'acknowledged', T0 + 40_000, true);
      expect(await store.escalations.get(id)).toMatchObject({ ackedAt: T0 + 40_000, stoppedAt: T0 + 40_000, stopReason: 'acknowledged', nextAt: null });
      await store.escalations.restart(id, T0 + 50_000, T0 + 45_000);
      expect(await store.escalations.get(id)).toMatchObject({ round: 0, nextLevel: 0, nextAt: T0 + 50_000, stoppedAt: null, ackedAt: null });
    });

    it('counts permanent failures of a channel until one works; acknowledge links are single use and expire', async () => {
      const { store } = fixture;
      await store.escalations.channelFailed('hook', 'HTTP 400', T0);
      expect(await store.escalations.channelFailed('hook', 'HTTP 401', T0 + 1)).toMatchObject({ permanentFailures: 2, failingSince: T0, lastError: 'HTTP 401' });
      await store.escalations.channelWorked('hook', T0 + 2);
      expect((await store.escalations.channelHealth()).find((h) => h.channelId === 'hook')).toMatchObject({ permanentFailures: 0, failingSince: null });
      const { id } = await incident(store);
      await store.escalations.createAckToken({ nonce: `n-${id}`, incidentId: id, personId: 'alice', expiresAt: T0 + 1000 });
      await store.escalations.createAckToken({ nonce: `old-${id}`, incidentId: id, personId: 'alice', expiresAt: T0 });
      const [first, second] = await Promise.all([store.escalations.useAckToken(`n-${id}`, T0 + 1), store.escalations.useAckToken(`n-${id}`, T0 + 1)]);
      expect([first, second].sort()).toEqual(['ok', 'used']);
      expect(await store.escalations.useAckToken(`old-${id}`, T0 + 1)).toBe('expired');
      expect(await store.escalations.useAckToken('nope', T0)).toBe('unknown');
    });

    it('keeps silences until they end, soonest end first; expiring ends one now', async () => {
      const { store } = fixture;
      const a = await store.escalations.createSilence({ matchers: { services: ['mail'] }, startsAt: T0, endsAt: T0 + 3_600_000, author: 'ops', comment: 'migration', createdAt: T0 });
      const b = await store.escalations.createSilence({ matchers: { tags: ['lab'] }, startsAt: T0 + 60_000, endsAt: T0 + 600_000, author: 'ops', comment: 'lab', createdAt: T0 });
      expect((await store.escalations.silences(T0)).map((s) => s.id)).toEqual([b.id, a.id]);
      expect(await store.escalations.expireSilence(a.id, T0 + 1000)).toBe(true);
      expect(await store.escalations.expireSilence(a.id, T0 + 2000)).toBe(false);
      expect((await store.escalations.silences(T0 + 1000)).map((s) => s.id)).toEqual([b.id]);
      expect(await store.escalations.getSilence(a.id)).toMatchObject({ matchers: { services: ['mail'] }, endsAt: T0 + 1000, author: 'ops' });
    });
  });
}
