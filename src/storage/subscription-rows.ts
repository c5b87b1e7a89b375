/**
 * @module The tables of migration `0008-status-subscriptions` as Kysely sees them, and the
 * mapping between their rows and the subscription types. The JSON column and enumerated values
 * are validated with zod where read, so a row edited by hand fails with the table, row and column.
 */
import type { Generated, Insertable } from 'kysely';
import { z } from 'zod';
import { SUBSCRIBER_KINDS, SUBSCRIBER_STATUSES, type StatusNotice, type Subscriber } from '../status/subscription.types.js';
import { parseJsonColumn } from './json-columns.js';

type StatusSubscribersTable = {
  id: Generated<number>;
  page_id: string;
  kind: string;
  address: string;
  language: string;
  /** JSON array of component ids; empty: every component. */
  components: string;
  /** The webhook signing secret, sealed (`enc:v1:…`); null for e-mail. */
  secret: string | null;
  status: string;
  token_nonce: string;
  ip: string | null;
  requests_window_start: number;
  requests_in_window: number;
  created_at: number;
  updated_at: number;
  confirmed_at: number | null;
  unsubscribed_at: number | null;
};

type StatusNoticesTable = {
  page_id: string;
  incident_id: number;
  cycle: number;
  opened: number;
  last_update_id: number;
  resolved: number;
  updated_at: number;
};

/** The tables of migration `0008-status-subscriptions`. */
export type SubscriptionTables = {
  status_subscribers: StatusSubscribersTable;
  status_notices: StatusNoticesTable;
};

type SubscriberRow = Omit<StatusSubscribersTable, 'id'> & { id: number };

const componentsSchema = z.array(z.string());
const enumOf = <T extends string>(values: readonly T[], value: string, column: string, id: number): T => {
  if ((values as readonly string[]).includes(value)) return value as T;
  throw new Error(`The ${column} column of status_subscribers row ${id} is "${value}", not one of ${values.join(', ')}; the database may have been edited by hand.`);
};

export function rowToSubscriber(row: SubscriberRow): Subscriber {
  const where = { table: 'status_subscribers', key: row.id };
  return {
    id: Number(row.id),
    pageId: row.page_id,
    kind: enumOf(SUBSCRIBER_KINDS, row.kind, 'kind', row.id),
    address: row.address,
    language: row.language === 'fr' ? 'fr' : 'en',
    components: parseJsonColumn(componentsSchema, row.components, { ...where, column: 'components' }),
    status: enumOf(SUBSCRIBER_STATUSES, row.status, 'status', row.id),
    tokenNonce: row.token_nonce,
    ip: row.ip,
    requestsWindowStart: Number(row.requests_window_start),
    requestsInWindow: row.requests_in_window,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    confirmedAt: row.confirmed_at === null ? null : Number(row.confirmed_at),
    unsubscribedAt: row.unsubscribed_at === null ? null : Number(row.unsubscribed_at),
  };
}

export function rowToNotice(row: StatusNoticesTable): StatusNotice {
  return {
    pageId: row.page_id,
    incidentId: Number(row.incident_id),
    cycle: row.cycle,
    opened: row.opened === 1,
    lastUpdateId: Number(row.last_update_id),
    resolved: row.resolved === 1,
    updatedAt: Number(row.updated_at),
  };
}

export function noticeToRow(notice: StatusNotice): Insertable<StatusNoticesTable> {
  return {
    page_id: notice.pageId,
    incident_id: notice.incidentId,
    cycle: notice.cycle,
    opened: notice.opened ? 1 : 0,
    last_update_id: notice.lastUpdateId,
    resolved: notice.resolved ? 1 : 0,
    updated_at: notice.updatedAt,
  };
}
