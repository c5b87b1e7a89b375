/**
 * @module What the notification side remembers besides deliveries: per incident, what its people
 * were last told (`incident_notices`, diffed against the incident to find what is new) and the
 * escalation in progress; channel health; single-use acknowledge links; silences. Only queries.
 */
import type { Kysely } from 'kysely';
import type { Incident } from '../incidents/incident.types.js';
import type { IncidentTables } from './incident-rows.js';
import { rowToIncident } from './incident-rows.js';
import type { NotificationTables } from './notification-rows.js';
import type { Database } from './tables.js';

type Db = Kysely<Database & IncidentTables & NotificationTables>;

/** What an incident's people were last told. */
export interface IncidentNotice {
  incidentId: number;
  status: string;
  severity: string;
  commonMode: boolean;
  reopened: number;
  /** The last timeline entry (update or acknowledgement) already told. */
  lastUpdateId: number;
  /** The routes that took the incident, as JSON-ready data. */
  routes: unknown;
  updatedAt: number;
}

/** An escalation in progress (or stopped). */
export interface Escalation {
  incidentId: number;
  policyId: string;
  /** The policy as it was when the incident opened. */
  policy: unknown;
  /** How many times the escalation started over (acknowledgement timed out, incident reopened). */
  cycle: number;
  round: number;
  nextLevel: number;
  nextAt: number | null;
  ackedAt: number | null;
  stoppedAt: number | null;
  stopReason: string | null;
}

export interface ChannelHealth {
  channelId: string;
  permanentFailures: number;
  failingSince: number | null;
  lastError: string | null;
  updatedAt: number;
}

export interface Silence {
  id: number;
  matchers: Record<string, string[]>;
  startsAt: number;
  endsAt: number;
  author: string;
  comment: string;
  createdAt: number;
}

export interface EscalationRepository {
  /** Incidents changed at or after `since`, oldest change first. */
  /**
   * Incidents changed at or after `since`, oldest change first (by `updated_at`, then id); `after`
   * continues past the last one of a previous page, so a burst larger than `limit` is read whole.
   */
  changedIncidents(since: number, limit: number, after?: { updatedAt: number; id: number }): Promise<Incident[]>;
  notice(incidentId: number): Promise<IncidentNotice | undefined>;
  saveNotice(notice: IncidentNotice): Promise<void>;
  /** Starts an escalation unless the incident has one. */
  start(escalation: Escalation, now: number): Promise<boolean>;
  get(incidentId: number): Promise<Escalation | undefined>;
  /** Escalations whose next step is due. */
  due(now: number, limit: number): Promise<Escalation[]>;
  /** Moves an escalation on if it is still at `from` (one caller wins); false otherwise. */
  advance(incidentId: number, from: Pick<Escalation, 'round' | 'nextLevel'>, to: Pick<Escalation, 'round' | 'nextLevel' | 'nextAt'> & { stopReason?: string }, now: number): Promise<boolean>;
  /** Stops escalating (acknowledged, resolved); `ackedAt` set for an acknowledgement. */
  stop(incidentId: number, reason: string, now: number, acked: boolean): Promise<void>;
  /** An acknowledgement that may time out: escalating pauses until `timeoutAt`, then starts over from level 0. */
  acknowledgeUntil(incidentId: number, timeoutAt: number, now: number): Promise<void>;
  /** Restarts from level 0 (an acknowledgement timed out, the incident reopened). */
  restart(incidentId: number, nextAt: number, now: number): Promise<void>;
  /** Counts a permanent failure; returns the channel's health after it. */
  channelFailed(channelId: string, error: string, now: number): Promise<ChannelHealth>;
  /** A success clears the failure count. */
  channelWorked(channelId: string, now: number): Promise<void>;
  channelHealth(): Promise<ChannelHealth[]>;
  createAckToken(token: { nonce: string; incidentId: number; personId: string | null; expiresAt: number }): Promise<void>;
  /** Whether a link exists and can still be used, without using it. */
  useAckTokenState(nonce: string, now?: number): Promise<'ok' | 'unknown' | 'used' | 'expired'>;
  /** The incident and person of a link. */
  ackToken(nonce: string): Promise<{ incidentId: number; personId: string | null; expiresAt: number; usedAt: number | null } | undefined>;
  /** Marks a link used if it exists, is unused and unexpired; says which of these failed otherwise. */
  useAckToken(nonce: string, now: number): Promise<'ok' | 'unknown' | 'used' | 'expired'>;
  createSilence(silence: Omit<Silence, 'id'>): Promise<Silence>;
  /** Silences not ended at `at`, soonest end first (including those not started yet). */
  silences(at: number): Promise<Silence[]>;
  getSilence(id: number): Promise<Silence | undefined>;
  /** Ends a silence now; false when unknown or already ended. */
  expireSilence(id: number, now: number): Promise<boolean>;
}

