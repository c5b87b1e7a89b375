/**
 * @module Incidents are found by status and resolution time: the incident engine asks for the
 * live ones every step and for those resolved recently (to reopen one) at every new failure, so
 * both must stay index lookups after years of resolved incidents.
 */
import type { Kysely } from 'kysely';
import type { VigieMigration } from './migration.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

const INDEX = 'incidents_status_resolved_at';

export const incidentIndexesMigration: VigieMigration = {
  async up(db: Db) {
    await db.schema.createIndex(INDEX).on('incidents').columns(['status', 'resolved_at']).execute();
  },
  async down(db: Db) {
    await db.schema.dropIndex(INDEX).ifExists().execute();
  },
};
