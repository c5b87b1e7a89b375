/**
 * The subscription planner, service and sender against a real store on SQLite and PostgreSQL,
 * with a pinned clock: who is told what (components followed, language, confirmed before the
 * news, unsubscribed and pending left out), planning twice or after a crash queues nothing twice,
 * links that expire, the per-IP and per-address guards, and how the worker's sender treats a
 * subscriber who left, a pending one, a webhook (signed, 410 Gone unsubscribes) and a refused URL.
 */
import { createHmac } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TargetPolicy } from '../../src/api/services/target-policy.js';
import type { IncidentDraft } from '../../src/incidents/incident.types.js';
import { sampleMessage } from '../helpers/notification-message.js';
import type { Delivery } from '../../src/storage/notification-rows.js';
import type { Store } from '../../src/storage/store.js';
import { publicComponentId } from '../../src/status/page-layout.js';
import { incidentUrl } from '../../src/status/status-links.js';
import { statusPageSchema } from '../../src/status/status.schema.js';
import { SubscriptionLinks } from '../../src/status/subscription-links.js';
import type { SubscriptionConfig } from '../../src/status/subscription-page.js';
import { SubscriptionPlanner } from '../../src/status/subscription-planner.js';
import { STATUS_WEBHOOK_CHANNEL, subscriptionSender } from '../../src/status/subscription-sender.js';
import { CONFIRM_TTL_MS, SubscriptionService } from '../../src/status/subscription-service.js';
import type { Subscriber, SubscriberDraft } from '../../src/status/subscription.types.js';
import { webhookGuard } from '../../src/status/webhook-target.js';
import { startCaptureServer, type CaptureServer } from '../helpers/capture-server.js';
import { DIALECTS, dialectAvailable, withStore } from '../helpers/databases.js';

const MIN = 60_000;
const PUBLIC_URL = 'https://vigie.example.org';
let clock = Date.UTC(2026, 10, 23, 16, 0);
const now = () => clock;
let serial = 0;

function pageConfig(over: Record<string, unknown> = {}): { id: string; config: SubscriptionConfig; portal: string; desk: string } {
  const n = ++serial;
  const id = `page-${n}`;
  const page = statusPageSchema.parse({
    id,
    title: { en: 'Operator status', fr: 'État des services' },
    components: [{ service: `portal-${n}` }, { service: `desk-${n}`, name: { en: 'Help desk', fr: 'Assistance' } }],
    subscriptions: { email: { channel: 'smtp' }, webhooks: true, per_address_per_day: 2 },
    ...over,
  });
  const config = { status_pages: [page], services: [{ id: `portal-${n}`, name: { en: 'Citizen portal', fr: 'Portail citoyen' } }] };
  return { id, config, portal: publicComponentId({ kind: 'service', id: `portal-${n}` }), desk: publicComponentId({ kind: 'service', id: `desk-${n}` }) };
}

async function subscriber(store: Store, draft: Partial<SubscriberDraft> & { pageId: string }, status: 'pending' | 'active' | 'unsubscribed' = 'active'): Promise<Subscriber> {
  const full: SubscriberDraft = { kind: 'email', address: `s${++serial}@example.org`, language: 'en', components: [], secret: null, status: 'pending', tokenNonce: `nonce-${serial}`, ip: null, ...draft };
  const { subscriber: s } = await store.subscriptions.create(full, clock);
  if (status !== 'pending' && full.status === 'pending') await store.subscriptions.confirm(s.id, full.tokenNonce, clock);
  if (status === 'unsubscribed') await store.subscriptions.unsubscribe(s.id, clock);
  return (await store.subscriptions.get(s.id))!;
}

function incident(store: Store, serviceId: string, over: Partial<IncidentDraft> = {}) {
  return store.incidents.create(
    { source: 'auto', status: 'open', severity: 'SEV1', title: { en: 'web-probe-9: HTTP 503 from 10.0.0.7', fr: 'web-probe-9 : HTTP 503 de 10.0.0.7' }, summary: null, serviceId, rootCause: { kind: 'service', id: serviceId }, affected: [`service:${serviceId}`], commonMode: false, firstFailureAt: clock - 5000, openedAt: clock, lastFailureAt: clock, ...over },
    clock,
  );
}

const statusDeliveries = async (store: Store, pageId: string): Promise<Delivery[]> => (await store.deliveries.list({}, 1000)).filter((d) => d.extra?.status?.page === pageId).reverse();

