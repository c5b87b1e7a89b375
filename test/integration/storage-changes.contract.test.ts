/** The changes repository (changes, rollouts, rollout timelines) and migration 0009 on both dialects. */
import { describe, expect, it } from 'vitest';
import type { ChangeDraft, RolloutDraft, RolloutEventDraft } from '../../src/changes/changes.types.js';
import { DuplicateRolloutError } from '../../src/storage/changes.repository.js';
import type { Store } from '../../src/storage/store.js';
import { DIALECTS, dialectAvailable, withStore } from '../helpers/databases.js';

const T0 = Date.UTC(2026, 10, 23, 16, 0);
const MIN = 60_000;
const DAY = 86_400_000;

let serial = 0;
/** A key no other test of the file uses (the tests of a dialect share one database). */
const unique = (prefix: string) => `${prefix}-${++serial}`;
/** A time window no other test of the file uses, so unfiltered lists see only this test's changes. */
const window = () => T0 + ++serial * DAY;

const change = (over: Partial<ChangeDraft> = {}): ChangeDraft => ({
  summary: 'KB5009557 installed on dc-1',
  source: 'wsus.corp',
  kind: 'patch',
  externalRef: 'KB5009557',
  at: T0,
  links: [{ href: 'https://support.example.test/kb5009557', text: 'KB5009557 — mise à jour' }, { href: 'https://ci.example.test/run/42' }],
  details: { reboot: true, build: { id: 42, labels: ['été', 'ünïcode'] }, none: null },
  targets: { monitors: ['dc-1'], services: ['directory'], tags: ['site:paris'], hosts: ['dc-*.corp'] },
  origin: 'api',
  transitionId: null,
  rolloutId: null,
  ring: null,
  author: 'alice',
  ...over,
});

const rollout = (over: Partial<RolloutDraft> = {}): RolloutDraft => ({
  id: unique('kb5009557-dc'),
  title: 'KB5009557 on the domain controllers',
  changeKind: 'patch',
  externalRef: 'KB5009557',
  rings: [
    { name: 'first domain controller', monitors: ['dc-1'], services: [], tags: [], soakMs: 30 * MIN },
    { name: null, monitors: ['dc-2', 'dc-3'], services: ['directory'], tags: ['site:lyon'], soakMs: 2 * 60 * MIN },
  ],
  guard: { incidents: true, crisis: false, freezes: true, services: ['emergency-calls'] },
  author: 'bérénice',
  ...over,
});

const event = (rolloutId: string, at: number, over: Partial<RolloutEventDraft> = {}): RolloutEventDraft => ({
  rolloutId,
  at,
  kind: 'decision',
  ring: 1,
  decision: 'no-go',
  text: { en: 'No-go: ring 0 is soaking', fr: 'Refus : l’anneau 0 est en observation' },
  details: { remainingMs: 60_000 },
  author: null,
  ...over,
});

