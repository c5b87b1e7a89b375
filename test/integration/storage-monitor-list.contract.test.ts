/**
 * @module The monitor list at the storage level, on every dialect: for random monitors (paused or
 * not, with or without a state row, tags, names with LIKE wildcards and accents) and random
 * filters, the keyset pages (`after`) walked to the end give exactly the monitors an in-memory
 * model selects, in id order, with the right total; the summaries say the same as the full rows;
 * and the offset pages agree with the keyset ones.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MONITOR_STATES, type MonitorStateName } from '../../src/core/states.js';
import { initialState } from '../../src/engine/monitor-state.js';
import type { MonitorFilter, MonitorPageStart, Store } from '../../src/storage/store.js';
import { DIALECTS, dialectAvailable, withStore } from '../helpers/databases.js';

interface Model {
  id: string;
  name: string;
  type: 'http' | 'tcp';
  source: 'file' | 'api';
  tags: string[];
  paused: boolean;
  /** The stored state row's state, or null without a row. */
  stored: MonitorStateName | null;
}

const STORED = MONITOR_STATES.filter((s) => s !== 'pending');
const NAMES = ['Call server', 'call-server 2', 'Émetteur', '50%_off', 'back\\slash', 'DNS primaire', 'web'];
const TAGS = ['prod', 'web', 'sip'];

const modelArb = fc
  .uniqueArray(
    fc.record({
      id: fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,9}$/),
      name: fc.constantFrom(...NAMES),
      type: fc.constantFrom('http' as const, 'tcp' as const),
      source: fc.constantFrom('file' as const, 'api' as const),
      tags: fc.subarray(TAGS),
      paused: fc.boolean(),
      stored: fc.option(fc.constantFrom(...STORED), { nil: null }),
    }),
    { selector: (m) => m.id, minLength: 0, maxLength: 30 },
  )
  .map((ms) => ms as Model[]);

const filterArb: fc.Arbitrary<MonitorFilter> = fc.record(
  {
    state: fc.constantFrom(...MONITOR_STATES),
    type: fc.constantFrom('http', 'tcp'),
    tag: fc.constantFrom(...TAGS),
    source: fc.constantFrom('file' as const, 'api' as const),
    q: fc.constantFrom('call', 'SERVER', '%', '_', '\\', 'dns', 'x', '2'),
  },
  { requiredKeys: [] },
);

/** What the list should show as a monitor's state: paused when paused, else its row, pending without one. */
const effective = (m: Model): MonitorStateName => (m.paused ? 'paused' : (m.stored ?? 'pending'));

function selects(m: Model, f: MonitorFilter): boolean {
  const q = f.q?.toLowerCase();
  return (
    (f.state === undefined || effective(m) === f.state) &&
    (f.type === undefined || m.type === f.type) &&
    (f.tag === undefined || m.tags.includes(f.tag)) &&
    (f.source === undefined || m.source === f.source) &&
    (q === undefined || m.id.toLowerCase().includes(q) || m.name.toLowerCase().includes(q))
  );
}

/** Ids in the order the store sorts them (byte order, as SQLite and PostgreSQL's "C"-like ids compare). */
const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

async function load(store: Store, monitors: Model[], prefix: string): Promise<void> {
  for (const m of monitors) {
    await store.monitors.upsert({ id: `${prefix}${m.id}`, name: m.name, type: m.type, source: m.source, input: { id: m.id, [m.type]: {} }, tags: m.tags, paused: m.paused }, 1000);
  }
  const withRows = monitors.filter((m) => m.stored !== null);
  await store.states.saveMany(withRows.map((m) => ({ monitorId: `${prefix}${m.id}`, state: { ...initialState(), state: m.stored!, since: 5 } })), 2000);
}

async function walk(store: Store, filter: MonitorFilter, limit: number, summaries: boolean): Promise<{ ids: string[]; totals: number[]; pages: number }> {
  const ids: string[] = [];
  const totals: number[] = [];
  let start: MonitorPageStart = { limit };
  for (let pages = 1; ; pages++) {
    const page: { items: Array<{ id: string }>; total: number; next: string | null } = summaries ? await store.monitors.listSummaries(filter, start) : await store.monitors.list(filter, start);
    ids.push(...page.items.map((m) => m.id));
    totals.push(page.total);
    expect(page.items.length).toBeLessThanOrEqual(limit);
    if (page.next === null) return { ids, totals, pages };
    expect(page.next).toBe(page.items[page.items.length - 1]!.id);
    start = { limit, after: page.next };
  }
}

