/** @module Raw check results: batched inserts, newest-first pages by cursor, bounded pruning. */
import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import { RESULT_STATUSES } from '../core/states.js';
import { chunks } from './chunks.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { parseNullableJsonColumn, timingsSchema } from './json-columns.js';
import type { CursorPage, ResultRepository, StoredResult } from './store.js';
import type { Database, ResultsTable } from './tables.js';

/** Rows per multi-row insert: 7 parameters each, well under both dialects' limits. */
const INSERT_CHUNK = 1000;
const statusSchema = z.enum(RESULT_STATUSES);

function toResult(row: Selectable<ResultsTable>): StoredResult {
  const status = statusSchema.safeParse(row.status);
  if (!status.success) throw new Error(`The status column of results row ${row.id} holds "${row.status}", which is not a known status.`);
  return {
    id: row.id,
    monitorId: row.monitor_id,
    location: row.location,
    at: row.at,
    status: status.data,
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
      const items = rows.slice(0, range.limit).map(toResult);
      const last = items.at(-1);
      return { items, nextCursor: rows.length > range.limit && last ? encodeCursor(last) : null };
    },

    async count(monitorId) {
      let query = db.selectFrom('results').select((eb) => eb.fn.countAll<number>().as('n'));
      if (monitorId !== undefined) query = query.where('monitor_id', '=', monitorId);
      return Number((await query.executeTakeFirstOrThrow()).n);
    },

    async oldestAt(from) {
      let query = db.selectFrom('results').select('at');
      if (from !== undefined) query = query.where('at', '>=', from);
      const row = await query.orderBy('at').limit(1).executeTakeFirst();
      return row ? Number(row.at) : null;
    },

    async prune(before, batch) {
      if (batch < 1) return 0;
      const oldest = db.selectFrom('results').select('id').where('at', '<', before).orderBy('at').orderBy('id').limit(batch);
      const result = await db.deleteFrom('results').where('id', 'in', oldest).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
