/**
 * @module The words of notification messages, in English and French: a one-line subject, a short
 * text for SMS and chat, and a full text for e-mail, each naming the likely cause (or the top
 * suspect change) when the incident's timeline notes one. Plain text: each channel escapes it for
 * its own markup. A part with a configured template (`notifications.templates`) is written by it
 * instead. Pure.
 */
import type { Language, MessageIncident, NotificationEvent } from '../notifiers/types.js';
import { renderTemplate, type TemplateValues } from './template.js';
import { templateFor, type MessagePart, type MessageTemplates } from './templates.schema.js';

/** What a message says besides the incident: who acknowledged, the update's text. */
export interface MessageExtra {
  author?: string;
  update?: string;
}

const HEAD: Record<NotificationEvent, Record<Language, (severity: string) => string>> = {
  opened: { en: (s) => s, fr: (s) => s },
  severity_raised: { en: (s) => `${s} ↑`, fr: (s) => `${s} ↑` },
  common_mode: { en: (s) => `${s} common mode`, fr: (s) => `${s} mode commun` },
  acknowledged: { en: () => 'Acknowledged', fr: () => 'Pris en compte' },
  updated: { en: (s) => `${s} update`, fr: (s) => `${s} mise à jour` },
  resolved: { en: () => 'Resolved', fr: () => 'Résolu' },
  reopened: { en: (s) => `${s} reopened`, fr: (s) => `${s} rouvert` },
  test: { en: () => 'Test', fr: () => 'Test' },
  crisis: { en: () => 'Crisis', fr: () => 'Crise' },
};

const WORDS = {
  en: { failingFor: 'failing for', ack: 'Acknowledge', details: 'Details', cause: 'Cause', by: 'by', started: 'First failure', test: 'Test message from Vigie: this channel works.', severity: 'Severity', update: 'Update', likelyCause: 'Likely cause', suspect: 'Suspect change', listSeparator: '; ' },
  fr: { failingFor: 'en panne depuis', ack: 'Prendre en compte', details: 'Détails', cause: 'Cause', by: 'par', started: 'Première défaillance', test: 'Message de test de Vigie : ce canal fonctionne.', severity: 'Gravité', update: 'Mise à jour', likelyCause: 'Cause probable', suspect: 'Changement suspect', listSeparator: ' ; ' },
} as const;

/** How long a change's name may be in a short text (SMS, chat preview). */
const SHORT_NAME_CHARS = 40;

/** "3 min", "1 h 20 min", "2 d 4 h" ("j" in French). */
export function elapsedText(ms: number, language: Language): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  const days = Math.floor(hours / 24);
  return `${days} ${language === 'fr' ? 'j' : 'd'}${hours % 24 === 0 ? '' : ` ${hours % 24} h`}`;
}

/** The subject, short and full texts of a message: the configured template of each part, else the built-in text. */
export function messageTexts(event: NotificationEvent, incident: MessageIncident, language: Language, now: number, extra: MessageExtra = {}, templates?: MessageTemplates): { subject: string; short: string; full: string } {
  const texts = builtInTexts(event, incident, language, now, extra);
  if (!templates) return texts;
  const values = templateValues(event, incident, language, now, extra);
  const part = (name: MessagePart) => {
    const template = templateFor(templates, event, language, name);
    return template ? renderTemplate(template, values) : texts[name];
  };
  return { subject: part('subject'), short: part('short'), full: part('full') };
}

const utc = (ms: number) => `${new Date(ms).toISOString().replace('T', ' ').slice(0, 19)} UTC`;
const isOpenEvent = (event: NotificationEvent) => event !== 'resolved' && event !== 'acknowledged';

/** What a template's placeholders stand for (the acknowledge link only where the built-in text shows it). */
export function templateValues(event: NotificationEvent, incident: MessageIncident, language: Language, now: number, extra: MessageExtra = {}): TemplateValues {
  return {
    'incident.id': String(incident.id),
    'incident.title': incident.title,
    'incident.severity': incident.severity,
    'incident.status': incident.status,
    'incident.cause': incident.cause,
    'incident.likely_cause': incident.likelyCause?.text,
    'incident.suspects': incident.suspects?.map((c) => c.text).join(WORDS[language].listSeparator),
    'incident.url': incident.url,
    'incident.ack_url': isOpenEvent(event) ? incident.ackUrl : undefined,
    'incident.first_failure_at': utc(incident.firstFailureAt),
    since: elapsedText(now - incident.firstFailureAt, language),
    author: extra.author,
    update: extra.update,
    event,
  };
}

/**
 * The change a message names: the likely cause when one stands out, else the top suspect; by
 * name alone in the short text ("Likely cause: KB5009557"), with what it touched and when in
 * the full one.
 */
function changeLines(incident: MessageIncident, language: Language): { short: string; full: string } | undefined {
  const change = incident.likelyCause ?? incident.suspects?.[0];
  if (!change) return undefined;
  const w = WORDS[language];
  const label = `${incident.likelyCause ? w.likelyCause : w.suspect}${language === 'fr' ? ' :' : ':'}`;
  const name = [...change.name].length > SHORT_NAME_CHARS ? `${[...change.name].slice(0, SHORT_NAME_CHARS - 1).join('')}…` : change.name;
  return { short: `${label} ${name}`, full: `${label} ${change.text}` };
}

function builtInTexts(event: NotificationEvent, incident: MessageIncident, language: Language, now: number, extra: MessageExtra): { subject: string; short: string; full: string } {
  const w = WORDS[language];
  const colon = language === 'fr' ? ' :' : ':';
  if (event === 'test') return { subject: `[Vigie] ${w.test}`, short: w.test, full: w.test };
  const head = HEAD[event][language](incident.severity);
  const by = extra.author && event === 'acknowledged' ? ` ${w.by} ${extra.author}` : '';
  const subject = `[${head}${by}] ${incident.title}`;
  const open = isOpenEvent(event);
  const since = open ? `${w.failingFor} ${elapsedText(now - incident.firstFailureAt, language)}` : '';
  const change = changeLines(incident, language);
  const shortParts = [subject, incident.cause, change?.short, extra.update, since].filter((p): p is string => !!p);
  const ack = open && incident.ackUrl ? ` ${w.ack}${colon} ${incident.ackUrl}` : '';
  const short = `${shortParts.join(' — ')}.${ack}`;
  const lines = [
    subject,
    '',
    ...(incident.service ? [incident.service] : []),
    ...(incident.cause ? [`${w.cause}${colon} ${incident.cause}`] : []),
    ...(change ? [change.full] : []),
    ...(extra.update ? [`${w.update}${colon} ${extra.update}`] : []),
    `${w.severity}${colon} ${incident.severity}`,
    `${w.started}${colon} ${utc(incident.firstFailureAt)}${since ? ` (${since})` : ''}`,
    ...(incident.url ? ['', `${w.details}${colon} ${incident.url}`] : []),
    ...(open && incident.ackUrl ? [`${w.ack}${colon} ${incident.ackUrl}`] : []),
  ];
  return { subject, short, full: lines.join('\n') };
}
