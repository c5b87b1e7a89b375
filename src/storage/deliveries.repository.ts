/**
 * @module Deliveries: the outbox of notification messages. A row is queued once per idempotency
 * key (re-planning after a crash is a no-op), claimed by a worker with a lease through a
 * conditional update (so two workers never send the same row at once, and a worker killed
 * mid-send leaves it to be claimed again after the lease), and ends sent, failed or cancelled.
 * Every attempt is kept. Only queries live here.
 */
import type { Kysely } from 'kysely';
import type { IncidentTables } from './incident-rows.js';
import { rowToDelivery, type Delivery, type DeliveryAttempt, type DeliveryDraft, type DeliveryStatus, type NotificationTables } from './notification-rows.js';
import type { Database } from './tables.js';

type Db = Kysely<Database & IncidentTables & NotificationTables>;

/** What a finished attempt says. */
export type AttemptOutcome =
  | { outcome: 'sent'; status?: number | undefined; answer?: string | undefined }
  | { outcome: 'retry'; error: string; status?: number | undefined; retryInMs: number }
  | { outcome: 'failed'; error: string; status?: number | undefined };

export interface DeliveryFilter {
  incidentId?: number;
  status?: DeliveryStatus[];
  channelId?: string;
}

export interface DeliveryRepository {
  /** Queues deliveries; those whose idempotency key is already queued are left alone. Returns how many were new. */
  enqueue(drafts: readonly DeliveryDraft[], now: number): Promise<number>;
  /** Claims up to `limit` pending deliveries due at `now` for `leaseMs`; each is claimed by one caller only. */
  claimDue(now: number, leaseMs: number, limit: number): Promise<Delivery[]>;
  /** Records an attempt and moves the delivery on (sent, pending again later, or failed). */
  finish(id: number, at: number, result: AttemptOutcome): Promise<void>;
  /** Pending or held deliveries of an incident's events that no longer need sending (acknowledged: pages of `opened`…). */
  cancel(incidentId: number, events: readonly string[], at: number, pagesOnly: boolean): Promise<number>;
  /** Moves deliveries between `pending` and `held` (silences, maintenance). */
  setHeld(ids: readonly number[], held: boolean, at: number): Promise<void>;
  /** Held deliveries, oldest first. */
  held(limit: number): Promise<Delivery[]>;
  get(id: number): Promise<Delivery | undefined>;
  /** Newest first. */
  list(filter: DeliveryFilter, limit: number): Promise<Delivery[]>;
  /** Oldest first. */
  attempts(deliveryId: number): Promise<DeliveryAttempt[]>;
  /** Who was paged for an incident: the distinct (person, channel, address, language) of page deliveries sent. */
  paged(incidentId: number): Promise<Pick<Delivery, 'personId' | 'channelId' | 'address' | 'language'>[]>;
  /**
   * Pending deliveries that could be sent at `now` and are not being sent, for the watchdog:
   * how many, and since when the oldest could be (its `not_before`, or the end of the lease of a
   * sender that died holding it). One held by a live lease is not counted.
   */
  backlog(now: number): Promise<{ due: number; oldestDueAt: number | null }>;
}

