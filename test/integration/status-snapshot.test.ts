/**
 * The status page snapshot built from a real store, on SQLite and PostgreSQL, with a pinned clock:
 * component states (stored service and monitor states, maintenance first), uptime bars from the
 * service history and from the monitor rollups plus the raw results not rolled up yet (finished
 * days kept between builds), the incidents touching the page (public titles and updates only,
 * status in force at each update, overdue), the history within `history_days`, and maintenance in
 * progress and coming. Every read is batched; this checks the batched queries on both dialects.
 */
import { describe, expect, it } from 'vitest';
import { initialState } from '../../src/engine/monitor-state.js';
import type { IncidentDraft } from '../../src/incidents/incident.types.js';
import { maintenanceEntrySchema } from '../../src/maintenance/maintenance.schema.js';
import { SnapshotBuilder } from '../../src/status/snapshot.js';
import { statusPageSchema } from '../../src/status/status.schema.js';
import type { Store } from '../../src/storage/store.js';
import { DIALECTS, dialectAvailable, withStore } from '../helpers/databases.js';

const H = 3_600_000;
const DAY = 24 * H;
const NOW = Date.UTC(2026, 5, 15, 12, 0); // Monday 15 June 2026, noon UTC
const TODAY = Date.UTC(2026, 5, 15);

const config = {
  services: [
    { id: 'calls', name: { en: 'Emergency calls', fr: 'Appels d’urgence' } },
    { id: 'web_1', name: { en: 'Website', fr: 'Site web' } },
  ],
  status_pages: [
    statusPageSchema.parse({
      id: 'public',
      title: 'Status',
      time_zone: 'UTC',
      components: [{ service: 'calls' }, { service: 'web_1' }, { group: 'Interfaces', components: [{ monitor: 'api', name: { en: 'Public API', fr: 'API publique' } }, { monitor: 'web', name: 'Web' }] }],
    }),
    statusPageSchema.parse({ id: 'ops', title: 'Ops', time_zone: 'Pacific/Noumea', history_days: 7, show_details: true, components: [{ service: 'calls' }, { monitor: 'api', name: 'API' }] }),
  ],
};

const windows = [
  maintenanceEntrySchema.parse({ id: 'swap-web', title: { en: 'Web server swap', fr: 'Remplacement du serveur web' }, monitors: ['web'], start: '2026-06-15T11:00:00Z', end: '2026-06-15T13:00:00Z' }),
  maintenanceEntrySchema.parse({ id: 'sunday', time_zone: 'UTC', services: ['calls'], start: '2026-01-04T02:00', rrule: 'FREQ=WEEKLY;BYDAY=SU', duration: '2h' }),
  maintenanceEntrySchema.parse({ id: 'elsewhere', services: ['other'], start: '2026-06-16T00:00:00Z', end: '2026-06-16T01:00:00Z' }),
];

function draft(over: Partial<IncidentDraft>): IncidentDraft {
  return {
    source: 'auto', status: 'open', severity: 'SEV1', title: { en: 'calls-server-3 down at 10.1.2.3', fr: 'calls-server-3 en panne sur 10.1.2.3' }, summary: null,
    serviceId: 'calls', rootCause: { kind: 'service', id: 'calls' }, affected: ['service:calls'], commonMode: false,
    firstFailureAt: TODAY + 6 * H, openedAt: TODAY + 6 * H + 60_000, lastFailureAt: TODAY + 6 * H, ...over,
  };
}

