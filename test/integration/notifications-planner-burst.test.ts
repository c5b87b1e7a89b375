/**
 * The notification planner under a burst larger than one read of changed incidents (1,000), on
 * SQLite and PostgreSQL: every incident is planned, however many changed within the re-scan margin.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { notificationSections, toNotificationsModel } from '../../src/notifications/notifications-config.js';
import { NotificationPlanner } from '../../src/notifications/planner.js';
import { DIALECTS, dialectAvailable, withStore } from '../helpers/databases.js';

const T0 = Date.UTC(2026, 11, 3, 10, 0);
const BURST = 1_050;

const model = toNotificationsModel(
  z.strictObject(notificationSections).parse({
    channels: [{ id: 'hook', webhook: { url: 'http://127.0.0.1:9/hook', secret: 'a-long-shared-secret' } }],
    notifications: { routes: [{ channels: ['hook'], group_wait: '0s' }] },
  }),
);

for (const dialect of DIALECTS) {
  describe(`notification planner burst (${dialect})`, async () => {
    const available = await dialectAvailable(dialect, 'notification planner burst tests');
    if (!available) {
      it.skip('PostgreSQL not reachable', () => {});
      return;
    }
    const fixture = withStore(dialect);

    it(`plans every one of ${BURST} incidents opened within the same second`, async () => {
      const { store } = fixture;
      for (let i = 0; i < BURST; i++) {
        await store.incidents.create({ source: 'manual', status: 'open', severity: 'SEV3', title: { en: `Burst ${i}`, fr: `Salve ${i}` }, summary: null, serviceId: null, rootCause: null, affected: [], commonMode: false, firstFailureAt: null, openedAt: T0, lastFailureAt: T0 }, T0);
      }
      const planner = new NotificationPlanner({ store, model: () => model, facts: () => ({ services: [], tags: [], severity: 'SEV3' }), now: () => T0 + 1_000 });
      for (let pass = 0; pass < 3; pass++) await planner.planIncidents();
      const queued = await store.deliveries.list({}, 10_000);
      expect(queued).toHaveLength(BURST);
    }, 120_000);
  });
}
