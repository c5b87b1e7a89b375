/** The silence hold check over stored silences, on SQLite and PostgreSQL: in force, upcoming, expired, matching or not. */
import { describe, expect, it } from 'vitest';
import type { Incident } from '../../src/incidents/incident.types.js';
import { silenceHold } from '../../src/notifications/silence-hold.js';
import { DIALECTS, dialectAvailable, withStore } from '../helpers/databases.js';

const T0 = Date.UTC(2026, 11, 3, 10, 0);
const incident = { id: 41 } as Incident;
const facts = { services: ['sip-core'], tags: ['telecom'], severity: 'SEV1' };

for (const dialect of DIALECTS) {
  describe(`silence hold (${dialect})`, async () => {
    const available = await dialectAvailable(dialect, 'silence hold tests');
    if (!available) {
      it.skip('PostgreSQL not reachable', () => {});
      return;
    }
    const fixture = withStore(dialect);

    it('holds an incident while a matching silence is in force, not before, not after it is expired', async () => {
      const { store } = fixture;
      const hold = silenceHold(store);
      expect(await hold(incident, facts, T0)).toBeUndefined();
      await store.escalations.createSilence({ matchers: { services: ['web'] }, startsAt: T0 - 1000, endsAt: T0 + 3_600_000, author: 'a', comment: 'other service', createdAt: T0 });
      const s = await store.escalations.createSilence({ matchers: { services: ['sip-core'], severities: ['SEV1'] }, startsAt: T0 + 60_000, endsAt: T0 + 3_600_000, author: 'a', comment: 'carrier work', createdAt: T0 });
      expect(await hold(incident, facts, T0)).toBeUndefined();
      expect(await hold(incident, facts, T0 + 60_000)).toBe(`silence ${s.id}: carrier work`);
      expect(await hold(incident, { ...facts, severity: 'SEV2' }, T0 + 60_000)).toBeUndefined();
      const byId = await store.escalations.createSilence({ matchers: { incidents: [41] } as unknown as Record<string, string[]>, startsAt: T0, endsAt: T0 + 120_000, author: 'a', comment: 'this one', createdAt: T0 });
      expect(await hold(incident, { ...facts, services: ['mail'] }, T0 + 1000)).toBe(`silence ${byId.id}: this one`);
      expect(await hold({ id: 42 } as Incident, { ...facts, services: ['mail'] }, T0 + 1000)).toBeUndefined();
      await store.escalations.expireSilence(s.id, T0 + 120_000);
      expect(await hold(incident, facts, T0 + 120_000)).toBeUndefined();
    });
  });
}
