/**
 * @module The vocabulary of status page subscriptions: a subscriber (an e-mail address with
 * double opt-in, or a webhook URL), what each page's subscribers were last told about an incident
 * (the planner diffs incidents against it, so planning twice sends nothing twice), and the
 * repository contract both dialects implement. Times are epoch ms.
 */

export const SUBSCRIBER_KINDS = ['email', 'webhook'] as const;
export type SubscriberKind = (typeof SUBSCRIBER_KINDS)[number];

/** `pending` until the e-mail link is confirmed; webhooks start `active`. */
export const SUBSCRIBER_STATUSES = ['pending', 'active', 'unsubscribed'] as const;
export type SubscriberStatus = (typeof SUBSCRIBER_STATUSES)[number];

/** A subscriber of one page. Its webhook secret is read apart ({@link SubscriptionRepository.secret}). */
export interface Subscriber {
  id: number;
  pageId: string;
  kind: SubscriberKind;
  /** The e-mail address (lower case) or the webhook URL. */
  address: string;
  language: 'en' | 'fr';
  /** Component ids of the page it follows; empty: every component. */
  components: string[];
  status: SubscriberStatus;
  /** Random value its links are signed with: a new one voids every older link. */
  tokenNonce: string;
  /** The address the subscription was asked from. */
  ip: string | null;
  /** Start of the day window of {@link SubscriptionRepository.takeRequest} and the requests counted in it. */
  requestsWindowStart: number;
  requestsInWindow: number;
  createdAt: number;
  updatedAt: number;
  confirmedAt: number | null;
  unsubscribedAt: number | null;
}

/** What a subscription request writes. `secret` (webhooks) is sealed at rest. */
export interface SubscriberDraft {
  pageId: string;
  kind: SubscriberKind;
  address: string;
  language: 'en' | 'fr';
  components: string[];
  secret: string | null;
  status: 'pending' | 'active';
  tokenNonce: string;
  ip: string | null;
}

/** What a page's subscribers were told of an incident, in its current open/resolve cycle. */
export interface StatusNotice {
  pageId: string;
  incidentId: number;
  /** The incident's `reopened` count when last planned: a reopening starts a new cycle. */
  cycle: number;
  /** The opening was told (in this cycle). */
  opened: boolean;
  /** The newest public update (timeline entry id) told; 0 for none. */
  lastUpdateId: number;
  /** The resolution was told (in this cycle). */
  resolved: boolean;
  /** The incident's `updatedAt` when last planned: an incident unchanged since is skipped. */
  updatedAt: number;
}

/** What renewing a request finds. */
export type RenewOutcome = { renewed: true; subscriber: Subscriber } | { renewed: false; subscriber: Subscriber | undefined };

/** What confirming or unsubscribing did. */
export type LinkOutcome = 'done' | 'already' | 'stale';

export interface SubscriptionRepository {
  /** Creates the subscriber of (page, kind, address) unless there is one; returns the one stored. */
  create(draft: SubscriberDraft, now: number): Promise<{ subscriber: Subscriber; created: boolean }>;
  get(id: number): Promise<Subscriber | undefined>;
  find(pageId: string, kind: SubscriberKind, address: string): Promise<Subscriber | undefined>;
  /**
   * A new request for a subscriber that is not active: its language, components, secret, nonce,
   * IP and status are replaced (older links die with the nonce). An active subscriber is left alone.
   */
  renew(id: number, draft: SubscriberDraft, now: number): Promise<RenewOutcome>;
  /**
   * Counts one mail asked for this subscriber in its day window (a new window starts a day after
   * the last one did); false, counting nothing, when `limit` were counted in the window already.
   */
  takeRequest(id: number, now: number, limit: number): Promise<boolean>;
  /** Activates a pending subscriber whose nonce is still `nonce`: `already` when active, `stale` otherwise. */
  confirm(id: number, nonce: string, now: number): Promise<LinkOutcome>;
  /** Unsubscribes: `already` when it was unsubscribed. */
  unsubscribe(id: number, now: number): Promise<LinkOutcome>;
  /** The opened webhook secret, or null. Throws when the key that sealed it is not loaded. */
  secret(id: number): Promise<string | null>;
  /** Active subscribers of a page, oldest first. */
  active(pageId: string): Promise<Subscriber[]>;
  /** Subscribers of a page (every status), newest first. */
  list(pageId: string, limit: number): Promise<Subscriber[]>;
  /** Deletes pending subscribers created before `before` whose request window ended; returns how many. */
  prunePending(before: number): Promise<number>;
  notice(pageId: string, incidentId: number): Promise<StatusNotice | undefined>;
  saveNotice(notice: StatusNotice): Promise<void>;
}
