/**
 * @module The delivery worker: claims due deliveries (leased, so a worker killed mid-send leaves
 * them to be claimed again), renders each from the incident as it is now, sends it through its
 * channel, and records the attempt. A retryable failure (network, timeout, 408/429/5xx) is tried
 * again with backoff and jitter, not before `Retry-After`; a permanent one (other 4xx, refused
 * address) fails the delivery and counts against the channel, which is marked failing and
 * reported to the admins after {@link FAILING_AFTER} in a row. A page of an incident silenced or
 * under maintenance is held, and sent when that ends while the incident is still open; a
 * resolution is always sent. A status page subscriber's message (`extra.status`) goes as the
 * status module says (`statusSender`), and its permanent failures do not count against a channel.
 */
import type { Logger } from 'pino';
import type { Incident } from '../incidents/incident.types.js';
import { getNotifier } from '../notifiers/registry.js';
import { TransportError, type NotificationMessage, type SendContext, type SendReceipt } from '../notifiers/types.js';
import type { Delivery } from '../storage/notification-rows.js';
import type { Store } from '../storage/store.js';
import type { AckLinks } from './ack-links.js';
import { retryDelay } from './backoff.js';
import type { NotificationsModel } from './notifications-config.js';
import { personRecipients } from './recipients.js';
import { renderDelivery, renderCrisis, renderNotice, renderStatus, type IncidentSuspects } from './render.js';

/** Consecutive permanent failures after which a channel is reported failing. */
export const FAILING_AFTER = 3;
/** A retryable delivery older than this fails. */
export const GIVE_UP_AFTER_MS = 24 * 3_600_000;
/** How long a claimed batch is leased: every send of a batch runs at once and is bounded by the send timeout, so twice that plus a margin (at least 30 s); a sender killed mid-batch delays its messages by at most this. */
function leaseMs(timeoutMs: number): number {
  return Math.max(30_000, 2 * timeoutMs + 10_000);
}

/** Why a delivery would be held back now, or `undefined` when it may go. */
export type HoldReason = (incident: Incident, now: number) => Promise<string | undefined>;

/** Sends one rendered message. */
export type Send = (message: NotificationMessage, ctx: SendContext) => Promise<SendReceipt>;

/**
 * How a status page subscriber's message (`extra.status`) goes now: through `channel` (the
 * delivery's configured channel, the page's e-mail channel) or as the status module says (a
 * webhook subscriber); or why it does not (the subscriber left).
 */
export type StatusSender = (d: Delivery, channel: Send | undefined) => Promise<Send | { failed: string }>;

export interface DeliveryWorkerDeps {
  store: Store;
  log: Logger;
  model: () => NotificationsModel;
  links: AckLinks;
  publicUrl: () => string;
  /** Why an incident's messages are held (silence, maintenance), if they are. */
  hold: HoldReason;
  /** The plain-words cause of an incident without a summary. */
  cause?: (incident: Incident) => Promise<{ en: string; fr: string } | undefined>;
  /** The changes noted as suspects of an incident, named in its messages. */
  suspects?: (incident: Incident) => Promise<IncidentSuspects | undefined>;
  now: () => number;
  random?: () => number;
  /** Per-send timeout (default 10 s). */
  timeoutMs?: number;
  /** Deliveries sent at once (default 20). */
  concurrency?: number;
  /** Sends status page subscribers' messages; without it they go through their configured channel only. */
  statusSender?: StatusSender;
}

export class DeliveryWorker {
  constructor(private readonly deps: DeliveryWorkerDeps) {}

  /** Sends every due delivery; returns how many were attempted. */
  async drain(signal: AbortSignal): Promise<number> {
    const batch = await this.deps.store.deliveries.claimDue(this.deps.now(), leaseMs(this.deps.timeoutMs ?? 10_000), this.deps.concurrency ?? 20);
    await Promise.all(batch.map((d) => this.deliver(d, signal).catch((error: unknown) => this.deps.log.error({ err: error, delivery: d.id }, 'delivery failed unexpectedly'))));
    return batch.length;
  }

  /** Releases held deliveries whose silence or maintenance ended; drops held pages of resolved incidents. */
  async reviewHeld(): Promise<void> {
    const { store } = this.deps;
    const now = this.deps.now();
    const release: number[] = [];
    for (const d of await store.deliveries.held(500)) {
      const incident = d.incidentId === null ? undefined : await store.incidents.get(d.incidentId);
      if (!incident) release.push(d.id);
      else if (incident.status === 'resolved' && d.event !== 'resolved') await store.deliveries.cancel(incident.id, [d.event], now, false);
      else if ((await this.deps.hold(incident, now)) === undefined) release.push(d.id);
    }
    await store.deliveries.setHeld(release, false, now);
  }

