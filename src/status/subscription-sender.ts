/**
 * @module How the delivery worker sends a status page subscriber's message: only while the
 * subscriber is still there (a confirmation to a pending one, news to an active one); e-mail
 * through the page's `email` channel; webhooks as signed JSON to the subscriber's URL, with the
 * scheme of the `webhook` channel (`Vigie-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "<t>.<body>">` under the subscriber's own secret, `Idempotency-Key`). A webhook URL is checked
 * against `api.monitor_targets` again before each send; a receiver answering 410 Gone is
 * unsubscribed.
 */
import type { StatusSender, Send } from '../notifications/delivery-worker.js';
import { sendHttp } from '../notifiers/http-transport.js';
import { TransportError } from '../notifiers/types.js';
import { webhookSignature } from '../notifiers/webhook/webhook-body.js';
import { SecretOpenError } from '../secrets/secret-cipher.js';
import type { StatusMessageText } from '../storage/notification-rows.js';
import type { Store } from '../storage/store.js';
import type { Subscriber } from './subscription.types.js';
import type { WebhookGuard } from './webhook-target.js';

/** The channel id of webhook subscribers' deliveries (not one of `channels:`). */
export const STATUS_WEBHOOK_CHANNEL = 'status-webhook';

/** Delivery events of requests: they go to pending subscribers too. */
export const REQUEST_EVENTS: readonly string[] = ['status_confirm', 'status_already'];

export interface SubscriptionSenderDeps {
  store: Pick<Store, 'subscriptions'>;
  /** Why a webhook URL may not be called now, if it may not. */
  guard: WebhookGuard;
  now?: () => number;
}

/** Posts one piece of news to a webhook subscriber. */
function webhookSend(subscriber: Subscriber, secret: string, status: StatusMessageText, deps: SubscriptionSenderDeps): Send {
  return async (message, ctx) => {
    const body = JSON.stringify({ ...status.payload, idempotency_key: message.idempotencyKey });
    const t = Math.floor((deps.now ?? Date.now)() / 1000);
    const headers = {
      'content-type': 'application/json',
      'idempotency-key': message.idempotencyKey,
      'vigie-timestamp': String(t),
      'vigie-event': String(status.payload?.event ?? 'status'),
      'vigie-signature': webhookSignature(secret, t, body),
    };
    try {
      return await sendHttp({ url: subscriber.address, headers, body }, ctx);
    } catch (error) {
      if (error instanceof TransportError && error.status === 410) await deps.store.subscriptions.unsubscribe(subscriber.id, (deps.now ?? Date.now)());
      throw error;
    }
  };
}

/** The worker's {@link StatusSender} over the store. */
export function subscriptionSender(deps: SubscriptionSenderDeps): StatusSender {
  return async (d, channel) => {
    const status = d.extra?.status;
    const subscriber = status ? await deps.store.subscriptions.get(status.subscriber) : undefined;
    if (!status || !subscriber) return { failed: 'not sent: the subscriber no longer exists' };
    if (subscriber.status === 'unsubscribed') return { failed: 'not sent: the subscriber unsubscribed' };
    if (subscriber.status !== 'active' && !REQUEST_EVENTS.includes(d.event)) return { failed: 'not sent: the subscription is not confirmed' };
    if (subscriber.kind === 'email') return channel ?? { failed: `channel "${d.channelId}" is no longer configured` };
    if (!status.payload) return { failed: 'not sent: a webhook message without its JSON' };
    let secret: string | null;
    try {
      secret = await deps.store.subscriptions.secret(subscriber.id);
    } catch (error) {
      if (error instanceof SecretOpenError) return { failed: `not sent: the webhook secret cannot be opened (${error.message})` };
      throw error;
    }
    if (!secret) return { failed: 'not sent: the webhook subscriber has no secret' };
    const refused = await deps.guard(subscriber.address);
    if (refused) return { failed: `not sent: ${refused.en}` };
    return webhookSend(subscriber, secret, status, deps);
  };
}
