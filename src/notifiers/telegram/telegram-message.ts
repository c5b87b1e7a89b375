/**
 * @module The `sendMessage` body for one message: HTML parse mode with `&`, `<`, `>` (and `"`)
 * written as entities, as the Bot API's HTML style requires; the acknowledge link as an inline
 * keyboard button; no link previews.
 */
import { escapeHtml, truncate } from '../notifier-text.js';
import type { NotificationMessage } from '../types.js';

/** Telegram's limit is 4096 characters after entities are parsed; keep room for the title and link. */
export const BODY_CHARS = 3500;

const WORDS = { en: { details: 'Details', ack: 'Acknowledge' }, fr: { details: 'Détails', ack: 'Prendre en compte' } } as const;

/** The JSON body of `sendMessage` to `chatId`. */
export function telegramBody(chatId: string, message: NotificationMessage): string {
  const { incident } = message;
  const words = WORDS[message.language];
  const lines = [`<b>${escapeHtml(message.text.subject)}</b>`, escapeHtml(truncate(message.text.full, BODY_CHARS))];
  if (incident.url) lines.push(`<a href="${escapeHtml(incident.url)}">${words.details}</a>`);
  return JSON.stringify({
    chat_id: chatId,
    text: lines.join('\n'),
    parse_mode: 'HTML',
    link_preview_options: { is_disabled: true },
    ...(incident.ackUrl ? { reply_markup: { inline_keyboard: [[{ text: words.ack, url: incident.ackUrl }]] } } : {}),
  });
}
