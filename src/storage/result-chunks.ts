/**
 * @module The chunk side of the results repository: reading the results folded into
 * `result_chunks`, and folding the rows of settled hours into them (the compactor).
 */
import type { Kysely, Selectable } from 'kysely';
import { chunks, yieldToEventLoop } from './chunks.js';
import { RESULT_STATUSES, type ResultStatus } from '../core/states.js';
import { chunkable, decodeChunk, encodeChunk, type ChunkEntry } from './result-chunk-codec.js';
import type { StoredResult } from './store.js';
import type { Database, ResultChunksTable } from './tables.js';

const HOUR_MS = 3_600_000;
/** Monitors per compaction transaction: 50 × 180 results an hour (20 s) is 9,000 rows. */
const MONITOR_CHUNK = 50;
/** Ids per `delete … where id in (…)`, well under both dialects' parameter limits. */
const DELETE_CHUNK = 1000;
/** Chunk rows per multi-row insert (6 parameters each). */
const INSERT_CHUNK = 500;

/** Raised inside a compaction transaction when another compactor folded some of the same rows first. */
class FoldedElsewhere extends Error {}

/** The results a chunk row holds, oldest first, as stored results. */
export function chunkResults(row: Pick<Selectable<ResultChunksTable>, 'monitor_id' | 'location' | 'data'>): StoredResult[] {
  return decodeChunk(row.data).map((e) => ({ id: e.id, monitorId: row.monitor_id, location: row.location, at: e.at, status: e.status, latencyMs: e.latencyMs, message: e.message, timings: e.timings }));
}

/** True when `at` lies in one of the spans. */
export function inSpans(at: number, spans: ReadonlyArray<readonly [number, number]>): boolean {
  return spans.some(([a, b]) => at >= a && at < b);
}

/** A row of `results` read for compaction, as a chunk entry when it can be folded. */
function foldable(row: { id: number; at: number; status: string; latency_ms: number | null; message: string; timings: string | null }): ChunkEntry | undefined {
  if (!(RESULT_STATUSES as readonly string[]).includes(row.status)) return undefined;
  let timings: ChunkEntry['timings'] = null;
  if (row.timings !== null) {
    let value: unknown;
    try {
      value = JSON.parse(row.timings);
    } catch {
      return undefined;
    }
    // `chunkable` checks every value (a number, `total` among them); here only the container.
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    timings = value as ChunkEntry['timings'];
  }
  const entry: ChunkEntry = { id: Number(row.id), at: Number(row.at), status: row.status as ResultStatus, latencyMs: row.latency_ms, message: row.message, timings };
  return chunkable(entry) ? entry : undefined;
}

/** Folds the rows of these monitors in `[from, to)` in one transaction; 0 when another compactor did. */
async function foldMonitors(db: Kysely<Database>, monitorIds: string[], from: number, to: number): Promise<{ results: number; chunks: number }> {
  try {
    return await db.transaction().execute(async (trx) => {
      const rows = await trx
        .selectFrom('results')
        .select(['id', 'monitor_id', 'location', 'at', 'status', 'latency_ms', 'message', 'timings'])
        .where('monitor_id', 'in', monitorIds)
        .where('at', '>=', from)
        .where('at', '<', to)
        .orderBy('monitor_id')
        .orderBy('location')
        .orderBy('at')
        .orderBy('id')
        .execute();
      const groups = new Map<string, { monitor_id: string; location: string; entries: ChunkEntry[] }>();
      for (const row of rows) {
        const entry = foldable(row);
        if (!entry) continue;
        const key = JSON.stringify([row.monitor_id, row.location]);
        let group = groups.get(key);
        if (!group) groups.set(key, (group = { monitor_id: row.monitor_id, location: row.location, entries: [] }));
        group.entries.push(entry);
      }
      const values = [...groups.values()].map((g) => ({
        monitor_id: g.monitor_id,
        location: g.location,
        first_at: g.entries[0]!.at,
        last_at: g.entries.at(-1)!.at,
        count: g.entries.length,
        data: encodeChunk(g.entries),
      }));
      if (values.length === 0) return { results: 0, chunks: 0 };
      const ids = [...groups.values()].flatMap((g) => g.entries.map((e) => e.id));
      let deleted = 0;
      for (const part of chunks(ids, DELETE_CHUNK)) deleted += Number((await trx.deleteFrom('results').where('id', 'in', part).executeTakeFirst()).numDeletedRows);
      if (deleted !== ids.length) throw new FoldedElsewhere();
      for (const part of chunks(values, INSERT_CHUNK)) await trx.insertInto('result_chunks').values(part).execute();
      return { results: ids.length, chunks: values.length };
    });
  } catch (error) {
    if (error instanceof FoldedElsewhere) return { results: 0, chunks: 0 };
    throw error;
  }
}

/** The compactor: folds one settled hour of every monitor (deleted ones too), a few monitors per transaction. */
export async function compactHour(db: Kysely<Database>, hourStart: number): Promise<{ results: number; chunks: number }> {
  if (hourStart % HOUR_MS !== 0) throw new RangeError(`compactHour needs the start of an hour (a multiple of ${HOUR_MS} ms), got ${hourStart}.`);
  const monitors = await db.selectFrom('monitors').select('id').orderBy('id').execute();
  const total = { results: 0, chunks: 0 };
  for (const part of chunks(monitors.map((m) => m.id), MONITOR_CHUNK)) {
    const done = await foldMonitors(db, part, hourStart, hourStart + HOUR_MS);
    total.results += done.results;
    total.chunks += done.chunks;
    await yieldToEventLoop();
  }
  return total;
}

/** The oldest result time at or after `from` among chunks (decoding only the chunks that straddle `from`). */
export async function oldestChunkAt(db: Kysely<Database>, from: number | undefined): Promise<number | null> {
  let query = db.selectFrom('result_chunks').select('first_at');
  if (from !== undefined) query = query.where('first_at', '>=', from);
  const whole = await query.orderBy('first_at').limit(1).executeTakeFirst();
  let best = whole ? Number(whole.first_at) : null;
  if (from === undefined) return best;
  // A chunk spans less than an hour: only those starting in the hour before `from` can straddle it.
  const straddling = await db
    .selectFrom('result_chunks')
    .select(['monitor_id', 'location', 'data'])
    .where('first_at', '>', from - HOUR_MS)
    .where('first_at', '<', from)
    .where('last_at', '>=', from)
    .execute();
  for (const row of straddling) {
    const at = chunkResults(row).find((r) => r.at >= from)?.at;
    if (at !== undefined && (best === null || at < best)) best = at;
  }
  return best;
}

/** Deletes whole chunks whose last result is before `before`, oldest first, about `budget` results' worth (at least one chunk); returns how many results. */
export async function pruneChunks(db: Kysely<Database>, before: number, budget: number): Promise<number> {
  const candidates = await db
    .selectFrom('result_chunks')
    .select(['id', 'count'])
    .where('first_at', '<', before)
    .where('last_at', '<', before)
    .orderBy('first_at')
    .limit(Math.max(1, budget))
    .execute();
  const ids: number[] = [];
  let total = 0;
  for (const c of candidates) {
    if (ids.length > 0 && total + c.count > budget) break;
    ids.push(c.id);
    total += c.count;
  }
  if (ids.length === 0) return 0;
  let deleted = 0;
  for (const part of chunks(ids, DELETE_CHUNK)) {
    const gone = await db.deleteFrom('result_chunks').where('id', 'in', part).returning('count').execute();
    deleted += gone.reduce((sum, r) => sum + r.count, 0);
  }
  return deleted;
}
