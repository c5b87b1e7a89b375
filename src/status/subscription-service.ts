/**
 * @module Subscribing to a status page, confirming and unsubscribing, without HTTP. An e-mail
 * request creates (or renews) a pending subscriber and queues a confirmation mail through the
 * deliveries outbox with a signed link that expires after {@link CONFIRM_TTL_MS}; an address
 * already subscribed gets a reminder instead (the answer is the same, so it tells nobody who is
 * subscribed). A webhook request creates an active subscriber and hands its signing secret back
 * once. Abuse guards without CAPTCHA: at most `per_address_per_day` mails (or webhook requests)
 * per address and page, a token bucket per client IP, and nothing sent to an unconfirmed address
 * but the confirmation request.
 */
import { randomBytes } from 'node:crypto';
import type { Localized } from '../incidents/incident.types.js';
import { RateLimiter, type RateLimitOptions } from '../api/services/push-rate-limit.js';
import type { DeliveryDraft, StatusMessageText } from '../storage/notification-rows.js';
import type { Store } from '../storage/store.js';
import { REQUEST_WINDOW_MS } from '../storage/subscriptions.repository.js';
import type { StatusPageDefinition } from './status.schema.js';
import { shown, type FieldError, type SubscribeInput } from './subscribe-input.js';
import { newNonce, parseToken, type LinkPurpose, type SubscriptionLinks } from './subscription-links.js';
import { subscriptionPages, type SubscriptionConfig, type SubscriptionPage } from './subscription-page.js';
import { followedNames } from './subscription-planner.js';
import { alreadySubscribedMail, confirmationMail } from './subscription-texts.js';
import type { Subscriber, SubscriberDraft } from './subscription.types.js';
import { parseWebhookUrl, type WebhookGuard } from './webhook-target.js';

/** How long a confirmation link works. */
export const CONFIRM_TTL_MS = 48 * 3_600_000;
/** Subscription requests per client IP: a burst of 10, then one every 6 minutes. */
export const DEFAULT_IP_LIMIT: RateLimitOptions = { burst: 10, perSecond: 1 / 360, maxKeys: 10_000 };

export interface SubscriptionServiceDeps {
  store: Pick<Store, 'subscriptions' | 'deliveries' | 'meta'>;
  config: () => SubscriptionConfig;
  publicUrl: () => string;
  links: SubscriptionLinks;
  guard: WebhookGuard;
  now: () => number;
  ipLimit?: RateLimitOptions;
}

/** What a subscription request came to. */
export type SubscribeOutcome =
  | { kind: 'invalid'; error: FieldError }
  | { kind: 'unavailable'; what: 'email' | 'webhook' }
  | { kind: 'limited'; scope: 'ip' | 'address'; retryAfterS: number }
  | { kind: 'mail_sent'; address: string }
  | { kind: 'webhook'; subscriber: Subscriber; secret: string; unsubscribeUrl: string }
  | { kind: 'webhook_exists' };

/** What a confirm or unsubscribe link is. */
export type LinkCheck = { kind: 'invalid' } | { kind: 'expired' } | { kind: 'ok'; subscriber: Subscriber };

/** What following a link did. */
export type LinkAction = LinkCheck | { kind: 'done' | 'already' | 'stale'; subscriber: Subscriber };

export class SubscriptionService {
  private readonly limiter: RateLimiter;
  private cached: { config: SubscriptionConfig; publicUrl: string; pages: Map<string, SubscriptionPage> } | undefined;

  constructor(private readonly deps: SubscriptionServiceDeps) {
    this.limiter = new RateLimiter(deps.ipLimit ?? DEFAULT_IP_LIMIT, deps.now);
  }

  private pages(): Map<string, SubscriptionPage> {
    const config = this.deps.config();
    const publicUrl = this.deps.publicUrl();
    if (this.cached?.config !== config || this.cached.publicUrl !== publicUrl) this.cached = { config, publicUrl, pages: subscriptionPages(config, publicUrl) };
    return this.cached.pages;
  }

