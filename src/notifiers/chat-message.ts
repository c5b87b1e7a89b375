/**
 * @module What every chat channel (Slack, Teams, Mattermost, Discord, ntfy) shows of a message,
 * before its own markup: a title, a body, a colour and the links to the incident and to its
 * acknowledge page, with their labels in the message's language. Plain text: each channel
 * escapes it for its own markup. Pure.
 */
import type { Language, NotificationMessage, Severity } from './types.js';

/** A link shown as a button or a link. */
export interface ChatLink {
  kind: 'incident' | 'ack';
  label: string;
  url: string;
}

/** The plain-text parts of a chat message. */
export interface ChatParts {
  /** One line: `text.subject`. */
  title: string;
  /** `text.full` without its first line when that line is the subject (shown as the title already). */
  body: string;
  /** `text.short`: for notification previews and clients without rich layout. */
  summary: string;
  /** `#rrggbb`: green once resolved, otherwise the severity's colour. */
  color: string;
  /** The incident's page, then its acknowledge link while it can be acknowledged. */
  links: ChatLink[];
  /** Labelled facts: severity and status, in the message's language. */
  facts: { label: string; value: string }[];
}

/** Colours by severity, worst first (red, orange, amber, blue). */
export const SEVERITY_COLORS: Record<Severity, string> = { SEV1: '#d32f2f', SEV2: '#f57c00', SEV3: '#fbc02d', SEV4: '#1976d2' };
/** The colour of a resolved incident. */
export const RESOLVED_COLOR = '#2e7d32';

const WORDS = {
  en: { incident: 'Details', ack: 'Acknowledge', severity: 'Severity', status: 'Status', open: 'open', acknowledged: 'acknowledged', resolved: 'resolved' },
  fr: { incident: 'Détails', ack: 'Prendre en compte', severity: 'Gravité', status: 'Statut', open: 'ouvert', acknowledged: 'pris en compte', resolved: 'résolu' },
} as const satisfies Record<Language, Record<string, string>>;

/** The parts of `message` every chat channel lays out. */
export function chatParts(message: NotificationMessage): ChatParts {
  const { incident, text } = message;
  const w = WORDS[message.language];
  const lines = text.full.split('\n');
  const body = (lines[0] === text.subject ? lines.slice(1) : lines).join('\n').replace(/^\n+/, '');
  const links: ChatLink[] = [];
  if (incident.url) links.push({ kind: 'incident', label: w.incident, url: incident.url });
  const ackable = incident.status === 'open' && message.event !== 'resolved' && message.event !== 'acknowledged';
  if (incident.ackUrl && ackable) links.push({ kind: 'ack', label: w.ack, url: incident.ackUrl });
  return {
    title: text.subject,
    body,
    summary: text.short,
    color: incident.status === 'resolved' ? RESOLVED_COLOR : SEVERITY_COLORS[incident.severity],
    links,
    facts: [
      { label: w.severity, value: incident.severity },
      { label: w.status, value: w[incident.status] },
    ],
  };
}

/** `text` cut to `max` characters, ending with "…" when cut. */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** Web addresses in plain text: kept whole by {@link escapeOutsideUrls}. */
const URL_PATTERN = /https?:\/\/[^\s<>"]+/g;

/**
 * `text` passed through `escape` except its web addresses, which stay as typed so the client
 * still links them (a backslash inside a URL would break it).
 */
export function escapeOutsideUrls(text: string, escape: (plain: string) => string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    out += escape(text.slice(last, match.index)) + match[0];
    last = match.index + match[0].length;
  }
  return out + escape(text.slice(last));
}

/** A URL safe inside a Markdown link's parentheses: parentheses, spaces and angle brackets percent-encoded. */
export function linkTarget(url: string): string {
  return url.replace(/[()\s<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
