/**
 * @module The storage contract suite: the same tests, unchanged, against every dialect
 * (SQLite in a temporary file, PostgreSQL in a schema of its own).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator, NO_MIGRATIONS, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { ResultStatus } from '../../src/core/states.js';
import { initialState, type MonitorState, type TransitionDraft } from '../../src/engine/monitor-state.js';
import { InvalidCursorError } from '../../src/storage/cursor.js';
import { staticProvider } from '../../src/storage/migrate.js';
import { MIGRATIONS } from '../../src/storage/migrations/index.js';
import { tokenNamesMigration } from '../../src/storage/migrations/0004-token-names.js';
import { openStore } from '../../src/storage/open-store.js';
import { sqliteSql } from '../../src/storage/sqlite/sqlite-sql.js';
import type { MonitorRecord, ResultRow, Store, StoredResult } from '../../src/storage/store.js';
import { DIALECTS, dialectAvailable, TEST_PG_URL, withStore } from '../helpers/databases.js';

const ALL_MIGRATIONS = Object.keys(MIGRATIONS);

const HOUR = 3_600_000;
const MIN = 60_000;

function monitor(id: string, extra: Partial<MonitorRecord> = {}): Omit<MonitorRecord, 'createdAt' | 'updatedAt'> {
  return { id, name: `Monitor ${id}`, type: 'http', source: 'api', input: { id, http: { url: 'http://127.0.0.1/' } }, tags: [], paused: false, ...extra };
}

function result(monitorId: string, at: number, status: ResultStatus = 'up', latencyMs: number | null = 10, location = 'local'): ResultRow {
  return { monitorId, location, at, status, latencyMs, message: status === 'up' ? 'ok' : `${status} for a test`, timings: null };
}

function state(extra: Partial<MonitorState> = {}): MonitorState {
  return { ...initialState(), ...extra };
}

function draft(monitorId: string, at: number, extra: Partial<TransitionDraft> = {}): TransitionDraft {
  return { monitorId, at, kind: 'state', fromState: 'up', toState: 'down', eventType: null, reason: 'down: connection refused', details: null, ...extra };
}

/** Table → column lists that must lead an index: foreign keys, and the time columns queried by. */
const REQUIRED_INDEXES: Array<[string, string[]]> = [
  ['monitors', ['deleted_at']],
  ['monitor_state', ['monitor_id']],
  ['results', ['monitor_id', 'at']],
  ['results', ['at']],
  ['result_chunks', ['monitor_id', 'last_at']],
  ['result_chunks', ['first_at']],
  ['rollups_hourly', ['monitor_id']],
  ['rollups_hourly', ['hour']],
  ['transitions', ['monitor_id', 'at']],
  ['transitions', ['at']],
  ['api_tokens', ['token_hash']],
  ['crises', ['primary_incident_id']],
  ['crisis_incidents', ['crisis_id']],
  ['crisis_deadlines', ['crisis_id']],
  ['crisis_drafts', ['crisis_id']],
  ['crisis_drafts', ['deadline_id']],
  ['api_tokens', ['name']],
  ['heartbeats', ['monitor_id', 'at']],
  ['heartbeats', ['at']],
  ['boots', ['monitor_id', 'at']],
  ['boots', ['at']],
  ['traffic_counts', ['monitor_id', 'bucket_start']],
  ['traffic_counts', ['bucket_start']],
  ['traffic_hourly', ['monitor_id', 'hour']],
  ['traffic_hourly', ['hour']],
  ['service_state_history', ['service_id', 'at']],
  ['incidents', ['status', 'resolved_at']],
  ['incidents', ['opened_at']],
  ['incident_events', ['incident_id', 'at']],
  ['monitor_state', ['state', 'monitor_id']],
];

/** The columns of every index (primary keys included), in order, per table. */
async function indexColumns(store: Store): Promise<Map<string, string[][]>> {
  const byTable = new Map<string, string[][]>();
  const add = (table: string, columns: string[]) => byTable.set(table, [...(byTable.get(table) ?? []), columns]);
  if (store.dialect === 'postgres') {
    const { rows } = await sql<{ table_name: string; columns: string[] }>`
      select t.relname as table_name, array_agg(a.attname::text order by k.ord) as columns
      from pg_index x
      join pg_class t on t.oid = x.indrelid
      join pg_namespace n on n.oid = t.relnamespace and n.nspname = current_schema()
      cross join lateral unnest(x.indkey) with ordinality as k(attnum, ord)
      join pg_attribute a on a.attrelid = t.oid and a.attnum = k.attnum
      group by t.relname, x.indexrelid`.execute(store.db);
    for (const row of rows) add(row.table_name, row.columns);
    return byTable;
  }
  const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(store.db);
  for (const { name: table } of tables.rows) {
    const list = await sql<{ name: string }>`select name from pragma_index_list(${table})`.execute(store.db);
    for (const { name: index } of list.rows) {
      const info = await sql<{ name: string }>`select name from pragma_index_info(${index}) order by seqno`.execute(store.db);
      add(table, info.rows.map((r) => r.name));
    }
    // A single-column text primary key is an automatic index; an integer one is the rowid itself.
    const pk = await sql<{ name: string }>`select name from pragma_table_info(${table}) where pk > 0 order by pk`.execute(store.db);
    if (pk.rows.length > 0) add(table, pk.rows.map((r) => r.name));
  }
  return byTable;
}