for (const dialect of DIALECTS) {
  describe(`changes storage (${dialect})`, async () => {
    const available = await dialectAvailable(dialect, 'changes storage contract tests');
    if (!available) {
      it.skip('PostgreSQL not reachable', () => {});
      return;
    }
    const fixture = withStore(dialect);
    /** Another process on PostgreSQL; on SQLite the same store (one process serialises its transactions, and SQLite's writers are serialised by `begin immediate`). */
    const concurrent = async (): Promise<Store> => (dialect === 'postgres' ? fixture.openAnother() : fixture.store);

    it('stores a change as given and reads it back; an unknown id reads as undefined', async () => {
      const { store } = fixture;
      const draft = change({ at: window() });
      const stored = await store.changes.insert(draft, T0 + 5);
      expect(stored).toEqual({ ...draft, id: stored.id, rolledBackAt: null, rolledBackBy: null, rollbackNote: null, createdAt: T0 + 5 });
      expect(await store.changes.get(stored.id)).toEqual(stored);
      expect(await store.changes.get(stored.id + 1_000_000)).toBeUndefined();
    });

    it('lists newest first by time then id, within [from, to), by kind, up to the limit', async () => {
      const { store } = fixture;
      const t = window();
      const a = await store.changes.insert(change({ at: t, summary: 'a' }), T0);
      const b = await store.changes.insert(change({ at: t + 2 * MIN, summary: 'b', kind: 'config' }), T0);
      const c = await store.changes.insert(change({ at: t + MIN, summary: 'c' }), T0);
      const d = await store.changes.insert(change({ at: t + MIN, summary: 'd', kind: 'config' }), T0); // same time as c, later id
      const range = { from: t, to: t + DAY };
      const ids = async (filter: Parameters<Store['changes']['list']>[0], limit = 50) => (await store.changes.list(filter, limit)).map((x) => x.id);
      expect(await ids(range)).toEqual([b.id, d.id, c.id, a.id]);
      expect(await ids(range, 2)).toEqual([b.id, d.id]);
      expect(await ids({ from: t + MIN, to: t + 2 * MIN })).toEqual([d.id, c.id]); // from inclusive, to exclusive
      expect(await ids({ ...range, kind: 'config' })).toEqual([b.id, d.id]);
      expect(await ids({ ...range, kind: 'dns' })).toEqual([]);
      expect((await store.changes.list({ from: t + 2 * MIN, to: t + DAY }, 10)).map((x) => x.summary)).toEqual(['b']);
    });

    it('filters by monitor id exactly: dc-1 is not dc-10 nor a service or tag named dc-1', async () => {
      const { store } = fixture;
      const t = window();
      const one = 'dc-1'; // other tests name dc-1 too, at other times: the time window keeps them out
      const targets = (monitors: string[], over: Partial<ChangeDraft['targets']> = {}) => ({ monitors, services: [], tags: [], hosts: [], ...over });
      const onOne = await store.changes.insert(change({ at: t, targets: targets([one]) }), T0);
      await store.changes.insert(change({ at: t + 1, targets: targets([`${one}0`]) }), T0);
      const onBoth = await store.changes.insert(change({ at: t + 2, targets: targets([`${one}0`, one, one]) }), T0);
      await store.changes.insert(change({ at: t + 3, targets: targets([], { services: [one], tags: [one], hosts: [one] }) }), T0);
      await store.changes.insert(change({ at: t + 4, targets: targets([`"${one}"`, `x${one}`, one.toUpperCase()]) }), T0);
      const range = { from: t, to: t + DAY };
      expect((await store.changes.list({ ...range, monitorId: one }, 10)).map((x) => x.id)).toEqual([onBoth.id, onOne.id]);
      expect((await store.changes.list({ ...range, monitorId: `${one}0` }, 10)).map((x) => x.targets.monitors)).toEqual([[`${one}0`, one, one], [`${one}0`]]);
      expect(await store.changes.list({ ...range, monitorId: one.slice(0, -1) }, 10)).toEqual([]);
      expect(await store.changes.list({ ...range, monitorId: '%' }, 10)).toEqual([]);
      // The limit applies after the monitor filter: the newest change naming the monitor comes back, not an empty page.
      expect((await store.changes.list({ ...range, monitorId: one }, 1)).map((x) => x.id)).toEqual([onBoth.id]);
    });

    it('filters by rollout, and combines filters', async () => {
      const { store } = fixture;
      const t = window();
      const r = await store.changes.createRollout(rollout(), T0);
      const other = await store.changes.createRollout(rollout(), T0);
      const ring0 = await store.changes.insert(change({ at: t, rolloutId: r.id, ring: 0, kind: 'patch' }), T0);
      const ring1 = await store.changes.insert(change({ at: t + MIN, rolloutId: r.id, ring: 1, kind: 'patch', targets: { monitors: ['dc-2', 'dc-3'], services: [], tags: [], hosts: [] } }), T0);
      await store.changes.insert(change({ at: t + 2 * MIN, rolloutId: other.id, ring: 0 }), T0);
      await store.changes.insert(change({ at: t + 3 * MIN }), T0);
      expect((await store.changes.list({ rolloutId: r.id }, 10)).map((x) => [x.id, x.rolloutId, x.ring])).toEqual([
        [ring1.id, r.id, 1],
        [ring0.id, r.id, 0],
      ]);
      expect((await store.changes.list({ rolloutId: r.id, monitorId: 'dc-3' }, 10)).map((x) => x.id)).toEqual([ring1.id]);
      expect((await store.changes.list({ rolloutId: r.id, from: t + 1, to: t + DAY, kind: 'patch' }, 10)).map((x) => x.id)).toEqual([ring1.id]);
      expect(await store.changes.list({ rolloutId: unique('no-such-rollout') }, 10)).toEqual([]);
    });

    it('stores a change of a transition once: a second insert, even concurrent, returns the first', async () => {
      const { store } = fixture;
      const t = window();
      const transitionId = 1_000_000 + ++serial;
      const first = await store.changes.insert(change({ at: t, origin: 'check', kind: 'dns', transitionId, summary: 'first', author: 'vigie' }), T0);
      const again = await store.changes.insert(change({ at: t + MIN, origin: 'check', kind: 'dns', transitionId, summary: 'second', author: 'vigie', targets: { monitors: ['elsewhere'], services: [], tags: [], hosts: [] } }), T0 + 1);
      expect(again).toEqual(first);
      expect(first).toMatchObject({ summary: 'first', transitionId, origin: 'check', createdAt: T0 });
      expect(await store.changes.list({ monitorId: 'elsewhere', from: t, to: t + DAY }, 10)).toEqual([]);

      const raced = 2_000_000 + ++serial;
      const other = await concurrent();
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? store : other).changes.insert(change({ at: t + 2 * MIN, origin: 'check', transitionId: raced, summary: `racer ${i}` }), T0)),
      );
      expect(new Set(results.map((r) => r.id)).size).toBe(1);
      expect((await store.changes.list({ from: t + 2 * MIN, to: t + 2 * MIN + 1 }, 10)).map((x) => x.id)).toEqual([results[0]!.id]);

      // Changes without a transition are never taken for one another.
      const a = await store.changes.insert(change({ at: t + 3 * MIN }), T0);
      const b = await store.changes.insert(change({ at: t + 3 * MIN }), T0);
      expect(a.id).not.toBe(b.id);
      expect([a.transitionId, b.transitionId]).toEqual([null, null]);
    });

    it('rolls a change back once: a second rollback keeps the first; an unknown change is undefined', async () => {
      const { store } = fixture;
      const stored = await store.changes.insert(change({ at: window() }), T0);
      const rolled = await store.changes.rollBack(stored.id, 'chloé', 'Reboot loop on dc-1 — retour arrière', T0 + MIN);
      expect(rolled).toEqual({ ...stored, rolledBackAt: T0 + MIN, rolledBackBy: 'chloé', rollbackNote: 'Reboot loop on dc-1 — retour arrière' });
      expect(await store.changes.rollBack(stored.id, 'dan', null, T0 + 2 * MIN)).toEqual(rolled);
      expect(await store.changes.get(stored.id)).toEqual(rolled);
      expect(await store.changes.rollBack(stored.id + 1_000_000, 'dan', null, T0)).toBeUndefined();
      const noNote = await store.changes.insert(change({ at: window() }), T0);
      expect(await store.changes.rollBack(noNote.id, 'dan', null, T0 + 3)).toMatchObject({ rolledBackAt: T0 + 3, rolledBackBy: 'dan', rollbackNote: null });
    });

    it('creates a rollout as given, active; refuses a second one with the same id, even concurrent', async () => {
      const { store } = fixture;
      const draft = rollout();
      const created = await store.changes.createRollout(draft, T0);
      expect(created).toEqual({ ...draft, status: 'active', createdAt: T0, updatedAt: T0 });
      expect(await store.changes.getRollout(draft.id)).toEqual(created);
      expect(await store.changes.getRollout(unique('no-such-rollout'))).toBeUndefined();

      const error = await store.changes.createRollout({ ...draft, title: 'another' }, T0 + 1).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DuplicateRolloutError);
      expect(error).toMatchObject({ rolloutId: draft.id, text: { en: expect.stringContaining(draft.id), fr: expect.stringContaining(draft.id) } });
      expect(await store.changes.getRollout(draft.id)).toEqual(created);

      const raced = rollout();
      const other = await concurrent();
      const outcomes = await Promise.allSettled([store.changes.createRollout(raced, T0), other.changes.createRollout({ ...raced, title: 'racer' }, T0)]);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const [rejected] = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(rejected?.reason).toBeInstanceOf(DuplicateRolloutError);
    });

    it('changes a rollout status; an unknown rollout is undefined', async () => {
      const { store } = fixture;
      const created = await store.changes.createRollout(rollout(), T0);
      expect(await store.changes.setRolloutStatus(created.id, 'completed', T0 + MIN)).toEqual({ ...created, status: 'completed', updatedAt: T0 + MIN });
      expect(await store.changes.getRollout(created.id)).toMatchObject({ status: 'completed', createdAt: T0, updatedAt: T0 + MIN });
      expect(await store.changes.setRolloutStatus(unique('no-such-rollout'), 'aborted', T0)).toBeUndefined();
    });

    it('appends to a timeline oldest first, merging a repeat of the newest line only', async () => {
      const { store } = fixture;
      const { id } = await store.changes.createRollout(rollout(), T0);
      const { id: otherId } = await store.changes.createRollout(rollout(), T0);
      const created = await store.changes.appendEvent({ rolloutId: id, at: T0, kind: 'created', ring: null, decision: null, text: { en: 'Rollout created', fr: 'Déploiement créé' }, details: null, author: 'bérénice' });
      expect(created).toEqual({ id: created.id, rolloutId: id, at: T0, lastAt: T0, count: 1, kind: 'created', ring: null, decision: null, text: { en: 'Rollout created', fr: 'Déploiement créé' }, details: null, author: 'bérénice' });

      const first = await store.changes.appendEvent(event(id, T0 + 30_000), 'no-go:ring_soaking');
      await store.changes.appendEvent(event(otherId, T0 + 40_000), 'no-go:ring_soaking'); // another rollout's timeline
      const second = await store.changes.appendEvent(event(id, T0 + 60_000, { details: { remainingMs: 30_000 } }), 'no-go:ring_soaking');
      expect(second).toEqual({ ...first, lastAt: T0 + 60_000, count: 2 });
      const third = await store.changes.appendEvent(event(id, T0 + 90_000), 'no-go:ring_soaking');
      expect(third).toMatchObject({ id: first.id, at: T0 + 30_000, lastAt: T0 + 90_000, count: 3 });

      const go = await store.changes.appendEvent(event(id, T0 + 120_000, { decision: 'go', text: { en: 'Go', fr: 'Feu vert' }, details: null }), 'go');
      const noGoAgain = await store.changes.appendEvent(event(id, T0 + 150_000), 'no-go:ring_soaking'); // not the newest line any more: a new one
      expect(noGoAgain.id).not.toBe(first.id);
      expect(noGoAgain).toMatchObject({ count: 1, at: T0 + 150_000, lastAt: T0 + 150_000 });
      const plain1 = await store.changes.appendEvent(event(id, T0 + 160_000, { kind: 'status', decision: null }));
      const plain2 = await store.changes.appendEvent(event(id, T0 + 170_000, { kind: 'status', decision: null }));
      expect(plain2.id).not.toBe(plain1.id); // without a key, never merged

      const timeline = await store.changes.events(id);
      expect(timeline.map((e) => [e.id, e.kind, e.decision, e.count, e.lastAt])).toEqual([
        [created.id, 'created', null, 1, T0],
        [first.id, 'decision', 'no-go', 3, T0 + 90_000],
        [go.id, 'decision', 'go', 1, T0 + 120_000],
        [noGoAgain.id, 'decision', 'no-go', 1, T0 + 150_000],
        [plain1.id, 'status', null, 1, T0 + 160_000],
        [plain2.id, 'status', null, 1, T0 + 170_000],
      ]);
      expect(timeline[1]).toEqual(third);
      expect((await store.changes.events(otherId)).map((e) => e.count)).toEqual([1]);
      expect(await store.changes.events(unique('no-such-rollout'))).toEqual([]);
      await expect(store.changes.appendEvent(event(unique('no-such-rollout'), T0))).rejects.toThrow(/no rollout/);
    });

    it('merges repeats appended at once by two writers into one line', async () => {
      const { store } = fixture;
      const { id } = await store.changes.createRollout(rollout(), T0);
      const other = await concurrent();
      const appended = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? store : other).changes.appendEvent(event(id, T0 + i * 30_000), 'no-go:ring_soaking')));
      expect(appended.map((e) => e.count).sort((x, y) => x - y)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
      const timeline = await store.changes.events(id);
      expect(timeline).toHaveLength(1);
      expect(timeline[0]).toMatchObject({ count: 12 });
    });

    describe('rollout lists (a database of their own)', () => {
      const own = withStore(dialect);

      it('lists rollouts newest first, by status, up to the limit', async () => {
        const { store } = own;
        const a = await store.changes.createRollout(rollout({ id: 'a-first' }), T0);
        const c = await store.changes.createRollout(rollout({ id: 'c-third' }), T0 + 2 * MIN);
        const b = await store.changes.createRollout(rollout({ id: 'b-second' }), T0 + MIN);
        expect((await store.changes.listRollouts({}, 10)).map((r) => r.id)).toEqual([c.id, b.id, a.id]);
        expect((await store.changes.listRollouts({}, 2)).map((r) => r.id)).toEqual([c.id, b.id]);
        await store.changes.setRolloutStatus(b.id, 'aborted', T0 + 3 * MIN);
        await store.changes.setRolloutStatus(a.id, 'completed', T0 + 4 * MIN);
        expect(await store.changes.listRollouts({ status: 'aborted' }, 10)).toEqual([{ ...b, status: 'aborted', updatedAt: T0 + 3 * MIN }]);
        expect((await store.changes.listRollouts({ status: 'active' }, 10)).map((r) => r.id)).toEqual([c.id]);
        expect((await store.changes.listRollouts({ status: 'completed' }, 10)).map((r) => r.id)).toEqual([a.id]);
      });
    });
  });
}
