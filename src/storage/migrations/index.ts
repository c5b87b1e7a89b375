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
import { notificationsMigration } from './0006-notifications.js';
import { crisesMigration } from './0007-crises.js';
import { statusSubscriptionsMigration } from './0008-status-subscriptions.js';
import { changesMigration } from './0009-changes.js';
import { accountsMigration } from './0010-accounts.js';
import { scheduleOverridesMigration } from './0011-schedule-overrides.js';
import { monitorListIndexesMigration } from './0012-monitor-list-indexes.js';
import { resultChunksMigration } from './0013-result-chunks.js';

/** Migrations by name; names sort in the order they must run. */
export const MIGRATIONS: Readonly<Record<string, VigieMigration>> = {
  '0001-initial': initial,
  '0002-passive': passive,
  '0003-incidents': incidentsMigration,
  '0004-token-names': tokenNamesMigration,
  '0005-incident-indexes': incidentIndexesMigration,
  '0006-notifications': notificationsMigration,
  '0007-crises': crisesMigration,
  '0008-status-subscriptions': statusSubscriptionsMigration,
  '0009-changes': changesMigration,
  '0010-accounts': accountsMigration,
  '0011-schedule-overrides': scheduleOverridesMigration,
  '0012-monitor-list-indexes': monitorListIndexesMigration,
  '0013-result-chunks': resultChunksMigration,
};