async function seed(store: Store): Promise<Record<string, number>> {
  for (const id of ['web', 'api']) await store.monitors.upsert({ id, name: id, type: 'http', source: 'api', input: { id }, tags: [], paused: false }, NOW - 10 * DAY);
  await store.states.saveMany(
    [
      { monitorId: 'web', state: { ...initialState(), state: 'down', since: TODAY + 10 * H, lastMessage: 'connect ECONNREFUSED 10.1.2.4:443' } },
      { monitorId: 'api', state: { ...initialState(), state: 'degraded', since: TODAY + 9 * H, lastMessage: 'slow: 2300 ms' } },
    ],
    NOW,
  );
  // Yesterday: an hour up, an hour down, rolled up; today after the watermark: ten up, read raw.
  const result = (at: number, status: 'up' | 'down') => ({ monitorId: 'api', location: 'local', at, status, latencyMs: 10, message: '', timings: null });
  const yesterday = TODAY - DAY;
  await store.results.insertMany([...Array.from({ length: 60 }, (_, i) => result(yesterday + 10 * H + i * 60_000, 'up')), ...Array.from({ length: 60 }, (_, i) => result(yesterday + 11 * H + i * 60_000, 'down'))]);
  await store.rollups.rollupHour(yesterday + 10 * H);
  await store.rollups.rollupHour(yesterday + 11 * H);
  await store.meta.set('rollup.next_hour', String(TODAY + 11 * H));
  await store.results.insertMany(Array.from({ length: 10 }, (_, i) => result(TODAY + 11 * H + 30 * 60_000 + i * 60_000, 'up')));

  await store.incidents.setServiceState({ serviceId: 'calls', at: TODAY - 3 * DAY, fromState: null, toState: 'operational', reason: 'evaluated', details: null }, TODAY - 3 * DAY);
  const reasons = { reasons: [{ code: 'member_down', en: 'calls-server-3 is down', fr: 'calls-server-3 est en panne', subject: 'calls-server-3' }] };
  await store.incidents.setServiceState({ serviceId: 'calls', at: TODAY + 6 * H, fromState: 'operational', toState: 'major_outage', reason: 'member down', details: reasons }, TODAY + 6 * H);

  const open = await store.incidents.create(draft({}), TODAY + 6 * H);
  await store.incidents.update(open.id, { status: 'acknowledged', acknowledgedAt: TODAY + 6 * H + 10 * 60_000 }, TODAY + 6 * H + 10 * 60_000);
  const entry = (kind: 'acknowledged' | 'update_public' | 'update_internal', at: number, en: string, fr: string) => store.incidents.addEntry(open.id, { at, kind, author: 'carol', text: { en, fr }, details: null });
  await entry('update_public', TODAY + 6 * H + 5 * 60_000, 'We are investigating', 'Nous recherchons la cause');
  await entry('acknowledged', TODAY + 6 * H + 10 * 60_000, 'Acknowledged by carol', 'Pris en compte par carol');
  await entry('update_public', TODAY + 6 * H + 20 * 60_000, 'Calls are disrupted in the north', 'Les appels sont perturbés dans le nord');
  await entry('update_internal', TODAY + 6 * H + 25 * 60_000, 'restart calls-server-3', 'redémarrer calls-server-3');

  const past = await store.incidents.create(draft({ severity: 'SEV2', serviceId: null, rootCause: { kind: 'monitor', id: 'api' }, affected: ['monitor:api'], firstFailureAt: NOW - 10 * DAY, openedAt: NOW - 10 * DAY }), NOW - 10 * DAY);
  await store.incidents.update(past.id, { status: 'resolved', resolvedAt: NOW - 10 * DAY + H }, NOW - 10 * DAY + H);
  const old = await store.incidents.create(draft({ openedAt: NOW - 200 * DAY, firstFailureAt: NOW - 200 * DAY }), NOW - 200 * DAY);
  await store.incidents.update(old.id, { status: 'resolved', resolvedAt: NOW - 199 * DAY }, NOW - 199 * DAY);
  await store.incidents.create(draft({ serviceId: 'other', affected: ['service:other'] }), NOW - H);
  // `_` is a LIKE wildcard: "webx1" matches the pattern of "web_1" and must be filtered out.
  await store.incidents.create(draft({ serviceId: 'webx1', affected: ['service:webx1'] }), NOW - H);
  return { open: open.id, past: past.id };
}