/** The escalations repository over a Kysely database. */
export function escalationsRepository(database: Kysely<Database>): EscalationRepository {
  const db = database.withTables<IncidentTables & NotificationTables>() as unknown as Db;
  const toEscalation = (r: NotificationTables['escalations']): Escalation => ({
    incidentId: Number(r.incident_id),
    policyId: r.policy_id,
    policy: JSON.parse(r.policy) as unknown,
    cycle: r.cycle,
    round: r.round,
    nextLevel: r.next_level,
    nextAt: r.next_at,
    ackedAt: r.acked_at,
    stoppedAt: r.stopped_at,
    stopReason: r.stop_reason,
  });
  const toSilence = (r: Omit<NotificationTables['silences'], 'id'> & { id: number }): Silence => ({
    id: r.id,
    matchers: JSON.parse(r.matchers) as Record<string, string[]>,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    author: r.author,
    comment: r.comment,
    createdAt: r.created_at,
  });
  return {
    async changedIncidents(since, limit, after) {
      let query = db.selectFrom('incidents').selectAll().where('updated_at', '>=', since);
      if (after) query = query.where((eb) => eb.or([eb('updated_at', '>', after.updatedAt), eb.and([eb('updated_at', '=', after.updatedAt), eb('id', '>', after.id)])]));
      const rows = await query.orderBy('updated_at').orderBy('id').limit(limit).execute();
      return rows.map(rowToIncident);
    },

    async notice(incidentId) {
      const r = await db.selectFrom('incident_notices').selectAll().where('incident_id', '=', incidentId).executeTakeFirst();
      if (!r) return undefined;
      return { incidentId: Number(r.incident_id), status: r.status, severity: r.severity, commonMode: r.common_mode === 1, reopened: r.reopened, lastUpdateId: Number(r.last_update_id), routes: JSON.parse(r.routes) as unknown, updatedAt: r.updated_at };
    },

    async saveNotice(n) {
      const values = { status: n.status, severity: n.severity, common_mode: n.commonMode ? 1 : 0, reopened: n.reopened, last_update_id: n.lastUpdateId, routes: JSON.stringify(n.routes), updated_at: n.updatedAt };
      await db
        .insertInto('incident_notices')
        .values({ incident_id: n.incidentId, ...values })
        .onConflict((oc) => oc.column('incident_id').doUpdateSet(values))
        .execute();
    },

    async start(e, now) {
      const inserted = await db
        .insertInto('escalations')
        .values({ incident_id: e.incidentId, policy_id: e.policyId, policy: JSON.stringify(e.policy), cycle: 0, round: e.round, next_level: e.nextLevel, next_at: e.nextAt, acked_at: null, stopped_at: null, stop_reason: null, created_at: now, updated_at: now })
        .onConflict((oc) => oc.column('incident_id').doNothing())
        .executeTakeFirst();
      return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    async get(incidentId) {
      const r = await db.selectFrom('escalations').selectAll().where('incident_id', '=', incidentId).executeTakeFirst();
      return r ? toEscalation(r) : undefined;
    },

    async due(now, limit) {
      const rows = await db.selectFrom('escalations').selectAll().where('next_at', '<=', now).where('stopped_at', 'is', null).orderBy('next_at').limit(limit).execute();
      return rows.map(toEscalation);
    },

    async advance(incidentId, from, to, now) {
      const stopped = to.nextAt === null;
      const result = await db
        .updateTable('escalations')
        .set({ round: to.round, next_level: to.nextLevel, next_at: to.nextAt, updated_at: now, ...(stopped ? { stopped_at: now, stop_reason: to.stopReason ?? 'exhausted' } : {}) })
        .where('incident_id', '=', incidentId)
        .where('round', '=', from.round)
        .where('next_level', '=', from.nextLevel)
        .where('stopped_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async stop(incidentId, reason, now, acked) {
      await db
        .updateTable('escalations')
        .set({ stopped_at: now, stop_reason: reason, next_at: null, updated_at: now, ...(acked ? { acked_at: now } : {}) })
        .where('incident_id', '=', incidentId)
        .where('stopped_at', 'is', null)
        .execute();
    },

    async acknowledgeUntil(incidentId, timeoutAt, now) {
      await db
        .updateTable('escalations')
        .set((eb) => ({ cycle: eb('cycle', '+', 1), round: 0, next_level: 0, next_at: timeoutAt, acked_at: now, stopped_at: null, stop_reason: null, updated_at: now }))
        .where('incident_id', '=', incidentId)
        .execute();
    },

    async restart(incidentId, nextAt, now) {
      await db
        .updateTable('escalations')
        .set((eb) => ({ cycle: eb('cycle', '+', 1), round: 0, next_level: 0, next_at: nextAt, stopped_at: null, stop_reason: null, acked_at: null, updated_at: now }))
        .where('incident_id', '=', incidentId)
        .execute();
    },

    async channelFailed(channelId, error, now) {
      const row = await db
        .insertInto('channel_health')
        .values({ channel_id: channelId, permanent_failures: 1, failing_since: now, last_error: error, updated_at: now })
        .onConflict((oc) =>
          oc.column('channel_id').doUpdateSet((eb) => ({
            permanent_failures: eb('channel_health.permanent_failures', '+', 1),
            failing_since: eb.fn.coalesce('channel_health.failing_since', eb.val(now)),
            last_error: error,
            updated_at: now,
          })),
        )
        .returningAll()
        .executeTakeFirstOrThrow();
      return { channelId, permanentFailures: row.permanent_failures, failingSince: row.failing_since, lastError: row.last_error, updatedAt: row.updated_at };
    },

    async channelWorked(channelId, now) {
      await db.updateTable('channel_health').set({ permanent_failures: 0, failing_since: null, updated_at: now }).where('channel_id', '=', channelId).where('permanent_failures', '>', 0).execute();
    },

    async channelHealth() {
      const rows = await db.selectFrom('channel_health').selectAll().orderBy('channel_id').execute();
      return rows.map((r) => ({ channelId: r.channel_id, permanentFailures: r.permanent_failures, failingSince: r.failing_since, lastError: r.last_error, updatedAt: r.updated_at }));
    },

    async createAckToken(t) {
      await db.insertInto('ack_tokens').values({ nonce: t.nonce, incident_id: t.incidentId, person_id: t.personId, expires_at: t.expiresAt, used_at: null }).execute();
    },

    async useAckTokenState(nonce, now = Date.now()) {
      const row = await db.selectFrom('ack_tokens').select(['used_at', 'expires_at']).where('nonce', '=', nonce).executeTakeFirst();
      if (!row) return 'unknown';
      if (row.used_at !== null) return 'used';
      return row.expires_at <= now ? 'expired' : 'ok';
    },

    async ackToken(nonce) {
      const row = await db.selectFrom('ack_tokens').selectAll().where('nonce', '=', nonce).executeTakeFirst();
      return row ? { incidentId: Number(row.incident_id), personId: row.person_id, expiresAt: row.expires_at, usedAt: row.used_at } : undefined;
    },

    async useAckToken(nonce, now) {
      const used = await db.updateTable('ack_tokens').set({ used_at: now }).where('nonce', '=', nonce).where('used_at', 'is', null).where('expires_at', '>', now).executeTakeFirst();
      if (Number(used.numUpdatedRows) > 0) return 'ok';
      const row = await db.selectFrom('ack_tokens').select(['used_at', 'expires_at']).where('nonce', '=', nonce).executeTakeFirst();
      if (!row) return 'unknown';
      return row.used_at !== null ? 'used' : 'expired';
    },

    async createSilence(s) {
      const row = await db
        .insertInto('silences')
        .values({ matchers: JSON.stringify(s.matchers), starts_at: s.startsAt, ends_at: s.endsAt, author: s.author, comment: s.comment, created_at: s.createdAt })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toSilence(row);
    },

    async silences(at) {
      const rows = await db.selectFrom('silences').selectAll().where('ends_at', '>', at).orderBy('ends_at').orderBy('id').execute();
      return rows.map(toSilence);
    },

    async getSilence(id) {
      const row = await db.selectFrom('silences').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toSilence(row) : undefined;
    },

    async expireSilence(id, now) {
      const result = await db.updateTable('silences').set({ ends_at: now }).where('id', '=', id).where('ends_at', '>', now).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
  };
}
