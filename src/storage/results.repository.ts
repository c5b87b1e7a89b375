/**
 * @module Raw check results: batched inserts of rows, and reads that merge those rows with the
 * chunks the compactor folded settled results into (`result-chunks.ts`): newest-first pages by
 * cursor, counts, samples for rollups, bounded pruning.
 */
import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import { RESULT_STATUSES } from '../core/states.js';
import { chunks } from './chunks.js';
import { decodeCursor, encodeCursor, type CursorPosition } from './cursor.js';
import { parseNullableJsonColumn, timingsSchema } from './json-columns.js';
import { chunkResults, compactHour, inSpans, oldestChunkAt, pruneChunks } from './result-chunks.js';
import type { CursorPage, ResultRepository, StatusCounts, StoredResult } from './store.js';
import type { Database, ResultsTable } from './tables.js';

/** Rows per multi-row insert: 7 parameters each, well under both dialects' limits. */
const INSERT_CHUNK = 1000;
/** Ids per `in (…)` list: well under both dialects' parameter limits. */
const IN_CHUNK = 500;
/** Chunks read per query while filling a page. */
const CHUNK_PAGE = 8;

/** Newest first: `(at desc, id desc)`. */
function newestFirst(a: StoredResult, b: StoredResult): number {
  return b.at - a.at || b.id - a.id;
}

function emptyCounts(): StatusCounts {
  return { count: 0, up: 0, degraded: 0, down: 0, unknown: 0 };
}

function addStatus(counts: StatusCounts, status: string, n: number): void {
  counts.count += n;
  if (status === 'up' || status === 'degraded' || status === 'down') counts[status] += n;
  else counts.unknown += n;
}
const statusSchema = z.enum(RESULT_STATUSES);

function statusOf(value: string, key: string | number): StoredResult['status'] {
  const status = statusSchema.safeParse(value);
  if (!status.success) throw new Error(`The status column of results row ${key} holds "${value}", which is not a known status.`);
  return status.data;
}

function toResult(row: Selectable<ResultsTable>): StoredResult {
  return {
    id: row.id,
    monitorId: row.monitor_id,
    location: row.location,
    at: row.at,
    status: statusOf(row.status, row.id),
    latencyMs: row.latency_ms,
    message: row.message,
    timings: parseNullableJsonColumn(timingsSchema, row.timings, { table: 'results', column: 'timings', key: row.id }),
  };
}