for (const dialect of DIALECTS) {
  describe(`status snapshot from the store (${dialect})`, async () => {
    const available = await dialectAvailable(dialect, 'status snapshot tests');
    if (!available) {
      it.skip('PostgreSQL not reachable', () => {});
      return;
    }
    const db = withStore(dialect);

    it('builds every page from batched reads, with public facts only', async () => {
      const ids = await seed(db.store);
      const builder = new SnapshotBuilder(db.store);
      const snapshots = await builder.build(config, windows, NOW);
      const page = snapshots.get('public')!;
      const byName = new Map(page.components.map((c) => [c.name.en, c]));

      expect(page.components.map((c) => [c.name.en, c.state])).toEqual([
        ['Emergency calls', 'major_outage'],
        ['Website', 'operational'],
        ['Public API', 'degraded_performance'],
        ['Web', 'under_maintenance'],
      ]);
      expect(byName.get('Web')!.since).toBe(Date.parse('2026-06-15T11:00:00Z'));
      expect(page.groups).toEqual([expect.objectContaining({ name: { en: 'Interfaces', fr: 'Interfaces' }, state: 'degraded_performance' })]);
      expect(page).toMatchObject({ state: 'major_outage', indicator: 'critical', builtAt: NOW, stale: null });
      expect(page.components.every((c) => c.details === null)).toBe(true);

      // Uptime: the service from its history, the monitor from rollups and raw results.
      const calls = byName.get('Emergency calls')!;
      expect(calls.days).toHaveLength(90);
      expect(calls.days.slice(-5).map((d) => d.ratio)).toEqual([null, 1, 1, 1, 0.5]);
      expect(calls.days.at(-1)).toEqual({ day: TODAY, ratio: 0.5, partialMinutes: 0, majorMinutes: 360 });
      const api = byName.get('Public API')!;
      expect(api.days.at(-2)).toEqual({ day: TODAY - DAY, ratio: 0.5, partialMinutes: 0, majorMinutes: 60 });
      expect(api.days.at(-1)!.ratio).toBe(1);
      expect(api.days.at(-3)!.ratio).toBeNull();
      expect(api.uptime).toBeCloseTo(70 / 130);

      // Incidents: the open one with its public updates, the resolved one in the history.
      expect(page.incidents).toHaveLength(1);
      const open = page.incidents[0]!;
      expect(open).toMatchObject({ id: ids.open, status: 'identified', impact: 'critical', title: { en: 'Emergency calls: major outage', fr: 'Appels d’urgence : panne majeure' }, componentIds: [calls.id], updateOverdue: true, lastUpdateAt: TODAY + 6 * H + 20 * 60_000 });
      expect(open.updates.map((u) => [u.text.en, u.status])).toEqual([['Calls are disrupted in the north', 'identified'], ['We are investigating', 'investigating']]);
      expect(page.history.map((i) => [i.id, i.title.en, i.status])).toEqual([[ids.past, 'Public API: major outage', 'resolved']]);
      const text = JSON.stringify(page, (key, value) => (key === 'ref' || key === 'page' ? undefined : value));
      for (const secret of ['calls-server-3', '10.1.2.', 'ECONNREFUSED', 'restart', 'webx1', 'slow: 2300']) expect(text, secret).not.toContain(secret);

      // Maintenance: in progress on the web monitor, the Sunday windows of the next 30 days.
      expect(page.maintenances.map((m) => [m.title.en, m.status, new Date(m.scheduledFor).toISOString().slice(0, 10)])).toEqual([
        ['Web server swap', 'in_progress', '2026-06-15'],
        ['Scheduled maintenance', 'scheduled', '2026-06-21'],
        ['Scheduled maintenance', 'scheduled', '2026-06-28'],
        ['Scheduled maintenance', 'scheduled', '2026-07-05'],
        ['Scheduled maintenance', 'scheduled', '2026-07-12'],
      ]);
      expect(page.updatedAt).toBe(Date.parse('2026-06-15T11:00:00Z'));

      // The page that shows details, in another zone with a shorter bar.
      const ops = snapshots.get('ops')!;
      expect(ops.components[0]!.details).toEqual({ en: 'calls-server-3 is down', fr: 'calls-server-3 est en panne' });
      expect(ops.incidents[0]!.title.en).toBe('calls-server-3 down at 10.1.2.3');
      expect(ops.components.every((c) => c.days.length === 7)).toBe(true);
      expect(ops.components[0]!.days.at(-1)!.day).toBe(Date.parse('2026-06-14T13:00:00Z'));
    });

    it('keeps finished days of the monitor bars between builds and reads today again', async () => {
      const builder = new SnapshotBuilder(db.store);
      const first = (await builder.build(config, windows, NOW)).get('public')!.components.find((c) => c.name.en === 'Public API')!;
      // The rollups of yesterday are gone: a kept day does not need them; today's new results count.
      await db.store.rollups.prune(NOW);
      await db.store.results.insertMany(Array.from({ length: 10 }, (_, i) => ({ monitorId: 'api', location: 'local', at: TODAY + 11 * H + 45 * 60_000 + i * 1000, status: 'down' as const, latencyMs: 10, message: '', timings: null })));
      const second = (await builder.build(config, windows, NOW)).get('public')!.components.find((c) => c.name.en === 'Public API')!;
      expect(second.days.at(-2)).toEqual(first.days.at(-2));
      expect(second.days.at(-1)!.ratio).toBe(0.5);
      // A builder without kept days reads the store again: yesterday has no data now.
      const fresh = (await new SnapshotBuilder(db.store).build(config, windows, NOW)).get('public')!.components.find((c) => c.name.en === 'Public API')!;
      expect(fresh.days.at(-2)!.ratio).toBeNull();
    });
  });
}