  private async deliver(d: Delivery, signal: AbortSignal): Promise<void> {
    const { store } = this.deps;
    const now = this.deps.now();
    const send = await this.senderOf(d);
    if ('failed' in send) {
      await store.deliveries.finish(d.id, now, { outcome: 'failed', error: send.failed });
      return;
    }
    const incident = d.incidentId === null ? undefined : await store.incidents.get(d.incidentId);
    // A crisis message is never held: activating a crisis, reminding a deadline and telling an authority are deliberate.
    if (incident && d.event !== 'resolved' && d.event !== 'crisis' && incident.status !== 'resolved') {
      const held = await this.deps.hold(incident, now);
      if (held) {
        await store.deliveries.setHeld([d.id], true, now);
        await this.note(d, incident, { en: `${this.describe(d)}: held (${held})`, fr: `${this.describe(d, 'fr')} : retenu (${held})` }, `held:${d.id}`);
        return;
      }
    }
    const message = d.extra?.crisis ? renderCrisis(d, d.extra.crisis) : d.extra?.status ? renderStatus(d, d.extra.status) : incident ? await this.render(d, incident, now) : renderNotice(d, d.event === 'test' ? 'test' : 'admin', now);
    const timeoutMs = this.deps.timeoutMs ?? 10_000;
    let receipt: SendReceipt;
    try {
      receipt = await send(message, { signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]), timeoutMs });
    } catch (error) {
      await this.failed(d, incident, error, now);
      return;
    }
    await store.deliveries.finish(d.id, this.deps.now(), { outcome: 'sent', status: receipt.status, answer: receipt.answer });
    await store.escalations.channelWorked(d.channelId, now);
    if (incident) await this.note(d, incident, { en: `${this.describe(d)} sent`, fr: `${this.describe(d, 'fr')} envoyé` }, `sent:${d.id}`);
  }

  /** How `d` is sent: through its configured channel, or as the status module says for a subscriber's message. */
  private async senderOf(d: Delivery): Promise<Send | { failed: string }> {
    const channel = this.deps.model().channels.get(d.channelId);
    const notifier = channel ? getNotifier(channel.kind) : undefined;
    const send: Send | undefined = channel && notifier ? (message, ctx) => notifier.send(channel.settings, message, ctx) : undefined;
    if (d.extra?.status && this.deps.statusSender) return this.deps.statusSender(d, send);
    return send ?? { failed: `channel "${d.channelId}" is no longer configured` };
  }

  private async render(d: Delivery, incident: Incident, now: number): Promise<NotificationMessage> {
    const { ackLinkTtlMs: ttl, templates } = this.deps.model();
    return renderDelivery(d, incident, {
      now,
      templates,
      publicUrl: this.deps.publicUrl(),
      cause: incident.summary ? undefined : await this.deps.cause?.(incident),
      suspects: await this.deps.suspects?.(incident),
      ackToken: () => this.deps.links.create(d.idempotencyKey, incident.id, d.personId, now + ttl),
    });
  }

  private async failed(d: Delivery, incident: Incident | undefined, error: unknown, now: number): Promise<void> {
    const { store } = this.deps;
    const transport = error instanceof TransportError ? error : new TransportError(error instanceof Error ? error.message : String(error), { permanent: false });
    const tooOld = now - d.createdAt > GIVE_UP_AFTER_MS;
    if (transport.permanent || tooOld) {
      const reason = tooOld && !transport.permanent ? `${transport.message} (gave up after 24 h)` : transport.message;
      await store.deliveries.finish(d.id, now, { outcome: 'failed', error: reason, status: transport.status });
      if (incident) await this.note(d, incident, { en: `${this.describe(d)} failed: ${reason}`, fr: `${this.describe(d, 'fr')} en échec : ${reason}` }, `failed:${d.id}`);
      // A subscriber's address refused, or their webhook gone, says nothing about the channel.
      if (transport.permanent && !d.extra?.status) await this.countPermanent(d, reason, now);
      return;
    }
    const retryInMs = retryDelay(d.attempts + 1, (this.deps.random ?? Math.random)(), transport.retryAfterMs);
    await store.deliveries.finish(d.id, now, { outcome: 'retry', error: transport.message, status: transport.status, retryInMs });
    const seconds = Math.round(retryInMs / 1000);
    if (incident) await this.note(d, incident, { en: `${this.describe(d)} failed (${transport.message}), retry in ${seconds} s`, fr: `${this.describe(d, 'fr')} en échec (${transport.message}), nouvel essai dans ${seconds} s` }, `retry:${d.id}:${d.attempts}`);
  }

  /** Counts a permanent failure; at the threshold, tells the admins (over other channels) and logs it. */
  private async countPermanent(d: Delivery, reason: string, now: number): Promise<void> {
    const { store, log } = this.deps;
    const health = await store.escalations.channelFailed(d.channelId, reason, now);
    if (health.permanentFailures !== FAILING_AFTER) return;
    log.error({ channel: d.channelId, error: reason }, `notification channel "${d.channelId}" is failing: ${FAILING_AFTER} permanent failures in a row`);
    const model = this.deps.model();
    const text = `Notification channel "${d.channelId}" is failing: ${reason}`;
    const drafts = model.admins.flatMap((admin) =>
      personRecipients(model, admin, 'SEV1')
        .filter((r) => r.channelId !== d.channelId)
        .map((r) => ({ ...r, idempotencyKey: `channel-failing:${d.channelId}:${health.failingSince}:${r.channelId}:${admin}:${r.address ?? '-'}`, incidentId: null, event: 'channel_failing', page: false, extra: { update: text }, notBefore: now })),
    );
    await store.deliveries.enqueue(drafts, now);
  }

  private describe(d: Delivery, lang: 'en' | 'fr' = 'en'): string {
    const model = this.deps.model();
    const channel = model.channels.get(d.channelId);
    const kind = channel?.name ?? d.channelId;
    const person = d.personId ? (model.people.get(d.personId)?.name ?? d.personId) : undefined;
    if (!person) return lang === 'fr' ? `Message ${d.event} à ${kind}` : `${d.event} message to ${kind}`;
    return lang === 'fr' ? `${kind} à ${person} (${d.event})` : `${kind} to ${person} (${d.event})`;
  }

  private async note(d: Delivery, incident: Incident, text: { en: string; fr: string }, dedup: string): Promise<void> {
    await this.deps.store.incidents.addEntry(incident.id, { at: this.deps.now(), kind: 'notification', author: 'vigie', text, details: { delivery: d.id, channel: d.channelId, person: d.personId, event: d.event }, dedupKey: `delivery:${dedup}` });
  }
}
