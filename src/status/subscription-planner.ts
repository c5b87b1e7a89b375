/**
 * @module The subscription planner: on each pass of the notification loop, incidents changed since
 * its watermark (minus a re-scan margin) are diffed, page by page, against what the page's
 * subscribers were told (`status_notices`); each new piece of news — an incident opened on one
 * of the page's components, a public update, the resolution — is queued in the deliveries outbox
 * once per active subscriber following one of those components, in the subscriber's language,
 * with an unsubscribe link, under the key `status:<page>:<incident>:<news>:<subscriber>`. The
 * notice is saved after the deliveries are queued, so a crash in between re-plans the same keys
 * (sent once). A subscriber is told only of what happened after they confirmed. Messages carry
 * public facts only: component names, the public title and updates, times in the page's zone.
 * They are made due {@link SUBSCRIBER_MESSAGES_PER_SECOND} a second, so that on-call pages do not
 * wait behind a large page's news. Pending subscribers never confirmed are dropped after a week.
 */
import type { Incident } from '../incidents/incident.types.js';
import { RESCAN_MS } from '../notifications/planner.js';
import type { DeliveryDraft, StatusMessageText } from '../storage/notification-rows.js';
import type { Store } from '../storage/store.js';
import { publicImpact, publicStatus, publicTitle, stateOfImpact } from './public-incident.js';
import { incidentUrl } from './status-links.js';
import { diffNotice, type NewsEvent } from './subscription-diff.js';
import type { SubscriptionLinks } from './subscription-links.js';
import { subscriptionPages, touchedComponents, type SubscriptionConfig, type SubscriptionPage } from './subscription-page.js';
import { STATUS_WEBHOOK_CHANNEL } from './subscription-sender.js';
import { newsMail, newsPayload, type IncidentNews } from './subscription-texts.js';
import type { Subscriber } from './subscription.types.js';

const WATERMARK = 'status.subscriptions.watermark';
/** Changed incidents read at once. */
const PAGE = 1000;
const HOUR = 3_600_000;
/** Pending subscribers older than this (and not asked again meanwhile) are deleted. */
export const PENDING_TTL_MS = 7 * 24 * HOUR;
/**
 * Subscriber messages made due per second: the outbox sends what is due first, so pacing a large
 * page's news keeps on-call pages queued meanwhile from waiting behind thousands of mails.
 */
export const SUBSCRIBER_MESSAGES_PER_SECOND = 50;

export interface SubscriptionPlannerDeps {
  store: Store;
  config: () => SubscriptionConfig;
  /** Base URL of Vigie (`server.public_url`, else the listening address). */
  publicUrl: () => string;
  links: SubscriptionLinks;
  now: () => number;
}

/** The names a subscriber follows, for the footer of its messages (empty: everything). */
export function followedNames(page: SubscriptionPage, subscriber: Pick<Subscriber, 'components' | 'language'>): string[] {
  const wanted = new Set(subscriber.components);
  return page.layout.components.filter((c) => wanted.has(c.id)).map((c) => c.name[subscriber.language]);
}

export class SubscriptionPlanner {
  private cached: { config: SubscriptionConfig; publicUrl: string; pages: Map<string, SubscriptionPage> } | undefined;
  private lastPrune = 0;

  constructor(private readonly deps: SubscriptionPlannerDeps) {}

  private pages(): Map<string, SubscriptionPage> {
    const config = this.deps.config();
    const publicUrl = this.deps.publicUrl();
    if (this.cached?.config !== config || this.cached.publicUrl !== publicUrl) this.cached = { config, publicUrl, pages: subscriptionPages(config, publicUrl) };
    return this.cached.pages;
  }

  /** Queues the news of every incident changed since the last pass; returns how many deliveries were new. */
  async plan(): Promise<number> {
    const { store } = this.deps;
    const now = this.deps.now();
    const stored = await store.meta.get(WATERMARK);
    const watermark = stored === undefined ? now - RESCAN_MS : Number(stored);
    const pages = [...this.pages().values()];
    let planned = 0;
    let newest = watermark;
    // Without a page taking subscribers there is no one to tell: the watermark follows the clock (written about once a minute).
    if (pages.length === 0 && now - RESCAN_MS - watermark > RESCAN_MS) newest = now - RESCAN_MS;
    for (let after: { updatedAt: number; id: number } | undefined; pages.length > 0; ) {
      const changed = await store.escalations.changedIncidents(Math.max(0, watermark - RESCAN_MS), PAGE, after);
      for (const incident of changed) {
        for (const page of pages) planned += await this.planPage(page, incident, now);
        newest = Math.max(newest, incident.updatedAt);
      }
      const last = changed.at(-1);
      if (changed.length < PAGE || !last) break;
      after = { updatedAt: last.updatedAt, id: last.id };
    }
    if (stored === undefined || newest > watermark) await store.meta.set(WATERMARK, String(newest));
    if (now - this.lastPrune >= HOUR) {
      this.lastPrune = now;
      await store.subscriptions.prunePending(now - PENDING_TTL_MS);
    }
    return planned;
  }

