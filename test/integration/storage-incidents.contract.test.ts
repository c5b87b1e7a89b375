/** The incidents repository (service states, incidents, timelines, API maintenance windows) on both dialects. */
import { describe, expect, it } from 'vitest';
import { DIALECTS, dialectAvailable, withStore } from '../helpers/databases.js';
import type { IncidentDraft } from '../../src/incidents/incident.types.js';
import type { Store } from '../../src/storage/store.js';

const T0 = Date.UTC(2026, 10, 23, 16, 0);

function draft(overrides: Partial<IncidentDraft> = {}): IncidentDraft {
  return {
    source: 'auto', status: 'open', severity: 'SEV3',
    title: { en: 'Emergency calls: degraded performance', fr: 'Appels d’urgence : performances dégradées' },
    summary: null, serviceId: 'emergency-calls', rootCause: { kind: 'service', id: 'emergency-calls' },
    affected: ['service:emergency-calls', 'monitor:call-server-1'], commonMode: false,
    firstFailureAt: T0 - 3000, openedAt: T0, lastFailureAt: T0,
    ...overrides,
  };
}

async function monitorWithTransitions(store: Store, id: string, states: Array<['up' | 'down', number]>): Promise<void> {
  await store.monitors.upsert({ id, name: id, type: 'tcp', source: 'api', input: { id }, tags: [], paused: false }, T0);
  let previous: 'up' | 'down' | 'pending' = 'pending';
  for (const [state, at] of states) {
    const s = { state, since: at, pendingStatus: null, pendingCount: 0, recentChanges: [], flapping: false, lastResultAt: at, lastStatus: state, lastMessage: null, lastLatencyMs: null, lastDetails: null };
    await store.states.commitTransition(id, s, [{ monitorId: id, at, kind: 'state', fromState: previous, toState: state, eventType: null, reason: state, details: null }], at);
    previous = state;
  }
}

