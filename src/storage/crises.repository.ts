/**
 * @module Crises, their incidents, deadlines and drafts. An incident is linked to one crisis at
 * most (a unique key: a second link is refused, not raised); deadlines are added once per key;
 * the changes two writers could race on (re-activating or deactivating a crisis, approving or
 * sending a draft) are conditional updates that only one of them wins. Only queries live here.
 */
import type { Kysely } from 'kysely';
import type { CrisisRepository } from '../crisis/crisis.types.js';
import {
  crisisPatchToRow,
  crisisToRow,
  deadlinePatchToRow,
  deadlineToRow,
  draftPatchToRow,
  draftToRow,
  rowToCrisis,
  rowToDeadline,
  rowToDraft,
  type CrisisTables,
} from './crisis-rows.js';
import { chunks } from './chunks.js';
import type { IncidentTables } from './incident-rows.js';
import type { Database } from './tables.js';

type Db = Kysely<Database & IncidentTables & CrisisTables>;

/** Deadlines per insert statement (18 columns each, well under SQLite's bound-parameter limit). */
const DEADLINE_BATCH = 200;

/** Links an incident to a crisis unless it is linked already; true when linked now. */
async function linkIncident(db: Db, crisisId: number, incidentId: number, now: number): Promise<boolean> {
  const inserted = await db
    .insertInto('crisis_incidents')
    .values({ crisis_id: crisisId, incident_id: incidentId, joined_at: now })
    .onConflict((oc) => oc.column('incident_id').doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** The crises repository over a Kysely database. */
export function crisesRepository(database: Kysely<Database>): CrisisRepository {
  const db = database.withTables<IncidentTables & CrisisTables>() as unknown as Db;
  return {
    async create(draft, incidentIds, now) {
      // An incident already linked to another crisis stays there (as `link` would refuse it).
      const row = await db.transaction().execute(async (trx) => {
        const created = await trx.insertInto('crises').values(crisisToRow(draft, now)).returningAll().executeTakeFirstOrThrow();
        for (const incidentId of incidentIds) await linkIncident(trx, created.id, incidentId, now);
        return created;
      });
      return rowToCrisis(row);
    },

    async get(id) {
      const row = await db.selectFrom('crises').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? rowToCrisis(row) : undefined;
    },

    async list(filter, limit) {
      let query = db.selectFrom('crises').selectAll();
      if (filter.status !== undefined) query = query.where('status', '=', filter.status);
      const rows = await query.orderBy('id', 'desc').limit(limit).execute();
      return rows.map(rowToCrisis);
    },

    async forIncident(incidentId) {
      const row = await db
        .selectFrom('crisis_incidents')
        .innerJoin('crises', 'crises.id', 'crisis_incidents.crisis_id')
        .selectAll('crises')
        .where('crisis_incidents.incident_id', '=', incidentId)
        .executeTakeFirst();
      return row ? rowToCrisis(row) : undefined;
    },

    async byClusterKey(cellId, clusterKey) {
      const row = await db.selectFrom('crises').selectAll().where('cell_id', '=', cellId).where('cluster_key', '=', clusterKey).orderBy('id', 'desc').limit(1).executeTakeFirst();
      return row ? rowToCrisis(row) : undefined;
    },

    link: (crisisId, incidentId, now) => linkIncident(db, crisisId, incidentId, now),

    async incidents(crisisId) {
      const rows = await db.selectFrom('crisis_incidents').selectAll().where('crisis_id', '=', crisisId).orderBy('joined_at').orderBy('id').execute();
      return rows.map((r) => ({ crisisId: r.crisis_id, incidentId: r.incident_id, joinedAt: r.joined_at }));
    },

    async update(id, patch, now) {
      const row = await db.updateTable('crises').set(crisisPatchToRow(patch, now)).where('id', '=', id).returningAll().executeTakeFirst();
      return row ? rowToCrisis(row) : undefined;
    },

    async updateIf(id, expected, patch, now) {
      const row = await db
        .updateTable('crises')
        .set(crisisPatchToRow(patch, now))
        .where('id', '=', id)
        .where('activations', '=', expected.activations)
        .where('status', '=', expected.status)
        .returningAll()
        .executeTakeFirst();
      return row ? rowToCrisis(row) : undefined;
    },

    async addDeadlines(crisisId, drafts, now) {
      if (drafts.length === 0) return 0;
      return db.transaction().execute(async (trx) => {
        let added = 0;
        for (const batch of chunks(drafts, DEADLINE_BATCH)) {
          const inserted = await trx
            .insertInto('crisis_deadlines')
            .values(batch.map((d) => deadlineToRow(crisisId, d, now)))
            .onConflict((oc) => oc.columns(['crisis_id', 'key']).doNothing())
            .executeTakeFirst();
          added += Number(inserted.numInsertedOrUpdatedRows ?? 0);
        }
        return added;
      });
    },

    async deadlines(crisisId) {
      const rows = await db.selectFrom('crisis_deadlines').selectAll().where('crisis_id', '=', crisisId).orderBy('due_at').orderBy('id').execute();
      return rows.map(rowToDeadline);
    },

    async openDeadlines() {
      const rows = await db.selectFrom('crisis_deadlines').selectAll().where('met_at', 'is', null).where('cancelled_at', 'is', null).orderBy('due_at').orderBy('id').execute();
      return rows.map(rowToDeadline);
    },

    async getDeadline(id) {
      const row = await db.selectFrom('crisis_deadlines').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? rowToDeadline(row) : undefined;
    },

    async updateDeadline(id, patch, now) {
      const row = await db.updateTable('crisis_deadlines').set(deadlinePatchToRow(patch, now)).where('id', '=', id).returningAll().executeTakeFirst();
      return row ? rowToDeadline(row) : undefined;
    },

    async createDraft(input, now) {
      const row = await db.insertInto('crisis_drafts').values(draftToRow(input, now)).returningAll().executeTakeFirstOrThrow();
      return rowToDraft(row);
    },

    async getDraft(id) {
      const row = await db.selectFrom('crisis_drafts').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? rowToDraft(row) : undefined;
    },

    async drafts(crisisId) {
      const rows = await db.selectFrom('crisis_drafts').selectAll().where('crisis_id', '=', crisisId).orderBy('id').execute();
      return rows.map(rowToDraft);
    },

    async updateDraft(id, from, patch, now) {
      if (from.length === 0) return undefined;
      const row = await db.updateTable('crisis_drafts').set(draftPatchToRow(patch, now)).where('id', '=', id).where('status', 'in', [...from]).returningAll().executeTakeFirst();
      return row ? rowToDraft(row) : undefined;
    },
  };
}
