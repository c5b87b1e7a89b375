/** @module Monitor states, saved in batches or together with the transitions that changed them. */
import type { Kysely, Transaction } from 'kysely';
import type { MonitorState } from '../engine/monitor-state.js';
import { chunks } from './chunks.js';
import type { DialectSql } from './dialect-sql.js';
import { rowToState, STATE_UPDATE_COLUMNS, stateToRow } from './state-row.js';
import type { StateRepository } from './store.js';
import type { Database } from './tables.js';
import { draftToRow, rowToTransition } from './transition-row.js';

/** Rows per multi-row upsert: 13 parameters each, well under both dialects' limits. */
const UPSERT_CHUNK = 500;

async function upsertStates(db: Kysely<Database> | Transaction<Database>, states: Array<{ monitorId: string; state: MonitorState }>, now: number): Promise<void> {
  for (const chunk of chunks(states, UPSERT_CHUNK)) {
    await db
      .insertInto('monitor_state')
      .values(chunk.map((s) => stateToRow(s.monitorId, s.state, now)))
      .onConflict((oc) =>
        oc.column('monitor_id').doUpdateSet((eb) => Object.fromEntries(STATE_UPDATE_COLUMNS.map((c) => [c, eb.ref(`excluded.${c}`)]))),
      )
      .execute();
  }
}

/** The states repository over a Kysely database. */
export function statesRepository(db: Kysely<Database>, dialect: DialectSql): StateRepository {
  return {
    async loadAll() {
      const rows = await db.selectFrom('monitor_state').selectAll().execute();
      return new Map(rows.map((row) => [row.monitor_id, rowToState(row)]));
    },

    async saveMany(states, now) {
      if (states.length === 0) return;
      // Later entries win when a monitor appears twice (one upsert cannot touch a row twice), and
      // rows are locked in id order so concurrent batches cannot deadlock on PostgreSQL.
      const latest = [...new Map(states.map((s) => [s.monitorId, s])).values()].sort((a, b) => (a.monitorId < b.monitorId ? -1 : a.monitorId > b.monitorId ? 1 : 0));
      await db.transaction().execute((trx) => upsertStates(trx, latest, now));
    },

    async commitTransition(monitorId, state, transitions, now) {
      return db.transaction().execute(async (trx) => {
        if (transitions.length > 0) await dialect.lockTransitions(trx);
        await upsertStates(trx, [{ monitorId, state }], now);
        const stored = [];
        // One insert per draft keeps ids in the order of the drafts.
        for (const draft of transitions) {
          const row = await trx.insertInto('transitions').values(draftToRow(draft)).returningAll().executeTakeFirstOrThrow();
          stored.push(rowToTransition(row));
        }
        return stored;
      });
    },
  };
}