for (const dialect of DIALECTS) {
  describe.skipIf(!(await dialectAvailable(dialect, 'monitor list contract tests')))(`monitor list (${dialect})`, () => {
    const fixture = withStore(dialect);
    let run = 0;

    it('walks keyset pages to exactly the monitors the filters select, in id order, with the total on every page', async () => {
      await fc.assert(
        fc.asyncProperty(modelArb, filterArb, fc.integer({ min: 1, max: 7 }), async (monitors, filter, limit) => {
          // Each run has monitors of its own, under a prefix no other run's filter can reach.
          const prefix = `r${++run}z`;
          await load(fixture.store, monitors, prefix);
          const scoped = { ...filter, q: filter.q ?? prefix };
          const expected = monitors
            .map((m) => ({ ...m, id: `${prefix}${m.id}` }))
            .filter((m) => selects(m, scoped))
            .sort(byId)
            .map((m) => m.id);
          const full = await walk(fixture.store, scoped, limit, false);
          // A q other than the prefix may match other runs' monitors: keep this run's only.
          const mine = (ids: string[]) => ids.filter((id) => id.startsWith(prefix));
          expect(mine(full.ids)).toEqual(expected);
          const summaries = await walk(fixture.store, scoped, limit, true);
          expect(summaries.ids).toEqual(full.ids);
          expect(new Set(full.totals)).toEqual(new Set([full.ids.length]));
          // No empty page at the end: `next` is null as soon as nothing follows.
          expect(full.pages).toBe(Math.max(1, Math.ceil(full.ids.length / limit)));
        }),
        { numRuns: 60 },
      );
    }, 180_000);

    it('gives in a summary the same name, tags, pause and state as the full row, and no definition', async () => {
      const monitors: Model[] = [
        { id: 'a', name: 'Call server', type: 'http', source: 'api', tags: ['sip'], paused: false, stored: 'down' },
        { id: 'b', name: 'Émetteur', type: 'tcp', source: 'file', tags: [], paused: true, stored: 'up' },
        { id: 'c', name: 'web', type: 'http', source: 'api', tags: ['web', 'prod'], paused: false, stored: null },
        // Resumed, its stored state not yet rewritten: still listed as paused, like the full view says.
        { id: 'd', name: 'web', type: 'http', source: 'api', tags: [], paused: false, stored: 'paused' },
      ];
      await load(fixture.store, monitors, 'sum-');
      const full = await fixture.store.monitors.list({ q: 'sum-' }, { limit: 10 });
      const summaries = await fixture.store.monitors.listSummaries({ q: 'sum-' }, { limit: 10 });
      expect(summaries.items.map((s) => Object.keys(s).sort())).toEqual(summaries.items.map(() => ['id', 'name', 'paused', 'source', 'state', 'tags', 'type']));
      expect(summaries.items).toEqual(
        full.items.map((m) => ({
          id: m.id, name: m.name, type: m.type, source: m.source, tags: m.tags, paused: m.paused,
          state: m.state && { state: m.state.state, since: m.state.since, flapping: m.state.flapping, lastResultAt: m.state.lastResultAt, lastStatus: m.state.lastStatus, lastMessage: m.state.lastMessage, lastLatencyMs: m.state.lastLatencyMs },
        })),
      );
      expect(summaries.items.map((s) => [s.id, s.paused, s.state?.state ?? null])).toEqual([['sum-a', false, 'down'], ['sum-b', true, 'up'], ['sum-c', false, null], ['sum-d', false, 'paused']]);
      expect((await fixture.store.monitors.listSummaries({ q: 'sum-', state: 'paused' }, { limit: 10 })).items.map((s) => s.id)).toEqual(['sum-b', 'sum-d']);
      expect((await fixture.store.monitors.listSummaries({ q: 'sum-', state: 'pending' }, { limit: 10 })).items.map((s) => s.id)).toEqual(['sum-c']);
    });

    it('cuts the same pages by offset as by keyset', async () => {
      const monitors = Array.from({ length: 23 }, (_, i): Model => ({ id: `o${String(i).padStart(2, '0')}`, name: `Offset ${i}`, type: 'http', source: 'api', tags: [], paused: i % 5 === 0, stored: i % 3 === 0 ? 'down' : null }));
      await load(fixture.store, monitors, 'off-');
      for (const filter of [{ q: 'off-' }, { q: 'off-', state: 'down' as const }, { q: 'off-', state: 'pending' as const }]) {
        const keyset = await walk(fixture.store, filter, 4, false);
        const byOffset: string[] = [];
        for (let offset = 0; ; offset += 4) {
          const page = await fixture.store.monitors.list(filter, { limit: 4, offset });
          byOffset.push(...page.items.map((m) => m.id));
          if (page.next === null) break;
        }
        expect(byOffset).toEqual(keyset.ids);
        expect(keyset.ids.length).toBeGreaterThan(0);
      }
    });
  });
}
