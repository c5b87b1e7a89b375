/**
 * What the checks see change becomes changes (issue 14), on SQLite and PostgreSQL: the events of
 * one run of a domain check are one change (not several that tie for the likely cause), kind
 * `registry`, aimed at the monitor and the host names under the domain, in both languages,
 * recorded once however often the run is replayed; and that change is the likely cause of an
 * incident where the domain's check and the site under it fail.
 */
import { describe, expect, it } from 'vitest';
import { ChangeService } from '../../src/changes/change-service.js';
import { changesConfigSchema } from '../../src/changes/changes-config.schema.js';
import type { Transition } from '../../src/engine/monitor-state.js';
import type { Incident } from '../../src/incidents/incident.types.js';
import { emptyIncidentDeps } from '../../src/api/services/incident-api-deps.js';
import { DIALECTS, dialectAvailable, withStore } from '../helpers/databases.js';

const T0 = Date.UTC(2026, 11, 1, 9, 0);

const event = (id: number, eventType: string, en: string, fr: string, at = T0): Transition => ({
  id, monitorId: 'domain-ge-ch', at, kind: 'event', fromState: null, toState: null, eventType, reason: en,
  details: { before: 'x', after: 'y', messages: { en, fr } },
});

for (const dialect of DIALECTS) {
  describe(`changes seen by the checks (${dialect})`, async () => {
    const available = await dialectAvailable(dialect, 'change recorder tests');
    if (!available) {
      it.skip('PostgreSQL not reachable', () => {});
      return;
    }
    const fixture = withStore(dialect);

    it('records one run as one registry change on the domain and its hosts, once; it is the likely cause when the domain and its site fail', async () => {
      const { store } = fixture;
      await store.monitors.upsert({ id: 'domain-ge-ch', name: 'ge.ch', type: 'domain', source: 'file', input: { id: 'domain-ge-ch', domain: { name: 'ge.ch' } }, tags: [], paused: false }, T0);
      await store.monitors.upsert({ id: 'www-ge-ch', name: 'www', type: 'http', source: 'file', input: { id: 'www-ge-ch', http: { url: 'https://www.ge.ch/' } }, tags: [], paused: false }, T0);
      await store.monitors.upsert({ id: 'other', name: 'other', type: 'http', source: 'file', input: { id: 'other', http: { url: 'https://example.org/' } }, tags: [], paused: false }, T0);
      const changes = new ChangeService({ store, config: () => changesConfigSchema.parse(undefined), context: emptyIncidentDeps().context, now: () => T0 + 1000 });

      const run = [
        event(11, 'domain.status_changed', 'registry status of ge.ch changed: ok → clientHold', 'statut de ge.ch au registre modifié : ok → clientHold'),
        event(12, 'domain.expiry_changed', 'expiry of ge.ch moved: 2026-11-30 → 2027-11-30', 'échéance de ge.ch déplacée : 2026-11-30 → 2027-11-30'),
      ];
      const [change] = await changes.recordRunFromCheck(run);
      expect(change).toMatchObject({
        kind: 'registry', origin: 'check', transitionId: 11, at: T0,
        summary: 'registry status of ge.ch changed: ok → clientHold; expiry of ge.ch moved: 2026-11-30 → 2027-11-30',
        targets: { monitors: ['domain-ge-ch'], hosts: ['ge.ch', '**.ge.ch'] },
      });
      expect((await changes.recordRunFromCheck(run))[0]!.id).toBe(change!.id); // replayed after a crash: the same change
      expect(await changes.recordRunFromCheck([{ ...run[0]!, id: 13, eventType: 'heartbeat.rebooted' }])).toEqual([]); // a reboot is no change
      expect(await changes.reaches(change!.targets)).toEqual(['domain-ge-ch', 'www-ge-ch']);

      const incident = {
        id: 1, source: 'auto', status: 'open', severity: 'SEV2', title: { en: 'ge.ch', fr: 'ge.ch' }, summary: null, serviceId: null, rootCause: null,
        affected: ['monitor:domain-ge-ch', 'monitor:www-ge-ch'], commonMode: false, firstFailureAt: T0 + 5 * 60_000, openedAt: T0 + 6 * 60_000,
        lastFailureAt: T0 + 6 * 60_000, recoveredAt: null, acknowledgedAt: null, mitigatedAt: null, resolvedAt: null, reopened: 0, updatedAt: T0,
      } satisfies Incident;
      const { list } = await changes.suspects(incident);
      expect(list.suspects.map((s) => s.changeId)).toEqual([change!.id]);
      expect(list.likelyCause?.changeId).toBe(change!.id);
      expect(list.likelyCause?.text.fr).toContain('statut de ge.ch au registre modifié');
    });
  });
}