  private async planPage(page: SubscriptionPage, incident: Incident, now: number): Promise<number> {
    const { store } = this.deps;
    const touched = touchedComponents(page.layout, incident);
    if (touched.length === 0) return 0;
    const notice = await store.subscriptions.notice(page.definition.id, incident.id);
    if (notice && notice.updatedAt >= incident.updatedAt) return 0;
    const { events, next } = diffNotice(page.definition.id, notice, incident, await store.incidents.timeline(incident.id));
    let planned = 0;
    if (events.length > 0) {
      const subscribers = await store.subscriptions.active(page.definition.id);
      const touchedIds = new Set(touched.map((c) => c.id));
      const title = publicTitle(touched.map((c) => ({ name: c.name, state: stateOfImpact(publicImpact(incident.severity)) })));
      const drafts: DeliveryDraft[] = [];
      for (const event of events) {
        const news: IncidentNews = {
          kind: event.kind,
          incidentId: incident.id,
          title,
          components: touched.map((c) => ({ id: c.id, name: c.name })),
          status: event.kind === 'resolved' ? 'resolved' : (event.update?.status ?? publicStatus(incident.status)),
          startedAt: incident.firstFailureAt ?? incident.openedAt,
          resolvedAt: event.kind === 'resolved' ? (incident.resolvedAt ?? event.at) : null,
          update: event.update ? { id: event.update.id, at: event.update.at, text: event.update.text } : null,
          url: incidentUrl(page.facts.url, incident.id),
        };
        for (const subscriber of subscribers) {
          if (!told(subscriber, event, touchedIds)) continue;
          const draft = await this.draft(page, subscriber, news, event, now);
          if (draft) drafts.push({ ...draft, notBefore: now + Math.floor(drafts.length / SUBSCRIBER_MESSAGES_PER_SECOND) * 1000 });
        }
      }
      planned = await store.deliveries.enqueue(drafts, now);
    }
    await store.subscriptions.saveNotice(next);
    return planned;
  }

  private async draft(page: SubscriptionPage, subscriber: Subscriber, news: IncidentNews, event: NewsEvent, now: number): Promise<DeliveryDraft | undefined> {
    const channelId = subscriber.kind === 'email' ? page.emailChannel : page.webhooks ? STATUS_WEBHOOK_CHANNEL : undefined;
    if (channelId === undefined) return undefined;
    const token = await this.deps.links.token('unsubscribe', subscriber, 0);
    const unsubscribeUrl = `${page.facts.url}/unsubscribe/${token}`;
    const parts = newsMail(news, page.facts, subscriber.language, unsubscribeUrl, followedNames(page, subscriber));
    const status: StatusMessageText = {
      page: page.definition.id,
      subscriber: subscriber.id,
      key: `vigie-status-${page.definition.id}-incident-${news.incidentId}`,
      ...parts,
      resolved: news.kind === 'resolved',
      url: news.url,
      unsubscribeUrl,
      ...(subscriber.kind === 'webhook' ? { payload: newsPayload(news, page.facts, unsubscribeUrl) } : {}),
    };
    return {
      idempotencyKey: `status:${page.definition.id}:${news.incidentId}:${event.key}:${subscriber.id}`,
      incidentId: null,
      event: `status_${news.kind}`,
      channelId,
      personId: null,
      address: subscriber.kind === 'email' ? subscriber.address : null,
      language: subscriber.language,
      page: false,
      extra: { status },
      notBefore: now,
    };
  }
}

/** True when the subscriber follows a touched component and had confirmed when the news happened. */
function told(subscriber: Subscriber, event: NewsEvent, touchedIds: ReadonlySet<string>): boolean {
  if (subscriber.confirmedAt === null || subscriber.confirmedAt > event.at) return false;
  return subscriber.components.length === 0 || subscriber.components.some((id) => touchedIds.has(id));
}
