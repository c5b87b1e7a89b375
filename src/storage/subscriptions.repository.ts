/**
 * @module Status page subscribers and what each page's subscribers were told of each incident.
 * A subscriber is unique by page, kind and address (two requests at once store one); confirming,
 * unsubscribing and counting a request are conditional updates, so two clicks or two requests at
 * once cannot both win. Webhook secrets are sealed with the store's keyring when written and
 * opened only when a message is sent. Only queries live here.
 */
import type { Kysely } from 'kysely';
import { openSecret, sealSecret } from '../secrets/secret-cipher.js';
import type { Keyring } from '../secrets/secret-key.js';
import type { SubscriberDraft, SubscriptionRepository } from '../status/subscription.types.js';
import type { IncidentTables } from './incident-rows.js';
import { noticeToRow, rowToNotice, rowToSubscriber, type SubscriptionTables } from './subscription-rows.js';
import type { Database } from './tables.js';

type Db = Kysely<Database & IncidentTables & SubscriptionTables>;

/** The length of the window `takeRequest` counts in. */
export const REQUEST_WINDOW_MS = 86_400_000;

/** The columns a request writes, from its draft. */
function requestColumns(draft: SubscriberDraft, ring: Keyring) {
  return {
    language: draft.language,
    components: JSON.stringify(draft.components),
    secret: draft.secret === null ? null : sealSecret(draft.secret, ring),
    status: draft.status,
    token_nonce: draft.tokenNonce,
    ip: draft.ip,
  };
}

/** The subscriptions repository over a Kysely database; `ring` seals and opens webhook secrets. */
export function subscriptionsRepository(database: Kysely<Database>, ring: Keyring): SubscriptionRepository {
  const db = database.withTables<IncidentTables & SubscriptionTables>() as unknown as Db;
  const byId = async (id: number) => {
    const row = await db.selectFrom('status_subscribers').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? rowToSubscriber(row) : undefined;
  };
  const find: SubscriptionRepository['find'] = async (pageId, kind, address) => {
    const row = await db.selectFrom('status_subscribers').selectAll().where('page_id', '=', pageId).where('kind', '=', kind).where('address', '=', address).executeTakeFirst();
    return row ? rowToSubscriber(row) : undefined;
  };
  return {
    async create(draft, now) {
      const inserted = await db
        .insertInto('status_subscribers')
        .values({
          page_id: draft.pageId,
          kind: draft.kind,
          address: draft.address,
          ...requestColumns(draft, ring),
          requests_window_start: now,
          requests_in_window: 0,
          created_at: now,
          updated_at: now,
          confirmed_at: draft.status === 'active' ? now : null,
          unsubscribed_at: null,
        })
        .onConflict((oc) => oc.columns(['page_id', 'kind', 'address']).doNothing())
        .executeTakeFirst();
      const subscriber = await find(draft.pageId, draft.kind, draft.address);
      if (!subscriber) throw new Error(`status subscriber of page "${draft.pageId}" (${draft.kind}) vanished while it was created`);
      return { subscriber, created: Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0 };
    },

    get: byId,
    find,

    async renew(id, draft, now) {
      const row = await db
        .updateTable('status_subscribers')
        .set({ ...requestColumns(draft, ring), updated_at: now, confirmed_at: draft.status === 'active' ? now : null, unsubscribed_at: null })
        .where('id', '=', id)
        .where('status', '!=', 'active')
        .returningAll()
        .executeTakeFirst();
      return row ? { renewed: true, subscriber: rowToSubscriber(row) } : { renewed: false, subscriber: await byId(id) };
    },

    async takeRequest(id, now, limit) {
      const windowOver = now - REQUEST_WINDOW_MS;
      const result = await db
        .updateTable('status_subscribers')
        .set((eb) => ({
          requests_window_start: eb.case().when('requests_window_start', '<=', windowOver).then(now).else(eb.ref('requests_window_start')).end(),
          requests_in_window: eb.case().when('requests_window_start', '<=', windowOver).then(1).else(eb('requests_in_window', '+', 1)).end(),
        }))
        .where('id', '=', id)
        .where((eb) => eb.or([eb('requests_window_start', '<=', windowOver), eb('requests_in_window', '<', limit)]))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async confirm(id, nonce, now) {
      const result = await db
        .updateTable('status_subscribers')
        .set({ status: 'active', confirmed_at: now, updated_at: now })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .where('token_nonce', '=', nonce)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) > 0) return 'done';
      const current = await byId(id);
      return current?.status === 'active' && current.tokenNonce === nonce ? 'already' : 'stale';
    },

    async unsubscribe(id, now) {
      const result = await db
        .updateTable('status_subscribers')
        .set({ status: 'unsubscribed', unsubscribed_at: now, updated_at: now })
        .where('id', '=', id)
        .where('status', '!=', 'unsubscribed')
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) > 0) return 'done';
      return (await byId(id)) ? 'already' : 'stale';
    },

    async secret(id) {
      const row = await db.selectFrom('status_subscribers').select('secret').where('id', '=', id).executeTakeFirst();
      return row?.secret ? openSecret(row.secret, ring) : null;
    },

    async active(pageId) {
      const rows = await db.selectFrom('status_subscribers').selectAll().where('page_id', '=', pageId).where('status', '=', 'active').orderBy('id').execute();
      return rows.map(rowToSubscriber);
    },

    async list(pageId, limit) {
      const rows = await db.selectFrom('status_subscribers').selectAll().where('page_id', '=', pageId).orderBy('id', 'desc').limit(limit).execute();
      return rows.map(rowToSubscriber);
    },

    async prunePending(before) {
      const result = await db
        .deleteFrom('status_subscribers')
        .where('status', '=', 'pending')
        .where('created_at', '<', before)
        .where('requests_window_start', '<', before)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async notice(pageId, incidentId) {
      const row = await db.selectFrom('status_notices').selectAll().where('page_id', '=', pageId).where('incident_id', '=', incidentId).executeTakeFirst();
      return row ? rowToNotice(row) : undefined;
    },

    async saveNotice(notice) {
      const row = noticeToRow(notice);
      await db
        .insertInto('status_notices')
        .values(row)
        .onConflict((oc) => oc.columns(['page_id', 'incident_id']).doUpdateSet({ cycle: row.cycle, opened: row.opened, last_update_id: row.last_update_id, resolved: row.resolved, updated_at: row.updated_at }))
        .execute();
    },
  };
}
