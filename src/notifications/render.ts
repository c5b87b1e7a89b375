/**
 * @module Turns a stored delivery into the message its channel sends, from the incident as it is
 * now (so a page held by `group_wait` names every failure folded in meanwhile), in the
 * recipient's language, with the likely cause or top suspect change noted on its timeline, and a
 * signed acknowledge link on pages of open incidents.
 */
import type { Incident } from '../incidents/incident.types.js';
import type { MessageChange, MessageIncident, NotificationEvent, NotificationMessage } from '../notifiers/types.js';
import type { CrisisMessageText, Delivery, StatusMessageText } from '../storage/notification-rows.js';
import { messageTexts } from './message-texts.js';
import type { MessageTemplates } from './templates.schema.js';

/** What rendering needs besides the delivery and the incident. */
export interface RenderContext {
  now: number;
  /** Base URL of links (no trailing slash). */
  publicUrl: string;
  /** A plain-words cause when the incident has no summary (the service's reasons), in both languages. */
  cause?: { en: string; fr: string } | undefined;
  /** The changes last noted as suspects on the incident's timeline, if any. */
  suspects?: IncidentSuspects | undefined;
  /** Creates the acknowledge link token of a page. */
  ackToken?: (() => Promise<string>) | undefined;
  /** `notifications.templates`, compiled: they replace the built-in texts they cover. */
  templates?: MessageTemplates | undefined;
}

/** The suspect changes of an incident, as its timeline notes them, in both languages. */
export interface IncidentSuspects {
  /** True when the first suspect stands out as the likely cause (the ranking only ever names the top one). */
  likely: boolean;
  /** Most suspect first. */
  suspects: Array<{ changeId: number; name: string; text: { en: string; fr: string } }>;
}

const ACKABLE = new Set(['open']);

/** The incident part of a message, in `language`. */
export async function messageIncident(incident: Incident, delivery: Delivery, ctx: RenderContext): Promise<MessageIncident> {
  const lang = delivery.language;
  const status = incident.status === 'resolved' ? 'resolved' : incident.status === 'open' ? 'open' : 'acknowledged';
  const cause = incident.summary?.[lang] ?? ctx.cause?.[lang];
  const ackable = delivery.page && ACKABLE.has(incident.status) && ctx.ackToken !== undefined;
  const suspects: MessageChange[] = (ctx.suspects?.suspects ?? []).map((s) => ({ changeId: s.changeId, name: s.name, text: s.text[lang] }));
  return {
    id: incident.id,
    key: `vigie-incident-${incident.id}`,
    title: incident.title[lang],
    severity: incident.severity,
    status,
    ...(cause ? { cause } : {}),
    ...(ctx.suspects?.likely && suspects[0] ? { likelyCause: suspects[0] } : {}),
    ...(suspects.length > 0 ? { suspects } : {}),
    firstFailureAt: incident.firstFailureAt ?? incident.openedAt,
    url: `${ctx.publicUrl}/api/v1/incidents/${incident.id}`,
    ...(ackable ? { ackUrl: `${ctx.publicUrl}/ack/${await ctx.ackToken!()}` } : {}),
  };
}

/** The message of a delivery about an incident. */
export async function renderDelivery(delivery: Delivery, incident: Incident, ctx: RenderContext): Promise<NotificationMessage> {
  const event = delivery.event as Exclude<NotificationEvent, 'test'>;
  const mi = await messageIncident(incident, delivery, ctx);
  return {
    event,
    language: delivery.language,
    idempotencyKey: delivery.idempotencyKey,
    incident: mi,
    text: messageTexts(event, mi, delivery.language, ctx.now, delivery.extra ?? {}, ctx.templates),
    ...(delivery.address ? { to: delivery.address } : {}),
    at: delivery.createdAt,
  };
}

/** A message that is not about an incident: a channel test, or an alert to admins (`extra.update` says what). */
export function renderNotice(delivery: Pick<Delivery, 'idempotencyKey' | 'language' | 'address' | 'createdAt' | 'extra'>, kind: 'test' | 'admin', now: number): NotificationMessage {
  const lang = delivery.language;
  const title = kind === 'test' ? (lang === 'fr' ? 'Message de test de Vigie' : 'Test message from Vigie') : (delivery.extra?.update ?? 'Vigie');
  const incident: MessageIncident = { id: 0, key: `vigie-${kind}`, title, severity: 'SEV4', status: 'open', firstFailureAt: now };
  const text = kind === 'test' ? messageTexts('test', incident, lang, now) : { subject: `[Vigie] ${title}`, short: title, full: title };
  return { event: kind === 'test' ? 'test' : 'updated', language: lang, idempotencyKey: delivery.idempotencyKey, incident, text, ...(delivery.address ? { to: delivery.address } : {}), at: delivery.createdAt };
}

/** A crisis message: its texts were written when it was queued (`extra.crisis`). */
export function renderCrisis(delivery: Pick<Delivery, 'idempotencyKey' | 'language' | 'address' | 'createdAt'>, crisis: CrisisMessageText): NotificationMessage {
  const incident: MessageIncident = { id: 0, key: crisis.key, title: crisis.title, severity: crisis.severity, status: 'open', firstFailureAt: delivery.createdAt, ...(crisis.url ? { url: crisis.url } : {}) };
  return {
    event: 'crisis',
    language: delivery.language,
    idempotencyKey: delivery.idempotencyKey,
    incident,
    text: { subject: crisis.subject, short: crisis.short, full: crisis.full },
    ...(delivery.address ? { to: delivery.address } : {}),
    at: delivery.createdAt,
  };
}

/** A message to a status page subscriber: its texts were written when it was queued (`extra.status`). */
export function renderStatus(delivery: Pick<Delivery, 'idempotencyKey' | 'language' | 'address' | 'createdAt'>, status: StatusMessageText): NotificationMessage {
  const incident: MessageIncident = { id: 0, key: status.key, title: status.title, severity: 'SEV4', status: status.resolved ? 'resolved' : 'open', firstFailureAt: delivery.createdAt, ...(status.url ? { url: status.url } : {}) };
  return {
    event: status.resolved ? 'resolved' : 'updated',
    language: delivery.language,
    idempotencyKey: delivery.idempotencyKey,
    incident,
    text: { subject: status.subject, short: status.short, full: status.full },
    ...(delivery.address ? { to: delivery.address } : {}),
    at: delivery.createdAt,
    ...(status.unsubscribeUrl ? { unsubscribeUrl: status.unsubscribeUrl } : {}),
  };
}