for (const dialect of DIALECTS) {
  describe.skipIf(!(await dialectAvailable(dialect, 'storage contract tests')))(`storage contract (${dialect})`, () => {
    const fixture = withStore(dialect);
    const store = () => fixture.store;

    describe('migrations and database', () => {
      it('has applied the initial migration, and migrating again applies nothing', async () => {
        expect(await store().migrate()).toEqual([]);
        expect(await store().migrate()).toEqual([]);
        const applied = await store().db.selectFrom('kysely_migration' as never).select('name' as never).execute();
        expect(applied.map((r) => (r as { name: string }).name)).toEqual(ALL_MIGRATIONS);
      });

      it('indexes every foreign key and every time column the code queries by (as the leading columns of an index)', async () => {
        const indexes = await indexColumns(store());
        const missing = REQUIRED_INDEXES.filter(([table, columns]) => !(indexes.get(table) ?? []).some((index) => columns.every((c, i) => index[i] === c)));
        expect(missing).toEqual([]);
      });

      it('reports the dialect and a positive size', async () => {
        expect(store().dialect).toBe(dialect);
        expect(await store().sizeBytes()).toBeGreaterThan(0);
      });

      it('refuses results of a monitor that was never stored (foreign keys are enforced)', async () => {
        await expect(store().results.insertMany([result('fk-never-stored', Date.UTC(2024, 5, 1))])).rejects.toThrow();
      });
    });

    describe('monitors', () => {
      it('stores a monitor and reads back its input, tags and flags', async () => {
        const input = { id: 'm-one', http: { url: 'http://127.0.0.1:8080/health', expect: { status: [200, 204] } }, tags: ['a', 'b'] };
        await store().monitors.upsert(monitor('m-one', { input, tags: ['a', 'b'], source: 'file', type: 'http' }), 1000);
        const got = await store().monitors.get('m-one');
        expect(got).toEqual({ ...monitor('m-one', { input, tags: ['a', 'b'], source: 'file' }), createdAt: 1000, updatedAt: 1000, state: null });
        expect(await store().monitors.get('m-missing')).toBeUndefined();
      });

      it('updates in place, keeping the creation time', async () => {
        await store().monitors.upsert(monitor('m-upd'), 1000);
        await store().monitors.upsert(monitor('m-upd', { name: 'Renamed', paused: true }), 2000);
        const got = await store().monitors.get('m-upd');
        expect(got).toMatchObject({ name: 'Renamed', paused: true, createdAt: 1000, updatedAt: 2000 });
      });

      it('soft-deletes a monitor, keeps its results, and revives it with its history on upsert', async () => {
        const at = Date.UTC(2024, 1, 1);
        await store().monitors.upsert(monitor('m-del'), 1000);
        await store().results.insertMany([result('m-del', at), result('m-del', at + MIN)]);
        expect(await store().monitors.remove('m-del', 2000)).toBe(true);
        expect(await store().monitors.remove('m-del', 2001)).toBe(false);
        expect(await store().monitors.remove('m-never', 2001)).toBe(false);
        expect(await store().monitors.get('m-del')).toBeUndefined();
        expect((await store().monitors.all()).map((m) => m.id)).not.toContain('m-del');
        expect(await store().results.count('m-del')).toBe(2);

        await store().monitors.upsert(monitor('m-del', { name: 'Back' }), 3000);
        expect(await store().monitors.get('m-del')).toMatchObject({ name: 'Back', createdAt: 1000, updatedAt: 3000 });
        expect((await store().monitors.all()).map((m) => m.id)).toContain('m-del');
        expect((await store().results.list('m-del', { limit: 10 })).items).toHaveLength(2);
      });

      it('pauses and resumes a live monitor', async () => {
        await store().monitors.upsert(monitor('m-pause'), 1000);
        await store().monitors.setPaused('m-pause', true, 2000);
        expect(await store().monitors.get('m-pause')).toMatchObject({ paused: true, updatedAt: 2000 });
        await store().monitors.setPaused('m-pause', false, 3000);
        expect(await store().monitors.get('m-pause')).toMatchObject({ paused: false, updatedAt: 3000 });
      });

      it('lists a monitor created paused under state "paused" before it has any state row', async () => {
        await store().monitors.upsert(monitor('m-born-paused', { type: 'born-paused', paused: true }), 1000);
        const paused = await store().monitors.list({ state: 'paused', type: 'born-paused' }, { limit: 10, offset: 0 });
        expect(paused.items.map((m) => m.id)).toEqual(['m-born-paused']);
        const pending = await store().monitors.list({ state: 'pending', type: 'born-paused' }, { limit: 10, offset: 0 });
        expect(pending.total).toBe(0);
      });

      it('filters by exact, case-sensitive tag, even with LIKE wildcards or quotes in it', async () => {
        const tags: Record<string, string[]> = {
          'tag-1': ['prod', 'web'],
          'tag-2': ['production'],
          'tag-3': ['Prod'],
          'tag-4': ['50%_off"x'],
          'tag-5': ['50xxoff"x'],
          'tag-6': ['tag\\back'],
        };
        for (const [id, t] of Object.entries(tags)) await store().monitors.upsert(monitor(id, { tags: t }), 1000);
        const ids = async (tag: string) => (await store().monitors.list({ tag }, { limit: 50, offset: 0 })).items.map((m) => m.id);
        expect(await ids('prod')).toEqual(['tag-1']);
        expect(await ids('Prod')).toEqual(['tag-3']);
        expect(await ids('web')).toEqual(['tag-1']);
        expect(await ids('50%_off"x')).toEqual(['tag-4']);
        expect(await ids('tag\\back')).toEqual(['tag-6']);
        expect(await ids('pro')).toEqual([]);
      });

      it('filters by type, source and state, and paginates by offset with the total', async () => {
        const t = ['lf-0', 'lf-1', 'lf-2', 'lf-3', 'lf-4'];
        for (const [i, id] of t.entries()) {
          await store().monitors.upsert(monitor(id, { type: i % 2 === 0 ? 'lf-tcp' : 'lf-dns', source: i < 2 ? 'file' : 'api', tags: ['lf'] }), 1000);
        }
        await store().monitors.upsert(monitor('lf-gone', { type: 'lf-tcp', tags: ['lf'] }), 1000);
        await store().monitors.remove('lf-gone', 1500);
        await store().states.saveMany([
          { monitorId: 'lf-0', state: state({ state: 'down', since: 5 }) },
          { monitorId: 'lf-1', state: state({ state: 'up', since: 5 }) },
          { monitorId: 'lf-2', state: state({ state: 'down', since: 5 }) },
        ], 2000);

        const page1 = await store().monitors.list({ tag: 'lf' }, { limit: 2, offset: 0 });
        const page3 = await store().monitors.list({ tag: 'lf' }, { limit: 2, offset: 4 });
        expect(page1).toMatchObject({ total: 5 });
        expect(page1.items.map((m) => m.id)).toEqual(['lf-0', 'lf-1']);
        expect(page3.items.map((m) => m.id)).toEqual(['lf-4']);
        expect(page3.total).toBe(5);

        const ids = async (f: Parameters<ReturnType<typeof store>['monitors']['list']>[0]) => {
          const page = await store().monitors.list({ tag: 'lf', ...f }, { limit: 50, offset: 0 });
          expect(page.total).toBe(page.items.length);
          return page.items.map((m) => m.id);
        };
        expect(await ids({ type: 'lf-tcp' })).toEqual(['lf-0', 'lf-2', 'lf-4']);
        expect(await ids({ source: 'file' })).toEqual(['lf-0', 'lf-1']);
        expect(await ids({ state: 'down' })).toEqual(['lf-0', 'lf-2']);
        expect(await ids({ state: 'pending' })).toEqual(['lf-3', 'lf-4']);
        expect(await ids({ state: 'down', type: 'lf-tcp', source: 'api' })).toEqual(['lf-2']);
        const withState = (await store().monitors.list({ tag: 'lf', state: 'up' }, { limit: 5, offset: 0 })).items[0];
        expect(withState?.state).toMatchObject({ state: 'up', since: 5 });
      });
    });

    describe('states', () => {
      it('saves many states at once and loads them back field for field', async () => {
        await store().monitors.upsert(monitor('s-a'), 1000);
        await store().monitors.upsert(monitor('s-b'), 1000);
        const a = state({
          state: 'degraded',
          since: 1_700_000_000_000,
          pendingStatus: 'down',
          pendingCount: 1,
          recentChanges: [1_699_999_000_000, 1_700_000_000_000],
          flapping: true,
          lastResultAt: 1_700_000_060_000,
          lastStatus: 'down',
          lastMessage: 'expected status 200, got 503',
          lastLatencyMs: 12.5,
          lastDetails: { answers: ['127.0.0.1'], nested: { n: 1 } },
        });
        await store().states.saveMany([{ monitorId: 's-a', state: a }, { monitorId: 's-b', state: state() }], 2000);
        let all = await store().states.loadAll();
        expect(all.get('s-a')).toEqual(a);
        expect(all.get('s-b')).toEqual(initialState());

        await store().states.saveMany([
          { monitorId: 's-b', state: state({ state: 'down', since: 1 }) },
          { monitorId: 's-b', state: state({ state: 'up', since: 2 }) },
        ], 3000);
        all = await store().states.loadAll();
        expect(all.get('s-b')).toMatchObject({ state: 'up', since: 2 });
        expect((await store().monitors.get('s-b'))?.state).toMatchObject({ state: 'up', since: 2 });
      });

      it('commits a state with its transitions, returning them with increasing ids', async () => {
        await store().monitors.upsert(monitor('s-commit'), 1000);
        const next = state({ state: 'down', since: 5000 });
        const stored = await store().states.commitTransition('s-commit', next, [
          draft('s-commit', 5000, { details: { timings: { total: 3 } } }),
          draft('s-commit', 5000, { kind: 'event', fromState: null, toState: null, eventType: 'dns.answer_changed', reason: 'A answers changed' }),
        ], 5000);
        expect(stored).toHaveLength(2);
        expect(stored[0]).toMatchObject({ monitorId: 's-commit', kind: 'state', toState: 'down', details: { timings: { total: 3 } } });
        expect(stored[1]).toMatchObject({ kind: 'event', eventType: 'dns.answer_changed', fromState: null, details: null });
        expect(stored[1]!.id).toBeGreaterThan(stored[0]!.id);
        expect((await store().states.loadAll()).get('s-commit')).toEqual(next);
        const listed = await store().transitions.list({ monitorId: 's-commit' }, { limit: 10 });
        expect(listed.items.map((t) => t.id).sort((x, y) => x - y)).toEqual(stored.map((t) => t.id));
        expect(await store().states.commitTransition('s-commit', state({ state: 'down', since: 6000 }), [], 6000)).toEqual([]);
      });

      it('stores neither the state nor any transition when one transition cannot be stored', async () => {
        await store().monitors.upsert(monitor('s-atomic'), 1000);
        await store().states.saveMany([{ monitorId: 's-atomic', state: state({ state: 'up', since: 1 }) }], 1000);
        const commit = store().states.commitTransition('s-atomic', state({ state: 'down', since: 2 }), [
          draft('s-atomic', 2),
          draft('s-not-a-monitor', 2),
        ], 2000);
        await expect(commit).rejects.toThrow();
        expect((await store().states.loadAll()).get('s-atomic')).toMatchObject({ state: 'up', since: 1 });
        expect((await store().transitions.list({ monitorId: 's-atomic' }, { limit: 10 })).items).toEqual([]);
      });
    });

    describe('results', () => {
      const base = Date.UTC(2024, 2, 1);

      it('lists newest first and pages by cursor across equal timestamps without loss or repeats', async () => {
        await store().monitors.upsert(monitor('r-page'), 1000);
        const times = [0, 0, 0, 1000, 1000, 2000, 2000, 2000, 3000];
        await store().results.insertMany(times.map((dt, i) => ({ ...result('r-page', base + dt), message: `#${i}` })));
        const seen: StoredResult[] = [];
        let cursor: string | null = null;
        for (let pages = 0; pages < 20; pages++) {
          const page: Awaited<ReturnType<ReturnType<typeof store>['results']['list']>> = await store().results.list('r-page', { limit: 2, cursor });
          seen.push(...page.items);
          cursor = page.nextCursor;
          if (!cursor) break;
        }
        expect(cursor).toBeNull();
        expect(seen).toHaveLength(times.length);
        expect(new Set(seen.map((r) => r.id)).size).toBe(times.length);
        const sorted = [...seen].sort((x, y) => y.at - x.at || y.id - x.id);
        expect(seen).toEqual(sorted);
        expect(seen[0]).toMatchObject({ at: base + 3000, message: '#8' });
      });

      it('filters by time range (from inclusive, to exclusive) and keeps timings', async () => {
        await store().monitors.upsert(monitor('r-range'), 1000);
        const timings = { dns: 1, connect: 2.5, tls: 3, firstByte: 4, total: 11 };
        await store().results.insertMany([
          result('r-range', base),
          { ...result('r-range', base + 1000, 'down', 42.25), timings },
          result('r-range', base + 2000, 'unknown', null),
        ]);
        const page = await store().results.list('r-range', { from: base + 1000, to: base + 2000, limit: 10 });
        expect(page.items).toHaveLength(1);
        expect(page.items[0]).toMatchObject({ monitorId: 'r-range', location: 'local', status: 'down', latencyMs: 42.25, timings, message: 'down for a test' });
        expect(page.nextCursor).toBeNull();
        expect(await store().results.count('r-range')).toBe(3);
      });

      it('inserts large batches and counts per monitor and overall', async () => {
        await store().monitors.upsert(monitor('r-bulk'), 1000);
        const before = await store().results.count();
        await store().results.insertMany(Array.from({ length: 2500 }, (_, i) => result('r-bulk', base + i)));
        expect(await store().results.count('r-bulk')).toBe(2500);
        expect(await store().results.count()).toBe(before + 2500);
      });

      it('rejects a cursor it did not make', async () => {
        await expect(store().results.list('r-page', { limit: 2, cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(InvalidCursorError);
      });

      it('prunes at most `batch` of the oldest rows before the cutoff', async () => {
        const old = Date.UTC(2001, 0, 1);
        await store().monitors.upsert(monitor('r-prune'), 1000);
        await store().results.insertMany([0, 1, 2, 3, 4, 5, 6].map((i) => result('r-prune', old + i * MIN)));
        expect(await store().results.prune(old + 5 * MIN, 3)).toBe(3);
        expect((await store().results.list('r-prune', { limit: 10 })).items.map((r) => r.at - old)).toEqual([6, 5, 4, 3].map((i) => i * MIN));
        expect(await store().results.prune(old + 5 * MIN, 100)).toBe(2);
        expect(await store().results.prune(old + 5 * MIN, 100)).toBe(0);
        expect(await store().results.count('r-prune')).toBe(2);
      });
    });

    describe('rollups', () => {
      it('rolls up an hour with exact counts and latency min/avg/p95/max, idempotently', async () => {
        const hour = Date.UTC(2024, 3, 10, 10);
        await store().monitors.upsert(monitor('ru-a'), 1000);
        await store().monitors.upsert(monitor('ru-b'), 1000);
        // 1..32 in a shuffled order: nearest-rank p95 is the 31st value (ceil(0.95 × 32) = 31).
        const latencies = Array.from({ length: 32 }, (_, i) => ((i * 7) % 32) + 1);
        const statuses: ResultStatus[] = latencies.map((_, i) => (i < 25 ? 'up' : i < 28 ? 'degraded' : 'down'));
        await store().results.insertMany([
          ...latencies.map((l, i) => result('ru-a', hour + i * MIN, statuses[i], l, 'paris')),
          result('ru-a', hour + 30 * MIN, 'unknown', null, 'paris'),
          result('ru-a', hour + 5 * MIN, 'down', null, 'tokyo'),
          result('ru-a', hour + 6 * MIN, 'down', null, 'tokyo'),
          result('ru-a', hour - 1, 'down', 999, 'paris'),
          result('ru-a', hour + HOUR, 'down', 999, 'paris'),
          result('ru-b', hour + HOUR - 1, 'up', 42, 'local'),
        ]);
        expect(await store().rollups.rollupHour(hour)).toBe(3);
        const expected = [
          { monitorId: 'ru-a', location: 'paris', hour, count: 33, up: 25, degraded: 3, down: 4, unknown: 1, latencyMin: 1, latencyAvg: 16.5, latencyP95: 31, latencyMax: 32 },
          { monitorId: 'ru-a', location: 'tokyo', hour, count: 2, up: 0, degraded: 0, down: 2, unknown: 0, latencyMin: null, latencyAvg: null, latencyP95: null, latencyMax: null },
        ];
        expect(await store().rollups.list('ru-a', hour - HOUR, hour + 2 * HOUR)).toEqual(expected);
        expect(await store().rollups.list('ru-b', hour, hour + HOUR)).toEqual([
          { monitorId: 'ru-b', location: 'local', hour, count: 1, up: 1, degraded: 0, down: 0, unknown: 0, latencyMin: 42, latencyAvg: 42, latencyP95: 42, latencyMax: 42 },
        ]);

        expect(await store().rollups.rollupHour(hour)).toBe(3);
        expect(await store().rollups.list('ru-a', hour - HOUR, hour + 2 * HOUR)).toEqual(expected);

        await store().results.insertMany([result('ru-a', hour + 59 * MIN, 'up', 100, 'tokyo')]);
        await store().rollups.rollupHour(hour);
        expect((await store().rollups.list('ru-a', hour, hour + HOUR))[1]).toMatchObject({ count: 3, up: 1, down: 2, latencyMin: 100, latencyP95: 100 });
        await expect(store().rollups.rollupHour(hour + 1)).rejects.toThrow(/start of an hour/);
      });

      it('computes uptime from rollups for whole hours and raw results for the rest', async () => {
        const h0 = Date.UTC(2024, 4, 20, 8);
        await store().monitors.upsert(monitor('up-a'), 1000);
        await store().results.insertMany([
          result('up-a', h0 - 45 * MIN, 'down'), // before the range
          result('up-a', h0 - 20 * MIN, 'down'), // partial first hour
          result('up-a', h0 - 10 * MIN, 'up'),
          ...[5, 20, 35, 50].map((m) => result('up-a', h0 + m * MIN, 'up')), // hour 0, rolled up
          ...[5, 20].map((m) => result('up-a', h0 + HOUR + m * MIN, 'up')), // hour 1, rolled up
          ...[35, 50].map((m) => result('up-a', h0 + HOUR + m * MIN, 'down')),
          ...[5, 20, 35].map((m) => result('up-a', h0 + 2 * HOUR + m * MIN, 'up')), // hour 2, not rolled up yet
          result('up-a', h0 + 3 * HOUR + 5 * MIN, 'unknown', null), // partial last hour
          result('up-a', h0 + 3 * HOUR + 10 * MIN, 'degraded'),
          result('up-a', h0 + 3 * HOUR + 20 * MIN, 'down'), // after the range
        ]);
        await store().rollups.rollupHour(h0);
        await store().rollups.rollupHour(h0 + HOUR);
        // Raw rows of rolled-up hours are gone: their figures can only come from the rollups.
        await store().db.deleteFrom('results').where('monitor_id', '=', 'up-a').where('at', '>=', h0).where('at', '<', h0 + 2 * HOUR).execute();

        const uptime = await store().rollups.uptime('up-a', h0 - 30 * MIN, h0 + 3 * HOUR + 15 * MIN);
        expect(uptime).toEqual({ ratio: 11 / 14, count: 15, down: 3, degraded: 1, unknown: 1 });
        expect(await store().rollups.uptime('up-a', h0 + 3 * HOUR, h0 + 3 * HOUR + 15 * MIN)).toEqual({ ratio: 1, count: 2, down: 0, degraded: 1, unknown: 1 });
        expect(await store().rollups.uptime('up-a', h0 - 2 * HOUR, h0 - HOUR)).toEqual({ ratio: null, count: 0, down: 0, degraded: 0, unknown: 0 });
      });

      it('prunes rollups older than the cutoff', async () => {
        const hour = Date.UTC(2002, 0, 1, 3);
        await store().monitors.upsert(monitor('ru-prune'), 1000);
        await store().results.insertMany([result('ru-prune', hour + MIN), result('ru-prune', hour + HOUR + MIN)]);
        await store().rollups.rollupHour(hour);
        await store().rollups.rollupHour(hour + HOUR);
        expect(await store().rollups.prune(hour + HOUR)).toBe(1);
        expect((await store().rollups.list('ru-prune', 0, hour + 2 * HOUR)).map((r) => r.hour)).toEqual([hour + HOUR]);
      });
    });

    describe('transitions and the outbox', () => {
      it('lists newest first with filters and a cursor across equal timestamps', async () => {
        await store().monitors.upsert(monitor('t-list'), 1000);
        const at = Date.UTC(2024, 6, 1);
        for (const dt of [0, 0, 1000, 1000, 1000, 2000]) await store().states.commitTransition('t-list', state(), [draft('t-list', at + dt)], at);
        await store().states.commitTransition('t-list', state(), [draft('t-list', at + 500, { kind: 'event', eventType: 'tls.issuer_changed', fromState: null, toState: null })], at);
        const seen: number[] = [];
        let cursor: string | null = null;
        for (let pages = 0; pages < 20; pages++) {
          const page: Awaited<ReturnType<ReturnType<typeof store>['transitions']['list']>> = await store().transitions.list({ monitorId: 't-list', kind: 'state' }, { limit: 4, cursor });
          expect(page.items.every((t) => t.kind === 'state' && t.monitorId === 't-list')).toBe(true);
          seen.push(...page.items.map((t) => t.id));
          cursor = page.nextCursor;
          if (!cursor) break;
        }
        expect(seen).toHaveLength(6);
        expect(new Set(seen).size).toBe(6);
        const events = await store().transitions.list({ kind: 'event', monitorId: 't-list' }, { limit: 10, from: at, to: at + 1000 });
        expect(events.items.map((t) => t.eventType)).toEqual(['tls.issuer_changed']);
      });

      it('gives each consumer its own cursor, moved only by a matching ack', async () => {
        await store().monitors.upsert(monitor('t-out'), 1000);
        const outbox = store().transitions;
        // Catch both consumers up with whatever earlier tests stored.
        for (const consumer of ['mail', 'sms']) {
          const first = await outbox.claim(consumer, 100_000);
          expect(first.cursor).toBe(0);
          const last = first.items.at(-1)?.id ?? 0;
          expect(await outbox.ack(consumer, 0, last, 1)).toBe(true);
        }
        const [a, b, c] = await store().states.commitTransition('t-out', state(), [draft('t-out', 1), draft('t-out', 2), draft('t-out', 3)], 3);

        const mail = await outbox.claim('mail', 2);
        expect(mail.items.map((t) => t.id)).toEqual([a!.id, b!.id]);
        expect(await outbox.claim('mail', 2)).toEqual(mail); // claiming does not move the cursor
        expect(await outbox.ack('mail', mail.cursor, b!.id, 10)).toBe(true);
        expect(await outbox.ack('mail', mail.cursor, b!.id, 11)).toBe(false); // a stale ack is refused
        expect((await outbox.claim('mail', 10)).items.map((t) => t.id)).toEqual([c!.id]);

        const sms = await outbox.claim('sms', 10);
        expect(sms.items.map((t) => t.id)).toEqual([a!.id, b!.id, c!.id]);
        await expect(outbox.ack('sms', sms.cursor, sms.cursor - 1, 12)).rejects.toThrow(/only moves forward/);
      });

      it('lets exactly one of two racing workers advance a cursor, including its first ack', async () => {
        const other = await fixture.openAnother();
        const consumer = `race-${dialect}`;
        await store().monitors.upsert(monitor('t-race'), 1000);
        const [t] = await store().states.commitTransition('t-race', state(), [draft('t-race', 1)], 1);
        const firstAcks = await Promise.all([store().transitions.ack(consumer, 0, t!.id, 1), other.transitions.ack(consumer, 0, t!.id, 1)]);
        expect(firstAcks.filter(Boolean)).toHaveLength(1);
        const [u] = await store().states.commitTransition('t-race', state(), [draft('t-race', 2)], 2);
        const claimA = await store().transitions.claim(consumer, 10);
        const claimB = await other.transitions.claim(consumer, 10);
        expect(claimA).toEqual(claimB);
        const acks = await Promise.all([store().transitions.ack(consumer, claimA.cursor, u!.id, 2), other.transitions.ack(consumer, claimB.cursor, u!.id, 2)]);
        expect(acks.filter(Boolean)).toHaveLength(1);
      });

      it('loses nothing across a restart: unacked transitions are claimed again', async () => {
        await store().monitors.upsert(monitor('t-restart'), 1000);
        const caughtUp = await store().transitions.claim('restart', 100_000);
        await store().transitions.ack('restart', caughtUp.cursor, caughtUp.items.at(-1)?.id ?? caughtUp.cursor, 1);
        const pending = await store().states.commitTransition('t-restart', state({ state: 'down', since: 9 }), [draft('t-restart', 8), draft('t-restart', 9)], 9);
        const before = await store().transitions.claim('restart', 10);
        expect(before.items).toEqual(pending);

        const reopened = await fixture.reopen();
        expect(await reopened.transitions.claim('restart', 10)).toEqual(before);
        expect((await reopened.states.loadAll()).get('t-restart')).toMatchObject({ state: 'down', since: 9 });
        expect(await reopened.transitions.ack('restart', before.cursor, pending[1]!.id, 10)).toBe(true);
        expect((await reopened.transitions.claim('restart', 10)).items).toEqual([]);
      });
    });

    describe('tokens and meta', () => {
      it('finds live tokens by hash, records use, and hides revoked ones', async () => {
        const created = await store().tokens.create({ id: 'tok-1', name: 'CI', role: 'editor', tokenHash: 'a'.repeat(64) }, 1000);
        expect(created).toEqual({ id: 'tok-1', name: 'CI', role: 'editor', createdAt: 1000, lastUsedAt: null, revokedAt: null });
        expect(await store().tokens.findByHash('a'.repeat(64))).toEqual(created);
        expect(await store().tokens.findByHash('b'.repeat(64))).toBeUndefined();
        await store().tokens.touch('tok-1', 2000);
        expect(await store().tokens.findByHash('a'.repeat(64))).toMatchObject({ lastUsedAt: 2000 });
        await expect(store().tokens.create({ id: 'tok-2', name: 'Dup', role: 'viewer', tokenHash: 'a'.repeat(64) }, 1500)).rejects.toThrow();

        expect(await store().tokens.revoke('tok-1', 3000)).toBe(true);
        expect(await store().tokens.revoke('tok-1', 3001)).toBe(false);
        expect(await store().tokens.findByHash('a'.repeat(64))).toBeUndefined();
        expect((await store().tokens.list()).find((t) => t.id === 'tok-1')).toMatchObject({ revokedAt: 3000, lastUsedAt: 2000 });
      });

      it('keeps token names unique among live tokens; a revoked token frees its name', async () => {
        const first = await store().tokens.create({ id: 'tok-n1', name: 'deploy', role: 'editor', tokenHash: 'c'.repeat(64) }, 1000);
        expect(await store().tokens.findLiveByName('deploy')).toEqual(first);
        expect(await store().tokens.findLiveByName('nobody')).toBeUndefined();
        await expect(store().tokens.create({ id: 'tok-n2', name: 'deploy', role: 'viewer', tokenHash: 'd'.repeat(64) }, 1100)).rejects.toThrow();
        await store().tokens.revoke('tok-n1', 1200);
        expect(await store().tokens.findLiveByName('deploy')).toBeUndefined();
        const second = await store().tokens.create({ id: 'tok-n3', name: 'deploy', role: 'viewer', tokenHash: 'e'.repeat(64) }, 1300);
        expect(await store().tokens.findLiveByName('deploy')).toEqual(second);
      });

      it('migration 0004 renames live tokens that shared a name (oldest keeps it), then enforces unique names', async () => {
        await tokenNamesMigration.down(store().db, undefined as never);
        const hash = (c: string) => c.repeat(64);
        await store().tokens.create({ id: 'tok-s3', name: 'shared', role: 'viewer', tokenHash: hash('3') }, 5003);
        await store().tokens.create({ id: 'tok-s1', name: 'shared', role: 'admin', tokenHash: hash('1') }, 5001);
        await store().tokens.create({ id: 'tok-s2', name: 'shared', role: 'editor', tokenHash: hash('2') }, 5002);
        await store().tokens.create({ id: 'tok-s0', name: 'shared', role: 'viewer', tokenHash: hash('0') }, 5000);
        await store().tokens.revoke('tok-s0', 5004);
        await tokenNamesMigration.up(store().db, undefined as never);
        const names = Object.fromEntries((await store().tokens.list()).filter((t) => t.id.startsWith('tok-s')).map((t) => [t.id, t.name]));
        expect(names).toEqual({ 'tok-s0': 'shared', 'tok-s1': 'shared', 'tok-s2': 'shared (2)', 'tok-s3': 'shared (3)' });
        expect(await store().tokens.findByHash(hash('3'))).toMatchObject({ role: 'viewer', name: 'shared (3)' });
        await expect(store().tokens.create({ id: 'tok-s4', name: 'shared (2)', role: 'viewer', tokenHash: hash('4') }, 5005)).rejects.toThrow();
      });

      it('keeps key/value settings', async () => {
        expect(await store().meta.get('instance_id')).toBeUndefined();
        await store().meta.set('instance_id', 'one');
        await store().meta.set('instance_id', 'two');
        expect(await store().meta.get('instance_id')).toBe('two');
      });
    });
  });
}

const postgresAvailable = await dialectAvailable('postgres', 'openStore schema test');

describe('openStore', () => {
  it('creates the SQLite folder and file with WAL, NORMAL sync, a busy timeout and foreign keys', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-open-'));
    const path = join(dir, 'nested', 'deeper', 'vigie.db');
    const store = await openStore({ sqlitePath: path });
    try {
      expect(await store.migrate()).toEqual(ALL_MIGRATIONS);
      expect(existsSync(path)).toBe(true);
      const pragma = async (name: string) => (await sql<Record<string, unknown>>`select * from ${sql.raw(`pragma_${name}`)}`.execute(store.db)).rows[0];
      expect(await pragma('journal_mode')).toEqual({ journal_mode: 'wal' });
      expect(await pragma('synchronous')).toEqual({ synchronous: 1 });
      expect(await pragma('foreign_keys')).toEqual({ foreign_keys: 1 });
      expect(Number(Object.values((await pragma('busy_timeout'))!)[0])).toBeGreaterThan(0);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('migrates down and up again from the static provider (in memory)', async () => {
    const store = await openStore({ sqlitePath: ':memory:' });
    try {
      expect(await store.migrate()).toEqual(ALL_MIGRATIONS);
      await store.meta.set('k', 'v');
      expect(await store.sizeBytes()).toBeGreaterThan(0);
      const down = await new Migrator({ db: store.db, provider: staticProvider(sqliteSql(':memory:')) }).migrateTo(NO_MIGRATIONS);
      expect(down.error).toBeUndefined();
      await expect(store.meta.get('k')).rejects.toThrow(/no such table/);
      expect(await store.migrate()).toEqual(ALL_MIGRATIONS);
      expect(await store.meta.get('k')).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it.skipIf(!postgresAvailable)('starts several processes at once on a new PostgreSQL schema (the schema is created once, every one migrates)', async () => {
    const suffix = Math.random().toString(36).slice(2, 10);
    const admin = await openStore({ url: TEST_PG_URL });
    try {
      for (let round = 0; round < 10; round++) {
        const pgSchema = `vigie_test_race_${suffix}_${round}`;
        const outcomes = await Promise.allSettled(
          [0, 1, 2, 3].map(async () => {
            const store = await openStore({ url: TEST_PG_URL, pgSchema });
            try {
              await store.migrate();
              return await store.meta.get('nothing');
            } finally {
              await store.close();
            }
          }),
        );
        await sql`drop schema if exists ${sql.id(pgSchema)} cascade`.execute(admin.db);
        expect(outcomes.filter((o) => o.status === 'rejected').map((o) => String((o as PromiseRejectedResult).reason))).toEqual([]);
      }
    } finally {
      await admin.close();
    }
  });

  it.skipIf(!postgresAvailable)('migrates while another session creates and drops schemas (a shared PostgreSQL server)', async () => {
    // Kysely's own introspector read every schema and failed with `schema "…" does not exist`
    // when one was dropped during its query (about one migration in three in this loop).
    const suffix = Math.random().toString(36).slice(2, 10);
    const store = await openStore({ url: TEST_PG_URL, pgSchema: `vigie_test_m_${suffix}` });
    const other = await openStore({ url: TEST_PG_URL });
    let churning = true;
    const churn = (async () => {
      for (let i = 0; churning; i++) {
        const schema = sql.id(`vigie_test_churn_${suffix}_${i % 3}`);
        await sql`create schema if not exists ${schema}`.execute(other.db);
        await sql`create table if not exists ${schema}.t (id serial primary key, a text, b text)`.execute(other.db);
        await sql`drop schema ${schema} cascade`.execute(other.db);
      }
    })();
    try {
      expect(await store.migrate()).toEqual(ALL_MIGRATIONS);
      const failures: string[] = [];
      for (let i = 0; i < 60; i++) await store.migrate().catch((err: Error) => failures.push(err.message));
      expect(failures).toEqual([]);
    } finally {
      churning = false;
      await churn;
      await sql`drop schema if exists ${sql.id(`vigie_test_m_${suffix}`)} cascade`.execute(other.db);
      await store.close();
      await other.close();
    }
  });

  it.skipIf(!postgresAvailable)('migrates each PostgreSQL schema on its own, even when another already has the migration tables', async () => {
    const suffix = Math.random().toString(36).slice(2, 10);
    const [a, b] = [`vigie_test_a_${suffix}`, `vigie_test_b_${suffix}`];
    const first = await openStore({ url: TEST_PG_URL, pgSchema: a });
    const second = await openStore({ url: TEST_PG_URL, pgSchema: b });
    try {
      expect(await first.migrate()).toEqual(ALL_MIGRATIONS);
      expect(await second.migrate()).toEqual(ALL_MIGRATIONS);
      await second.meta.set('where', 'b');
      expect(await first.meta.get('where')).toBeUndefined();
    } finally {
      await sql`drop schema if exists ${sql.id(a)} cascade`.execute(first.db);
      await sql`drop schema if exists ${sql.id(b)} cascade`.execute(first.db);
      await first.close();
      await second.close();
    }
  });

  it('explains an unsupported URL, an invalid schema name and an unreachable server', async () => {
    await expect(openStore({ url: 'mysql://root@127.0.0.1/x' })).rejects.toThrow(/scheme "mysql:" is not supported: use postgres:\/\//);
    await expect(openStore({ url: 'postgres://u@127.0.0.1:5432/x', pgSchema: 'Bad Name;' })).rejects.toThrow(/schema name "Bad Name;" is not valid/);
    // Port 1 on loopback: nothing listens there, the connection is refused at once.
    await expect(openStore({ url: 'postgres://vigie:secret@127.0.0.1:1/vigie' })).rejects.toThrow(/Cannot connect to PostgreSQL at postgres:\/\/vigie:\*\*\*@127\.0\.0\.1:1\/vigie: .*Check VIGIE_DATABASE_URL/);
  });
});
