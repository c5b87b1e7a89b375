/**
 * @module Transitions: the history of state changes and events, and the outbox consumers read
 * with a per-consumer cursor moved by a conditional update.
 */
import type { Kysely } from 'kysely';
import type { Transition } from '../engine/monitor-state.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import type { CursorPage, TransitionRepository } from './store.js';
import type { Database } from './tables.js';
import { rowToTransition } from './transition-row.js';

/** The transitions repository over a Kysely database. */
export function transitionsRepository(db: Kysely<Database>): TransitionRepository {
  async function cursorOf(consumer: string): Promise<number> {
    const row = await db.selectFrom('consumer_cursors').select('last_id').where('consumer', '=', consumer).executeTakeFirst();
    return row?.last_id ?? 0;
  }

  return {
    async list(filter, range): Promise<CursorPage<Transition>> {
      const after = range.cursor ? decodeCursor(range.cursor) : undefined;
      let query = db.selectFrom('transitions').selectAll();
      if (filter.monitorId !== undefined) query = query.where('monitor_id', '=', filter.monitorId);
      if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind);
      if (range.from !== undefined) query = query.where('at', '>=', range.from);
      if (range.to !== undefined) query = query.where('at', '<', range.to);
      if (after) query = query.where((eb) => eb.or([eb('at', '<', after.at), eb.and([eb('at', '=', after.at), eb('id', '<', after.id)])]));
      const rows = await query.orderBy('at', 'desc').orderBy('id', 'desc').limit(range.limit + 1).execute();
      const items = rows.slice(0, range.limit).map(rowToTransition);
      const last = items.at(-1);
      return { items, nextCursor: rows.length > range.limit && last ? encodeCursor(last) : null };
    },

    async claim(consumer, limit) {
      const cursor = await cursorOf(consumer);
      const rows = await db.selectFrom('transitions').selectAll().where('id', '>', cursor).orderBy('id').limit(limit).execute();
      return { cursor, items: rows.map(rowToTransition) };
    },

    async ack(consumer, from, to, now) {
      if (to < from) throw new RangeError(`An outbox cursor only moves forward: cannot ack ${consumer} from ${from} back to ${to}.`);
      const moved = await db
        .updateTable('consumer_cursors')
        .set({ last_id: to, updated_at: now })
        .where('consumer', '=', consumer)
        .where('last_id', '=', from)
        .executeTakeFirst();
      if (Number(moved.numUpdatedRows) > 0) return true;
      if (from !== 0) return false;
      // A consumer's first ack: create its cursor unless another worker just did.
      const inserted = await db
        .insertInto('consumer_cursors')
        .values({ consumer, last_id: to, updated_at: now })
        .onConflict((oc) => oc.column('consumer').doNothing())
        .executeTakeFirst();
      return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
    },
  };
}