for (const dialect of DIALECTS) {
  describe(`status subscriptions service (${dialect})`, async () => {
    const available = await dialectAvailable(dialect, 'status subscriptions service tests');
    if (!available) {
      it.skip('PostgreSQL not reachable', () => {});
      return;
    }
    const fixture = withStore(dialect);
    let hook: CaptureServer;
    beforeAll(async () => {
      hook = await startCaptureServer();
    });
    afterAll(async () => {
      await hook?.close();
    });

    const planner = (config: SubscriptionConfig) => new SubscriptionPlanner({ store: fixture.store, config: () => config, publicUrl: () => PUBLIC_URL, links: new SubscriptionLinks(fixture.store), now });
    const service = (config: SubscriptionConfig, ipLimit = { burst: 100, perSecond: 1, maxKeys: 100 }) =>
      new SubscriptionService({ store: fixture.store, config: () => config, publicUrl: () => PUBLIC_URL, links: new SubscriptionLinks(fixture.store), guard: webhookGuard(() => new TargetPolicy({ deny: [], allow: [] })), now, ipLimit });

    it('tells each active subscriber following a touched component, in their language, once, with public facts only', async () => {
      const { store } = fixture;
      const { id, config, portal, desk } = pageConfig();
      clock += MIN;
      const fr = await subscriber(store, { pageId: id, language: 'fr', components: [portal] });
      const deskOnly = await subscriber(store, { pageId: id, components: [desk] });
      const all = await subscriber(store, { pageId: id });
      const hookSub = await subscriber(store, { pageId: id, kind: 'webhook', address: `${hook.origin}/in`, secret: 'whsec_test_secret_0123456789', status: 'active' });
      await subscriber(store, { pageId: id }, 'pending');
      await subscriber(store, { pageId: id }, 'unsubscribed');
      clock += MIN;
      const inc = await incident(store, `portal-${serial - 6}`);
      expect(await planner(config).plan()).toBe(3);
      const queued = await statusDeliveries(store, id);
      expect(queued.map((d) => d.idempotencyKey).sort()).toEqual([fr, all, hookSub].map((s) => `status:${id}:${inc.id}:opened-0:${s.id}`).sort());
      const toFr = queued.find((d) => d.extra!.status!.subscriber === fr.id)!;
      expect(toFr).toMatchObject({ channelId: 'smtp', address: fr.address, language: 'fr', event: 'status_opened', incidentId: null, page: false });
      expect(toFr.extra!.status).toMatchObject({ subject: '[État des services] Portail citoyen : panne majeure', resolved: false, url: incidentUrl(`${PUBLIC_URL}/status/${id}`, inc.id) });
      expect(toFr.extra!.status!.unsubscribeUrl).toMatch(new RegExp(`^${PUBLIC_URL}/status/${id}/unsubscribe/u${fr.id}\\.0\\.`));
      expect(toFr.extra!.status!.full).toContain('(Portail citoyen)');
      for (const d of queued) expect(JSON.stringify(d.extra)).not.toMatch(/web-probe-9|10\.0\.0\.7|HTTP 503/);
      const toHook = queued.find((d) => d.extra!.status!.subscriber === hookSub.id)!;
      expect(toHook).toMatchObject({ channelId: STATUS_WEBHOOK_CHANNEL, address: null });
      expect(toHook.extra!.status!.payload).toMatchObject({ event: 'incident.opened', incident: { id: inc.id, components: [{ id: portal }] } });
      expect(queued.some((d) => d.extra!.status!.subscriber === deskOnly.id)).toBe(false);

      // Planning again, or again after a crash before the notice was saved, queues nothing more.
      expect(await planner(config).plan()).toBe(0);
      await sql`delete from status_notices where page_id = ${id}`.execute(store.db);
      expect(await planner(config).plan()).toBe(0);
      expect(await store.subscriptions.notice(id, inc.id)).toMatchObject({ opened: true, resolved: false });
    });

    it('tells public updates and the resolution, and only what happened after a subscriber confirmed', async () => {
      const { store } = fixture;
      const { id, config } = pageConfig();
      const n = serial;
      clock += MIN;
      const early = await subscriber(store, { pageId: id, language: 'fr' });
      clock += MIN;
      const inc = await incident(store, `portal-${n}`);
      const p = planner(config);
      await p.plan();
      clock += MIN;
      const late = await subscriber(store, { pageId: id });
      clock += MIN;
      await store.incidents.addEntry(inc.id, { at: clock, kind: 'update_internal', author: 'ops', text: { en: 'db-7 down', fr: 'db-7 en panne' }, details: null });
      await store.incidents.addEntry(inc.id, { at: clock, kind: 'update_public', author: 'ops', text: { en: 'Restoring the portal', fr: 'Rétablissement du portail' }, details: null });
      await store.incidents.update(inc.id, {}, clock);
      expect(await p.plan()).toBe(2);
      clock += MIN;
      await store.incidents.update(inc.id, { status: 'resolved', resolvedAt: clock, recoveredAt: clock }, clock);
      expect(await p.plan()).toBe(2);
      const queued = await statusDeliveries(store, id);
      const told = (s: Subscriber) => queued.filter((d) => d.extra!.status!.subscriber === s.id).map((d) => d.event);
      expect(told(early)).toEqual(['status_opened', 'status_update', 'status_resolved']);
      expect(told(late)).toEqual(['status_update', 'status_resolved']);
      const update = queued.find((d) => d.event === 'status_update' && d.language === 'fr')!;
      expect(update.extra!.status!.full).toContain('Rétablissement du portail');
      expect(JSON.stringify(queued.map((d) => d.extra))).not.toContain('db-7');
      expect(queued.find((d) => d.event === 'status_resolved')!.extra!.status!.resolved).toBe(true);
    });

    it('makes a large page’s news due 50 a second, so pages queued meanwhile are claimed before most of it', async () => {
      const { store } = fixture;
      const { id, config } = pageConfig();
      const n = serial;
      clock += MIN;
      for (let i = 0; i < 120; i++) await subscriber(store, { pageId: id });
      clock += MIN;
      await incident(store, `portal-${n}`);
      expect(await planner(config).plan()).toBe(120);
      const due = (await statusDeliveries(store, id)).map((d) => d.notBefore - clock);
      expect([0, 1000, 2000].map((offset) => due.filter((d) => d === offset).length)).toEqual([50, 50, 20]);
      // A page queued now is due with the first 50 mails, not after the 120.
      await store.deliveries.enqueue([{ idempotencyKey: `page-now-${n}`, incidentId: null, event: 'opened', channelId: 'pager', personId: 'alice', address: null, language: 'en', page: true, extra: null, notBefore: clock }], clock);
      const claimed = await store.deliveries.claimDue(clock, 30_000, 1000);
      expect(claimed.map((d) => d.idempotencyKey)).toContain(`page-now-${n}`);
      expect(claimed.filter((d) => d.extra?.status?.page === id)).toHaveLength(50);
    });

    it('leaves out incidents touching none of the page, and e-mail subscribers of a page without an e-mail channel', async () => {
      const { store } = fixture;
      const { id, config } = pageConfig({ subscriptions: { webhooks: true } });
      const n = serial;
      clock += MIN;
      const mail = await subscriber(store, { pageId: id });
      const hookSub = await subscriber(store, { pageId: id, kind: 'webhook', address: `${hook.origin}/x`, secret: 'whsec_another_secret_0123', status: 'active' });
      clock += MIN;
      const elsewhere = await incident(store, 'unrelated-service');
      const here = await incident(store, `desk-${n}`);
      await planner(config).plan();
      const queued = await statusDeliveries(store, id);
      expect(queued.map((d) => d.extra!.status!.subscriber)).toEqual([hookSub.id]);
      expect(queued[0]!.idempotencyKey).toContain(`:${here.id}:`);
      expect(mail.status).toBe('active');
      expect(await store.subscriptions.notice(id, elsewhere.id)).toBeUndefined();
    });

    it('subscribes with a confirmation mail whose link expires; an address already subscribed gets a reminder, answered the same', async () => {
      const { store } = fixture;
      const { id, config, portal, desk } = pageConfig();
      const svc = service(config);
      clock += MIN;
      const asked = await svc.subscribe(id, { target: { kind: 'email', address: 'lea@example.org' }, language: 'fr', components: [portal, desk] }, '198.51.100.1');
      expect(asked).toEqual({ kind: 'mail_sent', address: 'lea@example.org' });
      const lea = (await store.subscriptions.find(id, 'email', 'lea@example.org'))!;
      expect(lea).toMatchObject({ status: 'pending', language: 'fr', components: [], ip: '198.51.100.1' });
      const [confirmation] = await statusDeliveries(store, id);
      expect(confirmation).toMatchObject({ event: 'status_confirm', channelId: 'smtp', address: 'lea@example.org', idempotencyKey: `status:${id}:confirm:${lea.id}:${lea.tokenNonce}` });
      expect(confirmation!.extra!.status!.unsubscribeUrl).toBeUndefined();
      const link = /\/confirm\/(\S+)/.exec(confirmation!.extra!.status!.full)![1]!;
      expect(await svc.check(id, link, 'confirm')).toMatchObject({ kind: 'ok', subscriber: { id: lea.id } });
      expect(await svc.check(`${id}-other`, link, 'confirm')).toEqual({ kind: 'invalid' });
      expect(await svc.check(id, link, 'unsubscribe')).toEqual({ kind: 'invalid' });
      const saved = clock;
      clock += CONFIRM_TTL_MS + 1;
      expect(await svc.confirm(id, link)).toEqual({ kind: 'expired' });
      clock = saved + MIN;
      expect(await svc.confirm(id, link)).toMatchObject({ kind: 'done', subscriber: { status: 'active' } });
      expect(await svc.confirm(id, link)).toMatchObject({ kind: 'already' });

      clock += MIN;
      expect(await svc.subscribe(id, { target: { kind: 'email', address: 'lea@example.org' }, language: 'en', components: [] }, '198.51.100.1')).toEqual({ kind: 'mail_sent', address: 'lea@example.org' });
      const reminder = (await statusDeliveries(store, id)).at(-1)!;
      expect(reminder).toMatchObject({ event: 'status_already', language: 'fr' });
      expect(reminder.extra!.status!.unsubscribeUrl).toContain(`/unsubscribe/u${lea.id}.0.`);
      expect(await store.subscriptions.get(lea.id)).toMatchObject({ status: 'active', language: 'fr' });
      // Two mails today for this address: the third request is refused, and nothing is queued.
      const before = (await statusDeliveries(store, id)).length;
      expect(await svc.subscribe(id, { target: { kind: 'email', address: 'lea@example.org' }, language: 'fr', components: [] }, '198.51.100.1')).toMatchObject({ kind: 'limited', scope: 'address' });
      expect((await statusDeliveries(store, id)).length).toBe(before);

      const unsubscribeToken = reminder.extra!.status!.unsubscribeUrl!.split('/').at(-1)!;
      expect(await svc.unsubscribe(id, unsubscribeToken)).toMatchObject({ kind: 'done', subscriber: { status: 'unsubscribed' } });
      expect(await svc.unsubscribe(id, unsubscribeToken)).toMatchObject({ kind: 'already' });
      // The old confirmation link does not bring her back.
      expect(await svc.confirm(id, link)).toMatchObject({ kind: 'stale', subscriber: { status: 'unsubscribed' } });
    });

    it('refuses what the page does not take, bad languages and components, too many requests from one IP, and a webhook subscribed twice', async () => {
      const { id, config, portal } = pageConfig({ languages: ['fr'] });
      const svc = service(config, { burst: 3, perSecond: 0.0001, maxKeys: 100 });
      const mail = (address: string, extra: Record<string, unknown> = {}) => ({ target: { kind: 'email' as const, address }, language: undefined, components: [], ...extra });
      expect(await svc.subscribe(id, mail('a@example.org', { language: 'en' }), '203.0.113.1')).toMatchObject({ kind: 'invalid', error: { field: 'language' } });
      expect(await svc.subscribe(id, mail('a@example.org', { components: [portal, 'c0ffee'] }), '203.0.113.1')).toMatchObject({ kind: 'invalid', error: { field: 'components', message: { en: '"c0ffee" is not a component of this page' } } });
      expect(await svc.subscribe(id, mail('a@example.org'), '203.0.113.1')).toMatchObject({ kind: 'mail_sent' });
      expect(await svc.subscribe(id, mail('b@example.org'), '203.0.113.1')).toMatchObject({ kind: 'limited', scope: 'ip' });
      expect(await svc.subscribe(id, mail('b@example.org'), '203.0.113.2')).toMatchObject({ kind: 'mail_sent' });
      expect(await svc.subscribe('no-such-page', mail('b@example.org'), '203.0.113.3')).toEqual({ kind: 'unavailable', what: 'email' });
      const webhook = { target: { kind: 'webhook' as const, url: `${hook.origin}/twice` }, language: undefined, components: [] };
      const first = await svc.subscribe(id, webhook, '203.0.113.4');
      expect(first).toMatchObject({ kind: 'webhook', subscriber: { status: 'active', language: 'fr' } });
      expect(await fixture.store.subscriptions.secret((first as { subscriber: Subscriber }).subscriber.id)).toBe((first as { secret: string }).secret);
      expect(await svc.subscribe(id, webhook, '203.0.113.5')).toEqual({ kind: 'webhook_exists' });
      const noHooks = pageConfig({ subscriptions: { email: { channel: 'smtp' } } });
      expect(await service(noHooks.config).subscribe(noHooks.id, webhook, '203.0.113.6')).toEqual({ kind: 'unavailable', what: 'webhook' });
    });

    it('sends only to subscribers still there; webhooks signed with their secret, unsubscribed on 410 Gone, refused by api.monitor_targets', async () => {
      const { store } = fixture;
      const { id } = pageConfig();
      const channel = async () => ({ status: 250, answer: 'sent by the channel' });
      const sender = subscriptionSender({ store, guard: webhookGuard(() => new TargetPolicy({ deny: [], allow: [] })), now });
      const delivery = (s: Subscriber, event: string, extra: Record<string, unknown> = {}) =>
        ({ id: 1, idempotencyKey: `k-${s.id}-${event}`, event, channelId: s.kind === 'email' ? 'smtp' : STATUS_WEBHOOK_CHANNEL, extra: { status: { page: id, subscriber: s.id, key: 'k', title: 't', subject: 's', short: 's', full: 'f', resolved: false, ...extra } } }) as unknown as Delivery;
      const active = await subscriber(store, { pageId: id });
      const pending = await subscriber(store, { pageId: id }, 'pending');
      const gone = await subscriber(store, { pageId: id }, 'unsubscribed');
      expect(await sender(delivery(active, 'status_opened'), channel)).toBe(channel);
      expect(await sender(delivery(active, 'status_opened'), undefined)).toEqual({ failed: 'channel "smtp" is no longer configured' });
      expect(await sender(delivery(pending, 'status_confirm'), channel)).toBe(channel);
      expect(await sender(delivery(pending, 'status_opened'), channel)).toEqual({ failed: 'not sent: the subscription is not confirmed' });
      expect(await sender(delivery(gone, 'status_opened'), channel)).toEqual({ failed: 'not sent: the subscriber unsubscribed' });

      const secret = 'whsec_sender_test_0123456789';
      const hookSub = await subscriber(store, { pageId: id, kind: 'webhook', address: `${hook.origin}/news`, secret, status: 'active' });
      const payload = { version: 1, event: 'incident.opened', incident: { id: 3 } };
      const send = await sender(delivery(hookSub, 'status_opened', { payload }), undefined);
      expect(typeof send).toBe('function');
      const message = sampleMessage('en', { idempotencyKey: `status:${id}:3:opened-0:${hookSub.id}` });
      const receipt = await (send as (m: typeof message, c: { signal: AbortSignal; timeoutMs: number }) => Promise<{ status?: number }>)(message, { signal: AbortSignal.timeout(5000), timeoutMs: 5000 });
      expect(receipt.status).toBe(200);
      const request = hook.requests.at(-1)!;
      expect(JSON.parse(request.body)).toEqual({ ...payload, idempotency_key: message.idempotencyKey });
      expect(request.headers['idempotency-key']).toBe(message.idempotencyKey);
      expect(request.headers['vigie-event']).toBe('incident.opened');
      expect(request.headers['vigie-timestamp']).toBe(String(Math.floor(clock / 1000)));
      expect(request.headers['vigie-signature']).toBe(`t=${Math.floor(clock / 1000)},v1=${createHmac('sha256', secret).update(`${Math.floor(clock / 1000)}.${request.body}`).digest('hex')}`);

      hook.answers.push({ status: 410, body: 'gone' });
      await expect((send as (m: typeof message, c: { signal: AbortSignal; timeoutMs: number }) => Promise<unknown>)(message, { signal: AbortSignal.timeout(5000), timeoutMs: 5000 })).rejects.toMatchObject({ permanent: true, status: 410 });
      expect((await store.subscriptions.get(hookSub.id))!.status).toBe('unsubscribed');

      const denied = subscriptionSender({ store, guard: webhookGuard(() => new TargetPolicy({ deny: ['loopback'], allow: [] })), now });
      const again = await subscriber(store, { pageId: id, kind: 'webhook', address: `${hook.origin}/denied`, secret, status: 'active' });
      expect(await denied(delivery(again, 'status_opened', { payload }), undefined)).toMatchObject({ failed: expect.stringContaining('api.monitor_targets') });
    });
  });
}
