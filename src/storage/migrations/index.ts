/**
 * @module Every migration, in order, as a static import map (no folder scan), so migrations
 * run the same from `src/` under tsx and from `dist/`. Add a new one at the end; never rename
 * or edit an applied one.
 */
import type { VigieMigration } from './migration.js';
import { initial } from './0001-initial.js';
import { passive } from './0002-passive.js';
import { incidentsMigration } from './0003-incidents.js';
import { tokenNamesMigration } from './0004-token-names.js';
import { incidentIndexesMigration } from './0005-incident-indexes.js';

/** Migrations by name; names sort in the order they must run. */
export const MIGRATIONS: Readonly<Record<string, VigieMigration>> = {
  '0001-initial': initial,
  '0002-passive': passive,
  '0003-incidents': incidentsMigration,
  '0004-token-names': tokenNamesMigration,
  '0005-incident-indexes': incidentIndexesMigration,
};
