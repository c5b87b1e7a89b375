/**
 * @module The tables of migration `0006-notifications` as Kysely sees them, and the stored shapes
 * the notification side reads. JSON columns are validated with zod where read.
 */
import type { Generated } from 'kysely';

type IncidentNoticesTable = {
  incident_id: number;
  status: string;
  severity: string;
  common_mode: number;
  reopened: number;
  last_update_id: number;
  /** JSON: the routes that took the incident (their channels and timings), fixed when it opened. */
  routes: string;
  updated_at: number;
};

type EscalationsTable = {
  incident_id: number;
  policy_id: string;
  /** JSON snapshot of the policy when the incident opened. */
  policy: string;
  /** Starts over counted: an acknowledgement that timed out or a reopening begins a new cycle. */
  cycle: number;
  round: number;
  next_level: number;
  next_at: number | null;
  acked_at: number | null;
  stopped_at: number | null;
  stop_reason: string | null;
  created_at: number;
  updated_at: number;
};

type DeliveriesTable = {
  id: Generated<number>;
  idempotency_key: string;
  incident_id: number | null;
  event: string;
  channel_id: string;
  person_id: string | null;
  address: string | null;
  language: string;
  /** 1 when the delivery pages someone (escalation), 0 for a channel told of every event. */
  page: number;
  /** JSON: what the message adds (who acknowledged, the update's text). */
  extra: string | null;
  status: string;
  attempts: number;
  not_before: number;
  lease_until: number | null;
  last_error: string | null;
  last_status: number | null;
  created_at: number;
  sent_at: number | null;
  updated_at: number;
};

type DeliveryAttemptsTable = {
  id: Generated<number>;
  delivery_id: number;
  at: number;
  outcome: string;
  status: number | null;
  error: string | null;
  retry_in_ms: number | null;
  answer: string | null;
};

type ChannelHealthTable = { channel_id: string; permanent_failures: number; failing_since: number | null; last_error: string | null; updated_at: number };

type AckTokensTable = { nonce: string; incident_id: number; person_id: string | null; expires_at: number; used_at: number | null };

type SilencesTable = { id: Generated<number>; matchers: string; starts_at: number; ends_at: number; author: string; comment: string; created_at: number };

/** The tables of migration `0006-notifications`. */
export type NotificationTables = {
  incident_notices: IncidentNoticesTable;
  escalations: EscalationsTable;
  deliveries: DeliveriesTable;
  delivery_attempts: DeliveryAttemptsTable;
  channel_health: ChannelHealthTable;
  ack_tokens: AckTokensTable;
  silences: SilencesTable;
};

/** Where a delivery stands. `held`: a silence or a maintenance window keeps it back for now. */
export const DELIVERY_STATUSES = ['pending', 'held', 'sent', 'failed', 'cancelled'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** A delivery: one message of one event to one recipient over one channel. */
/** A crisis message, written when it is queued, in the delivery's language. */
export interface CrisisMessageText {
  /** Stable key of what it is about, e.g. `vigie-crisis-3` (PagerDuty `dedup_key`, Opsgenie `alias`). */
  key: string;
  title: string;
  severity: 'SEV1' | 'SEV2' | 'SEV3' | 'SEV4';
  subject: string;
  short: string;
  full: string;
  url?: string;
}

/** A message to a status page subscriber, written when it is queued, in the subscriber's language. */
export interface StatusMessageText {
  page: string;
  subscriber: number;
  /** Stable key of what it is about (mail threads), e.g. `vigie-status-public-incident-12`. */
  key: string;
  title: string;
  subject: string;
  short: string;
  full: string;
  resolved: boolean;
  /** The page or the incident on it. */
  url?: string;
  /** One-click unsubscribe link (RFC 8058 `List-Unsubscribe` in mails). */
  unsubscribeUrl?: string;
  /** The JSON a webhook subscriber receives. */
  payload?: Record<string, unknown>;
}

/** What a delivery carries besides its event: who acted, an update's text, a crisis message or a status page subscriber's message. */
export interface DeliveryExtra {
  author?: string;
  update?: string;
  crisis?: CrisisMessageText;
  status?: StatusMessageText;
}

export interface Delivery {
  id: number;
  idempotencyKey: string;
  incidentId: number | null;
  event: string;
  channelId: string;
  personId: string | null;
  address: string | null;
  language: 'en' | 'fr';
  page: boolean;
  extra: DeliveryExtra | null;
  status: DeliveryStatus;
  attempts: number;
  notBefore: number;
  lastError: string | null;
  lastStatus: number | null;
  createdAt: number;
  sentAt: number | null;
}

/** What is needed to queue a delivery. */
export type DeliveryDraft = Pick<Delivery, 'idempotencyKey' | 'incidentId' | 'event' | 'channelId' | 'personId' | 'address' | 'language' | 'page' | 'extra' | 'notBefore'> & { status?: 'pending' | 'held' };

/** One attempt to send a delivery. */
export interface DeliveryAttempt {
  id: number;
  deliveryId: number;
  at: number;
  outcome: 'sent' | 'retry' | 'failed';
  status: number | null;
  error: string | null;
  retryInMs: number | null;
  answer: string | null;
}

export function rowToDelivery(row: Omit<DeliveriesTable, 'id'> & { id: number }): Delivery {
  return {
    id: row.id,
    idempotencyKey: row.idempotency_key,
    incidentId: row.incident_id,
    event: row.event,
    channelId: row.channel_id,
    personId: row.person_id,
    address: row.address,
    language: row.language === 'fr' ? 'fr' : 'en',
    page: row.page === 1,
    extra: row.extra === null ? null : (JSON.parse(row.extra) as Delivery['extra']),
    status: row.status as DeliveryStatus,
    attempts: row.attempts,
    notBefore: row.not_before,
    lastError: row.last_error,
    lastStatus: row.last_status,
    createdAt: row.created_at,
    sentAt: row.sent_at,
  };
}
