/**
 * @module The monitor list filters by state at 100,000 monitors: `state=down` must be an index
 * lookup (it was a scan of every monitor joined with its state, 100 ms with no match), and the
 * rows it finds come in id order, as pages are cut.
 */
import type { Kysely } from 'kysely';
import type { VigieMigration } from './migration.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

const INDEX = 'monitor_state_state_monitor';

export const monitorListIndexesMigration: VigieMigration = {
  async up(db: Db) {
    await db.schema.createIndex(INDEX).on('monitor_state').columns(['state', 'monitor_id']).execute();
  },
  async down(db: Db) {
    await db.schema.dropIndex(INDEX).ifExists().execute();
  },
};
