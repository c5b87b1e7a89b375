/**
 * `notifications.templates` through the delivery worker, on SQLite and PostgreSQL: a config with
 * a French template; the worker renders a page to a French person with it (and its one-click
 * acknowledge link) and to an English person with the built-in text, and the loopback webhook
 * receives both.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigFiles } from '../../src/config/load-config.js';
import { AckLinks } from '../../src/notifications/ack-links.js';
import { DeliveryWorker } from '../../src/notifications/delivery-worker.js';
import { toNotificationsModel } from '../../src/notifications/notifications-config.js';
import { startCaptureServer, type CaptureServer } from '../helpers/capture-server.js';
import { DIALECTS, dialectAvailable, withStore } from '../helpers/databases.js';

const T0 = Date.UTC(2026, 11, 3, 10, 0);

const configText = (hook: string) => `channels:
  - { id: pager, webhook: { url: "${hook}", secret: a-long-shared-secret-for-tests } }
people:
  - { id: alice, name: Alice Martin, language: fr, contacts: [{ channel: pager }] }
  - { id: bob, name: Bob Meyer, contacts: [{ channel: pager }] }
notifications:
  templates:
    opened:
      fr:
        subject: "PANNE {{incident.severity}} : {{incident.title}}"
        short: "{{incident.title}}, depuis {{since}}.{{#incident.ack_url}} OK : {{incident.ack_url}}{{/incident.ack_url}}"
`;

for (const dialect of DIALECTS) {
  describe(`message templates through the delivery worker (${dialect})`, async () => {
    const available = await dialectAvailable(dialect, 'message template tests');
    if (!available) {
      it.skip('PostgreSQL not reachable', () => {});
      return;
    }
    const fixture = withStore(dialect);
    let sink: CaptureServer;
    beforeAll(async () => {
      sink = await startCaptureServer({ status: 200 });
    });
    afterAll(async () => {
      await sink.close();
    });

    it('sends the French template to a French person and the built-in English text to an English one', async () => {
      const { store } = fixture;
      const now = T0 + 5 * 60_000;
      const model = toNotificationsModel(parseConfigFiles([{ file: 'vigie.yaml', text: configText(`${sink.origin}/hook`) }], {}));
      const incident = await store.incidents.create(
        { source: 'auto', status: 'open', severity: 'SEV1', title: { en: 'Portal: major outage', fr: 'Portail : panne majeure' }, summary: null, serviceId: null, rootCause: null, affected: [], commonMode: false, firstFailureAt: T0, openedAt: T0, lastFailureAt: T0 },
        T0,
      );
      const page = (personId: string, language: 'en' | 'fr') => ({ idempotencyKey: `tpl:${personId}`, incidentId: incident.id, event: 'opened', channelId: 'pager', personId, address: null, language, page: true, extra: null, notBefore: now });
      await store.deliveries.enqueue([page('alice', 'fr'), page('bob', 'en')], now);
      const worker = new DeliveryWorker({ store, log: pino({ level: 'silent' }), model: () => model, links: new AckLinks(store), publicUrl: () => 'http://127.0.0.1:3000', hold: async () => undefined, now: () => now });
      expect(await worker.drain(AbortSignal.timeout(10_000))).toBe(2);

      const texts = sink.requests.map((r) => JSON.parse(r.body) as { language: string; text: { subject: string; short: string; full: string } });
      const fr = texts.find((t) => t.language === 'fr')!;
      const en = texts.find((t) => t.language === 'en')!;
      expect(fr.text.subject).toBe('PANNE SEV1 : Portail : panne majeure');
      expect(fr.text.short).toMatch(/^Portail : panne majeure, depuis 5 min\. OK : http:\/\/127\.0\.0\.1:3000\/ack\/\S+$/);
      expect(fr.text.full).toContain('Gravité : SEV1'); // no `full` template: the built-in text
      expect(en.text.subject).toBe('[SEV1] Portal: major outage');
      expect(en.text.short).toMatch(/^\[SEV1\] Portal: major outage — failing for 5 min\. Acknowledge: http:\/\/127\.0\.0\.1:3000\/ack\/\S+$/);
    });
  });
}
