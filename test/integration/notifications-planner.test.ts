/**
 * The notification planner against a real store (SQLite and PostgreSQL) with a clock the test
 * moves: group_wait holds the first message, group_interval spaces updates to a channel,
 * repeat_interval sends an unacknowledged incident again, and nothing is planned twice.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { notificationSections, toNotificationsModel } from '../../src/notifications/notifications-config.js';
import { NotificationPlanner } from '../../src/notifications/planner.js';
import { IncidentActions } from '../../src/incidents/incident-actions.js';
import { Bus } from '../../src/engine/bus.js';
import { DIALECTS, dialectAvailable, withStore } from '../helpers/databases.js';

const T0 = Date.UTC(2026, 5, 1, 8, 0);
const model = toNotificationsModel(
  z.strictObject(notificationSections).parse({
    channels: [{ id: 'room', webhook: { url: 'http://127.0.0.1:9/room' } }],
    notifications: { routes: [{ channels: ['room'], group_wait: '30s', group_interval: '5m', repeat_interval: '4h' }] },
  }),
);

for (const dialect of DIALECTS) {
  describe(`notification planner (${dialect})`, async () => {
    const available = await dialectAvailable(dialect, 'notification planner tests');
    if (!available) {
      it.skip('PostgreSQL not reachable', () => {});
      return;
    }
    const fixture = withStore(dialect);

    it('holds the first message for group_wait, spaces updates by group_interval, repeats an unacknowledged incident every repeat_interval', async () => {
      const { store } = fixture;
      let now = T0;
      const planner = new NotificationPlanner({ store, model: () => model, facts: (i) => ({ services: [], tags: [], severity: i.severity }), now: () => now });
      const incident = await store.incidents.create({ source: 'auto', status: 'open', severity: 'SEV3', title: { en: 'Portal: partial outage', fr: 'Portail : panne partielle' }, summary: null, serviceId: null, rootCause: null, affected: [], commonMode: false, firstFailureAt: T0, openedAt: T0, lastFailureAt: T0 }, T0);
      expect(await planner.planIncidents()).toBe(1);
      expect(await planner.planIncidents()).toBe(0);
      const [opened] = await store.deliveries.list({ incidentId: incident.id }, 10);
      expect(opened).toMatchObject({ event: 'opened', notBefore: T0 + 30_000 });

      now = T0 + 60_000;
      await store.incidents.update(incident.id, { severity: 'SEV1' }, now);
      expect(await planner.planIncidents()).toBe(1);
      const [raised] = await store.deliveries.list({ incidentId: incident.id }, 1);
      expect(raised).toMatchObject({ event: 'severity_raised', notBefore: T0 + 30_000 + 300_000 });

      now = T0 + 30_000 + 4 * 3_600_000 - 1;
      expect(await planner.repeat()).toBe(0);
      now += 1;
      expect(await planner.repeat()).toBe(1);
      expect(await planner.repeat()).toBe(0); // one reminder per interval
      const [reminder] = await store.deliveries.list({ incidentId: incident.id }, 1);
      expect(reminder).toMatchObject({ event: 'opened', channelId: 'room' });
      expect(reminder!.idempotencyKey).toContain(':repeat:r0-1:');

      now += 4 * 3_600_000;
      await store.incidents.update(incident.id, { status: 'acknowledged', acknowledgedAt: now }, now);
      expect(await planner.repeat()).toBe(0); // acknowledged: no more reminders
      await planner.planIncidents();
      const [ack] = await store.deliveries.list({ incidentId: incident.id }, 1);
      expect(ack).toMatchObject({ event: 'acknowledged', notBefore: now }); // an acknowledgement does not wait for group_interval
    });
  });
}

const withTimeout = toNotificationsModel(
  z.strictObject(notificationSections).parse({
    channels: [{ id: 'pager', webhook: { url: 'http://127.0.0.1:9/pager' } }],
    people: [{ id: 'alice', name: 'Alice', contacts: [{ channel: 'pager' }] }],
    escalation_policies: [{ id: 'p', ack_timeout: '30m', levels: [{ targets: [{ person: 'alice' }] }] }],
    notifications: { routes: [{ escalation: 'p', group_wait: '0s' }] },
  }),
);

for (const dialect of DIALECTS) {
  describe(`acknowledgement timeout (${dialect})`, async () => {
    const available = await dialectAvailable(dialect, 'notification planner tests');
    if (!available) {
      it.skip('PostgreSQL not reachable', () => {});
      return;
    }
    const fixture = withStore(dialect);

    it('reopens the incident and pages again when an acknowledgement is not followed by resolution in time', async () => {
      const { store } = fixture;
      let now = T0;
      const planner = new NotificationPlanner({ store, model: () => withTimeout, facts: (i) => ({ services: [], tags: [], severity: i.severity }), now: () => now });
      const actions = new IncidentActions(store, new Bus(), () => now);
      const incident = await actions.create({ title: { en: 'Mail down', fr: 'Messagerie en panne' }, severity: 'SEV2' }, 'ops');
      await planner.planIncidents();
      expect(await planner.escalate()).toBe(1);
      const pages = async () => (await store.deliveries.list({ incidentId: incident.id }, 50)).filter((d) => d.page);
      const sendAll = async () => {
        for (const d of await store.deliveries.claimDue(now, 60_000, 50)) await store.deliveries.finish(d.id, now, { outcome: 'sent', status: 200 });
      };
      expect(await pages()).toHaveLength(1);
      await sendAll(); // as the delivery worker would

      now += 60_000;
      await actions.acknowledge(incident.id, 'alice');
      await planner.planIncidents();
      now += 29 * 60_000;
      expect(await planner.escalate()).toBe(0); // still within ack_timeout
      now += 60_000;
      expect(await planner.escalate()).toBe(1);
      expect((await store.incidents.get(incident.id))!.status).toBe('open');
      expect((await store.incidents.get(incident.id))!.acknowledgedAt).toBe(T0 + 60_000); // the figures keep the first acknowledgement
      expect(await pages()).toHaveLength(2); // paged again, with a new idempotency key
      await sendAll();
      expect((await store.incidents.timeline(incident.id)).map((e) => e.text.en)).toContain('Acknowledgement timed out after 30 min without resolution: escalating again');

      await planner.planIncidents();
      now += 60_000;
      await actions.acknowledge(incident.id, 'alice');
      await planner.planIncidents();
      const acks = (await store.deliveries.list({ incidentId: incident.id }, 50)).filter((d) => d.event === 'acknowledged');
      expect(acks.map((a) => a.personId)).toEqual(['alice', 'alice']); // each acknowledgement told once to the person paged
      await actions.resolve(incident.id, 'alice');
      await planner.planIncidents();
      now += 31 * 60_000;
      expect(await planner.escalate()).toBe(0); // resolved: nothing times out
    });
  });
}