/** The results repository over a Kysely database. */
export function resultsRepository(db: Kysely<Database>): ResultRepository {
  return {
    async insertMany(rows) {
      if (rows.length === 0) return;
      await db.transaction().execute(async (trx) => {
        for (const chunk of chunks(rows, INSERT_CHUNK)) {
          await trx
            .insertInto('results')
            .values(
              chunk.map((r) => ({
                monitor_id: r.monitorId,
                location: r.location,
                at: r.at,
                status: r.status,
                latency_ms: r.latencyMs,
                message: r.message,
                timings: r.timings === null ? null : JSON.stringify(r.timings),
              })),
            )
            .execute();
        }
      });
    },

    async list(monitorId, range): Promise<CursorPage<StoredResult>> {
      const after = range.cursor ? decodeCursor(range.cursor) : undefined;
      let query = db.selectFrom('results').selectAll().where('monitor_id', '=', monitorId);
      if (range.from !== undefined) query = query.where('at', '>=', range.from);
      if (range.to !== undefined) query = query.where('at', '<', range.to);
      if (after) query = query.where((eb) => eb.or([eb('at', '<', after.at), eb.and([eb('at', '=', after.at), eb('id', '<', after.id)])]));
      const rows = await query.orderBy('at', 'desc').orderBy('id', 'desc').limit(range.limit + 1).execute();
      const merged = await withChunks(monitorId, range, after, rows.map(toResult));
      const items = merged.slice(0, range.limit);
      const last = items.at(-1);
      return { items, nextCursor: merged.length > range.limit && last ? encodeCursor(last) : null };
    },

    async count(monitorId) {
      let rows = db.selectFrom('results').select((eb) => eb.fn.countAll<number>().as('n'));
      let folded = db.selectFrom('result_chunks').select((eb) => eb.fn.sum<number>('count').as('n'));
      if (monitorId !== undefined) {
        rows = rows.where('monitor_id', '=', monitorId);
        folded = folded.where('monitor_id', '=', monitorId);
      }
      const [a, b] = await Promise.all([rows.executeTakeFirstOrThrow(), folded.executeTakeFirstOrThrow()]);
      return Number(a.n) + Number(b.n ?? 0);
    },

    async oldestAt(from) {
      let query = db.selectFrom('results').select('at');
      if (from !== undefined) query = query.where('at', '>=', from);
      const row = await query.orderBy('at').limit(1).executeTakeFirst();
      const folded = await oldestChunkAt(db, from);
      const times = [row ? Number(row.at) : null, folded].filter((t): t is number => t !== null);
      return times.length > 0 ? Math.min(...times) : null;
    },

    async prune(before, batch) {
      if (batch < 1) return 0;
      const oldest = db.selectFrom('results').select('id').where('at', '<', before).orderBy('at').orderBy('id').limit(batch);
      const result = await db.deleteFrom('results').where('id', 'in', oldest).executeTakeFirst();
      const rows = Number(result.numDeletedRows);
      return rows < batch ? rows + (await pruneChunks(db, before, batch - rows)) : rows;
    },

    async samples(monitorIds, from, to) {
      const out: Awaited<ReturnType<ResultRepository['samples']>> = [];
      if (to <= from) return out;
      for (const part of chunks(monitorIds, IN_CHUNK)) {
        const rows = await db
          .selectFrom('results')
          .select(['monitor_id', 'location', 'status', 'latency_ms'])
          .where('monitor_id', 'in', part)
          .where('at', '>=', from)
          .where('at', '<', to)
          .execute();
        for (const r of rows) out.push({ monitorId: r.monitor_id, location: r.location, status: statusOf(r.status, r.monitor_id), latencyMs: r.latency_ms });
        for (const c of await overlapping(part, from, to)) {
          for (const r of chunkResults(c)) if (r.at >= from && r.at < to) out.push({ monitorId: r.monitorId, location: r.location, status: r.status, latencyMs: r.latencyMs });
        }
      }
      return out;
    },

    async countByStatus(monitorIds, ranges) {
      const out = new Map<string, StatusCounts>();
      const spans = ranges.filter(([a, b]) => a < b);
      if (spans.length === 0) return out;
      const counts = (id: string) => out.get(id) ?? out.set(id, emptyCounts()).get(id)!;
      const lo = Math.min(...spans.map(([a]) => a));
      const hi = Math.max(...spans.map(([, b]) => b));
      for (const part of chunks(monitorIds, IN_CHUNK)) {
        const rows = await db
          .selectFrom('results')
          .select((eb) => ['monitor_id', 'status', eb.fn.countAll<number>().as('n')])
          .where('monitor_id', 'in', part)
          .where((eb) => eb.or(spans.map(([a, b]) => eb.and([eb('at', '>=', a), eb('at', '<', b)]))))
          .groupBy(['monitor_id', 'status'])
          .execute();
        for (const r of rows) addStatus(counts(r.monitor_id), r.status, Number(r.n));
        for (const c of await overlapping(part, lo, hi)) {
          for (const r of chunkResults(c)) if (inSpans(r.at, spans)) addStatus(counts(c.monitor_id), r.status, 1);
        }
      }
      return out;
    },

    compactHour: (hourStart) => compactHour(db, hourStart),
  };

  /** The chunks of these monitors holding results in `[from, to)` (some may hold others too). */
  function overlapping(monitorIds: readonly string[], from: number, to: number) {
    return db
      .selectFrom('result_chunks')
      .select(['monitor_id', 'location', 'first_at', 'last_at', 'count', 'data'])
      .where('monitor_id', 'in', [...monitorIds])
      .where('last_at', '>=', from)
      .where('first_at', '<', to)
      .execute();
  }

  /**
   * Merges into `rows` (a page of rows, newest first, one more than the limit at most) the
   * chunked results that belong on the page: chunks are read newest last result first, and
   * reading stops once a chunk ends before the page's last result.
   */
  async function withChunks(monitorId: string, range: { from?: number; to?: number; limit: number }, after: CursorPosition | undefined, rows: StoredResult[]): Promise<StoredResult[]> {
    const keep = (r: StoredResult) =>
      (range.from === undefined || r.at >= range.from) && (range.to === undefined || r.at < range.to) && (!after || r.at < after.at || (r.at === after.at && r.id < after.id));
    let merged = rows;
    let seen: { lastAt: number; id: number } | undefined;
    for (;;) {
      const floor = merged.length > range.limit ? merged[range.limit]!.at : undefined;
      let query = db.selectFrom('result_chunks').select(['id', 'monitor_id', 'location', 'last_at', 'data']).where('monitor_id', '=', monitorId);
      if (range.from !== undefined) query = query.where('last_at', '>=', range.from);
      if (floor !== undefined) query = query.where('last_at', '>=', floor);
      if (range.to !== undefined) query = query.where('first_at', '<', range.to);
      if (after) query = query.where('first_at', '<=', after.at);
      const from = seen;
      if (from) query = query.where((eb) => eb.or([eb('last_at', '<', from.lastAt), eb.and([eb('last_at', '=', from.lastAt), eb('id', '<', from.id)])]));
      const page = await query.orderBy('last_at', 'desc').orderBy('id', 'desc').limit(CHUNK_PAGE).execute();
      if (page.length === 0) return merged;
      merged = merged.concat(page.flatMap((c) => chunkResults(c).filter(keep))).sort(newestFirst).slice(0, range.limit + 1);
      if (page.length < CHUNK_PAGE) return merged;
      const last = page.at(-1)!;
      seen = { lastAt: Number(last.last_at), id: Number(last.id) };
    }
  }
}