/** The deliveries repository over a Kysely database. */
export function deliveriesRepository(database: Kysely<Database>): DeliveryRepository {
  const db = database.withTables<IncidentTables & NotificationTables>() as unknown as Db;
  return {
    async enqueue(drafts, now) {
      let added = 0;
      for (const d of drafts) {
        const inserted = await db
          .insertInto('deliveries')
          .values({
            idempotency_key: d.idempotencyKey,
            incident_id: d.incidentId,
            event: d.event,
            channel_id: d.channelId,
            person_id: d.personId,
            address: d.address,
            language: d.language,
            page: d.page ? 1 : 0,
            extra: d.extra === null ? null : JSON.stringify(d.extra),
            status: d.status ?? 'pending',
            attempts: 0,
            not_before: d.notBefore,
            created_at: now,
            updated_at: now,
          })
          .onConflict((oc) => oc.column('idempotency_key').doNothing())
          .executeTakeFirst();
        added += Number(inserted.numInsertedOrUpdatedRows ?? 0);
      }
      return added;
    },

    async claimDue(now, leaseMs, limit) {
      const candidates = await db
        .selectFrom('deliveries')
        .select(['id', 'lease_until'])
        .where('status', '=', 'pending')
        .where('not_before', '<=', now)
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
        .orderBy('not_before')
        .orderBy('id')
        .limit(limit)
        .execute();
      const claimed: Delivery[] = [];
      for (const c of candidates) {
        const row = await db
          .updateTable('deliveries')
          .set({ lease_until: now + leaseMs, updated_at: now })
          .where('id', '=', c.id)
          .where('status', '=', 'pending')
          .where((eb) => (c.lease_until === null ? eb('lease_until', 'is', null) : eb('lease_until', '=', c.lease_until)))
          .returningAll()
          .executeTakeFirst();
        if (row) claimed.push(rowToDelivery(row));
      }
      return claimed;
    },

    async finish(id, at, result) {
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('delivery_attempts')
          .values({
            delivery_id: id,
            at,
            outcome: result.outcome,
            status: result.status ?? null,
            error: result.outcome === 'sent' ? null : result.error,
            retry_in_ms: result.outcome === 'retry' ? result.retryInMs : null,
            answer: result.outcome === 'sent' ? (result.answer ?? null) : null,
          })
          .execute();
        const base = { lease_until: null, last_status: result.status ?? null, updated_at: at };
        const update = trx.updateTable('deliveries').where('id', '=', id);
        if (result.outcome === 'sent') await update.set((eb) => ({ ...base, status: 'sent', sent_at: at, last_error: null, attempts: eb('attempts', '+', 1) })).execute();
        else if (result.outcome === 'retry') await update.set((eb) => ({ ...base, status: 'pending', not_before: at + result.retryInMs, last_error: result.error, attempts: eb('attempts', '+', 1) })).execute();
        else await update.set((eb) => ({ ...base, status: 'failed', last_error: result.error, attempts: eb('attempts', '+', 1) })).execute();
      });
    },

    async cancel(incidentId, events, at, pagesOnly) {
      if (events.length === 0) return 0;
      let query = db.updateTable('deliveries').set({ status: 'cancelled', lease_until: null, updated_at: at }).where('incident_id', '=', incidentId).where('status', 'in', ['pending', 'held']).where('event', 'in', [...events]);
      if (pagesOnly) query = query.where('page', '=', 1);
      const result = await query.executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async setHeld(ids, held, at) {
      if (ids.length === 0) return;
      await db
        .updateTable('deliveries')
        .set({ status: held ? 'held' : 'pending', updated_at: at })
        .where('id', 'in', [...ids])
        .where('status', '=', held ? 'pending' : 'held')
        .execute();
    },

    async held(limit) {
      const rows = await db.selectFrom('deliveries').selectAll().where('status', '=', 'held').orderBy('id').limit(limit).execute();
      return rows.map(rowToDelivery);
    },

    async get(id) {
      const row = await db.selectFrom('deliveries').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? rowToDelivery(row) : undefined;
    },

    async list(filter, limit) {
      let query = db.selectFrom('deliveries').selectAll();
      if (filter.incidentId !== undefined) query = query.where('incident_id', '=', filter.incidentId);
      if (filter.status !== undefined && filter.status.length > 0) query = query.where('status', 'in', filter.status);
      if (filter.channelId !== undefined) query = query.where('channel_id', '=', filter.channelId);
      const rows = await query.orderBy('id', 'desc').limit(limit).execute();
      return rows.map(rowToDelivery);
    },

    async attempts(deliveryId) {
      const rows = await db.selectFrom('delivery_attempts').selectAll().where('delivery_id', '=', deliveryId).orderBy('id').execute();
      return rows.map((r) => ({ id: r.id, deliveryId: r.delivery_id, at: r.at, outcome: r.outcome as DeliveryAttempt['outcome'], status: r.status, error: r.error, retryInMs: r.retry_in_ms, answer: r.answer }));
    },

    async paged(incidentId) {
      const rows = await db
        .selectFrom('deliveries')
        .select(['person_id', 'channel_id', 'address', 'language'])
        .distinct()
        .where('incident_id', '=', incidentId)
        .where('page', '=', 1)
        .where('status', '=', 'sent')
        .execute();
      return rows.map((r) => ({ personId: r.person_id, channelId: r.channel_id, address: r.address, language: r.language === 'fr' ? 'fr' : 'en' }));
    },

    async backlog(now) {
      const row = await db
        .selectFrom('deliveries')
        .select((eb) => [
          eb.fn.countAll<number>().as('due'),
          eb.fn.min(eb.case().when(eb.and([eb('lease_until', 'is not', null), eb('lease_until', '>', eb.ref('not_before'))])).then(eb.ref('lease_until')).else(eb.ref('not_before')).end()).as('oldest'),
        ])
        .where('status', '=', 'pending')
        .where('not_before', '<=', now)
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
        .executeTakeFirst();
      return { due: Number(row?.due ?? 0), oldestDueAt: row?.oldest === null || row?.oldest === undefined ? null : Number(row.oldest) };
    },
  };
}