for (const dialect of DIALECTS) {
  describe(`incidents storage (${dialect})`, async () => {
    const available = await dialectAvailable(dialect, 'incidents storage contract tests');
    if (!available) {
      it.skip('PostgreSQL not reachable', () => {});
      return;
    }
    const fixture = withStore(dialect);

    it('stores a service state with its history, newest first', async () => {
      const { store } = fixture;
      await store.incidents.setServiceState({ serviceId: 'auth', at: T0, fromState: null, toState: 'operational', reason: 'every member is healthy', details: null }, T0);
      await store.incidents.setServiceState({ serviceId: 'auth', at: T0 + 1000, fromState: 'operational', toState: 'major_outage', reason: 'dc-1 is down', details: { reasons: [{ code: 'member_down' }] } }, T0 + 1000);
      expect(await store.incidents.serviceStates()).toEqual([{ serviceId: 'auth', state: 'major_outage', since: T0 + 1000, details: { reasons: [{ code: 'member_down' }] }, updatedAt: T0 + 1000 }]);
      const history = await store.incidents.serviceHistory('auth', 10);
      expect(history.map((h) => `${h.fromState}→${h.toState}`)).toEqual(['operational→major_outage', 'null→operational']);
      expect(history[0]!.reason).toBe('dc-1 is down');
    });

    it('gives the history that shapes a span: the state in force before it, then the changes inside, oldest first', async () => {
      const { store } = fixture;
      const change = (at: number, fromState: string | null, toState: string) => store.incidents.setServiceState({ serviceId: 'mail', at, fromState, toState, reason: toState, details: null }, at);
      await change(T0 - 10_000, null, 'operational');
      await change(T0 - 5000, 'operational', 'partial_outage');
      await change(T0 + 1000, 'partial_outage', 'operational');
      await change(T0 + 2000, 'operational', 'major_outage');
      await change(T0 + 9000, 'major_outage', 'operational');
      await store.incidents.setServiceState({ serviceId: 'other', at: T0 + 1500, fromState: null, toState: 'major_outage', reason: 'x', details: null }, T0);
      const span = await store.incidents.serviceHistoryBetween('mail', T0, T0 + 9000);
      expect(span.map((c) => [c.at - T0, c.toState])).toEqual([[-5000, 'partial_outage'], [1000, 'operational'], [2000, 'major_outage']]);
      expect(await store.incidents.serviceHistoryBetween('mail', T0 - 20_000, T0 - 10_000)).toEqual([]);
      expect((await store.incidents.serviceHistoryBetween('nothing', T0, T0 + 1)).length).toBe(0);
    });

    it('creates, reads, updates and lists incidents with filters and pagination', async () => {
      const { store } = fixture;
      const first = await store.incidents.create(draft(), T0);
      expect(first).toMatchObject({ ...draft(), reopened: 0, acknowledgedAt: null, resolvedAt: null, recoveredAt: null, updatedAt: T0 });
      expect(await store.incidents.get(first.id)).toEqual(first);
      const second = await store.incidents.create(draft({ severity: 'SEV1', serviceId: 'authentication', rootCause: { kind: 'service', id: 'authentication' }, affected: ['service:authentication', 'service:branch-operations'], openedAt: T0 + 60_000 }), T0 + 60_000);
      const manual = await store.incidents.create(draft({ source: 'manual', serviceId: null, rootCause: null, affected: [], openedAt: T0 + 120_000 }), T0 + 120_000);
      const updated = await store.incidents.update(first.id, { status: 'acknowledged', acknowledgedAt: T0 + 5000, commonMode: true, summary: { en: '4 of 6', fr: '4 sur 6' }, affected: ['service:emergency-calls'] }, T0 + 5000);
      expect(updated).toMatchObject({ status: 'acknowledged', acknowledgedAt: T0 + 5000, commonMode: true, summary: { en: '4 of 6', fr: '4 sur 6' }, affected: ['service:emergency-calls'], updatedAt: T0 + 5000 });
      expect(await store.incidents.update(99_999, { status: 'resolved' }, T0)).toBeUndefined();

      const all = await store.incidents.list({}, { limit: 2, offset: 0 });
      expect(all.total).toBe(3);
      expect(all.items.map((i) => i.id)).toEqual([manual.id, second.id]);
      expect((await store.incidents.list({}, { limit: 2, offset: 2 })).items.map((i) => i.id)).toEqual([first.id]);
      expect((await store.incidents.list({ status: ['acknowledged'] }, { limit: 10, offset: 0 })).items.map((i) => i.id)).toEqual([first.id]);
      expect((await store.incidents.list({ severity: ['SEV1', 'SEV2'] }, { limit: 10, offset: 0 })).items.map((i) => i.id)).toEqual([second.id]);
      // By service: the incident about it, and the one that folds it in (a dependant).
      expect((await store.incidents.list({ service: 'branch-operations' }, { limit: 10, offset: 0 })).items.map((i) => i.id)).toEqual([second.id]);
      expect((await store.incidents.list({ service: 'branch' }, { limit: 10, offset: 0 })).total).toBe(0);
      expect((await store.incidents.active()).map((i) => i.id)).toEqual([first.id, second.id, manual.id]);

      await store.incidents.update(second.id, { status: 'resolved', resolvedAt: T0 + 600_000 }, T0 + 600_000);
      expect((await store.incidents.resolvedSince(T0 + 599_000)).map((i) => i.id)).toEqual([second.id]);
      expect(await store.incidents.resolvedSince(T0 + 601_000)).toEqual([]);
    });

    it('keeps a timeline in time order and records an entry with a dedup key only once', async () => {
      const { store } = fixture;
      const incident = await store.incidents.create(draft(), T0);
      const entry = { at: T0 + 2000, kind: 'monitor_state' as const, author: 'vigie', text: { en: 'down', fr: 'en panne' }, details: { transitionId: 7 }, dedupKey: 't:7' };
      expect(await store.incidents.addEntry(incident.id, entry)).toBe(true);
      expect(await store.incidents.addEntry(incident.id, entry)).toBe(false);
      expect(await store.incidents.addEntry(incident.id, { at: T0 + 1000, kind: 'first_failure', author: null, text: { en: 'first', fr: 'premier' }, details: null })).toBe(true);
      // Entries without a key (notes) are never merged.
      const note = { at: T0 + 3000, kind: 'update_internal' as const, author: 'alice', text: { en: 'on it', fr: 'on s’en occupe' }, details: null };
      expect(await store.incidents.addEntry(incident.id, note)).toBe(true);
      expect(await store.incidents.addEntry(incident.id, note)).toBe(true);
      const timeline = await store.incidents.timeline(incident.id);
      expect(timeline.map((e) => e.kind)).toEqual(['first_failure', 'monitor_state', 'update_internal', 'update_internal']);
      expect(timeline[1]).toMatchObject({ incidentId: incident.id, at: T0 + 2000, author: 'vigie', text: { en: 'down', fr: 'en panne' }, details: { transitionId: 7 } });
    });

    it('gives each monitor’s state as of a transition id', async () => {
      const { store } = fixture;
      await monitorWithTransitions(store, 'm1', [['up', T0], ['down', T0 + 1000], ['up', T0 + 2000]]);
      await monitorWithTransitions(store, 'm2', [['up', T0 + 500]]);
      const all = await store.transitions.list({}, { limit: 100 });
      const m1Down = all.items.find((t) => t.monitorId === 'm1' && t.toState === 'down')!;
      const asOf = await store.incidents.monitorStatesAt(m1Down.id);
      expect(asOf.find((m) => m.monitorId === 'm1')).toEqual({ monitorId: 'm1', state: 'down', since: T0 + 1000 });
      const latest = await store.incidents.monitorStatesAt(Number.MAX_SAFE_INTEGER);
      expect(latest.filter((m) => m.monitorId.startsWith('m')).sort((a, b) => a.monitorId.localeCompare(b.monitorId))).toEqual([
        { monitorId: 'm1', state: 'up', since: T0 + 2000 },
        { monitorId: 'm2', state: 'up', since: T0 + 500 },
      ]);
      expect(await store.incidents.monitorStatesAt(0)).toEqual([]);
    });

    it('keeps every write of an atomic batch, cursor included, or none of them', async () => {
      const { store } = fixture;
      await monitorWithTransitions(store, 'batch-dc', [['down', T0], ['up', T0 + 1000]]);
      const { cursor, items } = await store.transitions.claim('atomic-test', 10);
      const last = items.at(-1)!.id;
      // A batch that fails after writing: nothing of it is kept, the cursor has not moved.
      await expect(
        store.incidents.atomically(async (tx) => {
          const incident = await tx.incidents.create(draft({ title: { en: 'rolled back', fr: 'annulé' } }), T0);
          await tx.incidents.addEntry(incident.id, { at: T0, kind: 'opened', author: 'engine', text: { en: 'o', fr: 'o' }, details: null, dedupKey: 'opened' });
          await tx.incidents.setServiceState({ serviceId: 'batch-svc', at: T0, fromState: null, toState: 'major_outage', reason: 'x', details: null }, T0);
          expect(await tx.transitions.ack('atomic-test', cursor, last, T0)).toBe(true);
          expect((await tx.results.list('batch-dc', { limit: 1 })).items).toEqual([]);
          throw new Error('the batch failed');
        }),
      ).rejects.toThrow('the batch failed');
      expect((await store.incidents.list({}, { limit: 50, offset: 0 })).items.map((i) => i.title.en)).not.toContain('rolled back');
      expect((await store.incidents.serviceStates()).map((s) => s.serviceId)).not.toContain('batch-svc');
      expect((await store.transitions.claim('atomic-test', 10)).cursor).toBe(cursor);
      // The same batch again, completed: everything is kept together.
      const kept = await store.incidents.atomically(async (tx) => {
        const incident = await tx.incidents.create(draft({ title: { en: 'kept', fr: 'gardé' } }), T0);
        await tx.incidents.setServiceState({ serviceId: 'batch-svc', at: T0, fromState: null, toState: 'major_outage', reason: 'x', details: null }, T0);
        expect(await tx.transitions.ack('atomic-test', cursor, last, T0)).toBe(true);
        return incident.id;
      });
      expect((await store.incidents.get(kept))?.title.en).toBe('kept');
      expect((await store.incidents.serviceStates()).find((s) => s.serviceId === 'batch-svc')?.state).toBe('major_outage');
      expect((await store.transitions.claim('atomic-test', 10)).cursor).toBe(last);
    });

    it('creates, replaces, lists and deletes API maintenance windows', async () => {
      const { store } = fixture;
      const definition = { id: 'patch-tuesday', services: ['authentication'], start: '2026-12-01T22:00', end: '2026-12-01T23:00', time_zone: 'Pacific/Noumea' };
      expect(await store.incidents.putWindow('patch-tuesday', definition, T0)).toEqual({ id: 'patch-tuesday', definition, createdAt: T0, updatedAt: T0 });
      const replaced = await store.incidents.putWindow('patch-tuesday', { ...definition, end: '2026-12-02T00:00' }, T0 + 1000);
      expect(replaced).toMatchObject({ createdAt: T0, updatedAt: T0 + 1000, definition: { end: '2026-12-02T00:00' } });
      expect((await store.incidents.listWindows()).map((w) => w.id)).toEqual(['patch-tuesday']);
      expect(await store.incidents.getWindow('nope')).toBeUndefined();
      expect(await store.incidents.removeWindow('patch-tuesday')).toBe(true);
      expect(await store.incidents.removeWindow('patch-tuesday')).toBe(false);
      expect(await store.incidents.listWindows()).toEqual([]);
    });
  });
}