  /** A configured status page by id (links keep working for a page that stopped taking subscribers). */
  page(id: string): StatusPageDefinition | undefined {
    return this.deps.config().status_pages.find((p) => p.id === id);
  }

  /** The configured status page answering for this host name. */
  pageByHost(host: string): StatusPageDefinition | undefined {
    const name = host.toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '');
    return this.deps.config().status_pages.find((p) => p.hosts.includes(name));
  }

  /** The page's subscription settings, when it takes subscribers. */
  subscriptionPage(id: string): SubscriptionPage | undefined {
    return this.pages().get(id);
  }

  /** Handles one request from `ip`. */
  async subscribe(pageId: string, input: SubscribeInput, ip: string): Promise<SubscribeOutcome> {
    const page = this.pages().get(pageId);
    const kind = input.target.kind;
    if (!page || (kind === 'email' ? page.emailChannel === undefined : !page.webhooks)) return { kind: 'unavailable', what: kind };
    const wait = this.limiter.take(ip);
    if (wait > 0) return { kind: 'limited', scope: 'ip', retryAfterS: wait };
    const checked = await this.checkInput(page, input);
    if ('field' in checked) return { kind: 'invalid', error: checked };
    const secret = kind === 'webhook' ? `whsec_${randomBytes(32).toString('base64url')}` : null;
    const draft: SubscriberDraft = { pageId, kind, address: checked.address, language: checked.language, components: checked.components, secret, status: kind === 'webhook' ? 'active' : 'pending', tokenNonce: newNonce(), ip };
    const now = this.deps.now();
    const { subscriber: found, created } = await this.deps.store.subscriptions.create(draft, now);
    if (kind === 'webhook' && !created && found.status === 'active') return { kind: 'webhook_exists' };
    if (!(await this.deps.store.subscriptions.takeRequest(found.id, now, page.perAddressPerDay))) {
      return { kind: 'limited', scope: 'address', retryAfterS: Math.max(1, Math.ceil((found.requestsWindowStart + REQUEST_WINDOW_MS - now) / 1000)) };
    }
    let subscriber = found;
    if (!created && found.status !== 'active') {
      const renewed = await this.deps.store.subscriptions.renew(found.id, draft, now);
      subscriber = renewed.subscriber ?? found;
      if (!renewed.renewed && kind === 'webhook') return { kind: 'webhook_exists' };
    }
    if (kind === 'webhook') return { kind: 'webhook', subscriber, secret: secret!, unsubscribeUrl: await this.unsubscribeUrl(page, subscriber) };
    await this.deps.store.deliveries.enqueue([await this.requestMail(page, subscriber, now)], now);
    return { kind: 'mail_sent', address: subscriber.address };
  }

  /** The target, language and components of a request checked against the page. */
  private async checkInput(page: SubscriptionPage, input: SubscribeInput): Promise<FieldError | { address: string; language: 'en' | 'fr'; components: string[] }> {
    const languages = page.definition.languages;
    const language = input.language ?? languages[0]!;
    if (!(languages as readonly string[]).includes(language)) return { field: 'language', message: { en: `${shown(language)} is not a language of this page (${languages.join(', ')})`, fr: `${shown(language)} n’est pas une langue de cette page (${languages.join(', ')})` } };
    const ids = page.layout.components.map((c) => c.id);
    const unknown = input.components.find((c) => !ids.includes(c));
    if (unknown !== undefined) return { field: 'components', message: { en: `${shown(unknown)} is not a component of this page`, fr: `${shown(unknown)} n’est pas un composant de cette page` } };
    // Every component ticked means everything, components added later included.
    const components = input.components.length === ids.length ? [] : input.components;
    if (input.target.kind === 'email') return { address: input.target.address, language: language as 'en' | 'fr', components };
    const parsed = parseWebhookUrl(input.target.url);
    if ('error' in parsed) return { field: 'webhook', message: parsed.error };
    const refused = await this.deps.guard(parsed.url);
    if (refused) return { field: 'webhook', message: refused };
    return { address: parsed.url, language: language as 'en' | 'fr', components };
  }

  /** The confirmation request, or the reminder to an address already subscribed. */
  private async requestMail(page: SubscriptionPage, subscriber: Subscriber, now: number): Promise<DeliveryDraft> {
    const lang = subscriber.language;
    const followed = followedNames(page, subscriber);
    const active = subscriber.status === 'active';
    let parts;
    if (active) parts = alreadySubscribedMail(page.facts, lang, await this.unsubscribeUrl(page, subscriber), followed);
    else {
      const expiresAt = now + CONFIRM_TTL_MS;
      const token = await this.deps.links.token('confirm', subscriber, expiresAt);
      parts = confirmationMail(page.facts, lang, `${page.facts.url}/confirm/${token}`, expiresAt, followed);
    }
    const status: StatusMessageText = {
      page: page.definition.id,
      subscriber: subscriber.id,
      key: `vigie-status-${page.definition.id}-subscription-${subscriber.id}`,
      ...parts,
      resolved: false,
      url: page.facts.url,
      ...(active ? { unsubscribeUrl: await this.unsubscribeUrl(page, subscriber) } : {}),
    };
    return {
      idempotencyKey: active ? `status:${page.definition.id}:already:${subscriber.id}:${now}` : `status:${page.definition.id}:confirm:${subscriber.id}:${subscriber.tokenNonce}`,
      incidentId: null,
      event: active ? 'status_already' : 'status_confirm',
      channelId: page.emailChannel!,
      personId: null,
      address: subscriber.address,
      language: lang,
      page: false,
      extra: { status },
      notBefore: now,
    };
  }

  private async unsubscribeUrl(page: SubscriptionPage, subscriber: Subscriber): Promise<string> {
    return `${page.facts.url}/unsubscribe/${await this.deps.links.token('unsubscribe', subscriber, 0)}`;
  }

  /** What a link is: not one of ours (or replaced by a newer one), expired, or the subscriber's. */
  async check(pageId: string, token: string, purpose: LinkPurpose): Promise<LinkCheck> {
    const parsed = parseToken(token);
    if (!parsed || parsed.purpose !== purpose) return { kind: 'invalid' };
    const subscriber = await this.deps.store.subscriptions.get(parsed.subscriberId);
    if (!subscriber || subscriber.pageId !== pageId || !(await this.deps.links.verify(parsed, subscriber))) return { kind: 'invalid' };
    if (purpose === 'confirm' && parsed.expiresAt <= this.deps.now()) return { kind: 'expired' };
    return { kind: 'ok', subscriber };
  }

  /** Confirms the subscription of a confirm link. */
  async confirm(pageId: string, token: string): Promise<LinkAction> {
    const checked = await this.check(pageId, token, 'confirm');
    if (checked.kind !== 'ok') return checked;
    const outcome = await this.deps.store.subscriptions.confirm(checked.subscriber.id, checked.subscriber.tokenNonce, this.deps.now());
    return { kind: outcome, subscriber: (await this.deps.store.subscriptions.get(checked.subscriber.id)) ?? checked.subscriber };
  }

  /** Ends the subscription of an unsubscribe link. */
  async unsubscribe(pageId: string, token: string): Promise<LinkAction> {
    const checked = await this.check(pageId, token, 'unsubscribe');
    if (checked.kind !== 'ok') return checked;
    const outcome = await this.deps.store.subscriptions.unsubscribe(checked.subscriber.id, this.deps.now());
    return { kind: outcome, subscriber: (await this.deps.store.subscriptions.get(checked.subscriber.id)) ?? checked.subscriber };
  }
}

/** A field error as one sentence naming the field. */
export function fieldSentence(error: FieldError, lang: 'en' | 'fr'): string {
  const labels: Record<FieldError['field'], Localized> = {
    email: { en: 'E-mail address', fr: 'Adresse e-mail' },
    webhook: { en: 'Webhook URL', fr: 'URL du webhook' },
    language: { en: 'Language', fr: 'Langue' },
    components: { en: 'Components', fr: 'Composants' },
  };
  return `${labels[error.field][lang]} (${error.field})${lang === 'fr' ? ' : ' : ': '}${error.message[lang]}`;
}
