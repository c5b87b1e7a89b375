/**
 * @module The `m.room.message` content for one message: `m.text` with a plain `body` and an
 * `org.matrix.custom.html` `formatted_body` whose texts are HTML-escaped.
 */
import { escapeHtml } from '../notifier-text.js';
import type { NotificationMessage } from '../types.js';

const WORDS = { en: { details: 'Details', ack: 'Acknowledge' }, fr: { details: 'Détails', ack: 'Prendre en compte' } } as const;

/** The JSON event content for one message. */
export function matrixContent(message: NotificationMessage): string {
  const { incident } = message;
  const words = WORDS[message.language];
  const links = [
    ...(incident.url ? [{ label: words.details, url: incident.url }] : []),
    ...(incident.ackUrl ? [{ label: words.ack, url: incident.ackUrl }] : []),
  ];
  const body = [message.text.subject, message.text.full, ...links.map((l) => `${l.label}: ${l.url}`)].join('\n');
  const html = [
    `<strong>${escapeHtml(message.text.subject)}</strong>`,
    escapeHtml(message.text.full).replace(/\n/g, '<br>'),
    ...(links.length ? [links.map((l) => `<a href="${escapeHtml(l.url)}">${escapeHtml(l.label)}</a>`).join(' · ')] : []),
  ].join('<br>');
  return JSON.stringify({ msgtype: 'm.text', body, format: 'org.matrix.custom.html', formatted_body: html });
}
