/**
 * @module The mail an `email` channel sends: subject, plain text (`text.full`) and an HTML part
 * with every text escaped, and the headers that let receivers dedupe and thread — a `Message-ID`
 * derived from the idempotency key (every retry of one message has the same one, so a mailbox
 * that got it already drops the copy), `X-Vigie-Idempotency-Key`, `References` to the incident
 * (mail clients thread an incident's messages) and `Auto-Submitted: auto-generated` (RFC 3834:
 * no auto-replies); a message with an unsubscribe link also gets `List-Unsubscribe` and
 * `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058: one click in the mail client
 * unsubscribes). The shape is the one nodemailer's `sendMail` takes. Pure.
 */
import { escapeHtml } from '../../core/html.js';
import { createHash } from 'node:crypto';
import { chatParts } from '../chat-message.js';
import type { NotificationMessage } from '../types.js';
import type { EmailSettings } from './email.schema.js';

/** One mail, ready for an SMTP client. */
export interface EmailContent {
  from: string;
  to: string;
  replyTo?: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  headers: Record<string, string>;
}

export { escapeHtml };

/** The domain of the sender's address: the right-hand side of Vigie's Message-IDs. */
export function senderDomain(from: string): string {
  const address = /<([^>]+)>\s*$/.exec(from)?.[1] ?? from;
  return address.slice(address.lastIndexOf('@') + 1).trim().toLowerCase();
}

/** `<vigie.<32 hex of SHA-256(key)>@domain>`: the same for every attempt of one message, and a valid msg-id whatever the key holds. */
export function messageIdFor(idempotencyKey: string, domain: string): string {
  return `<vigie.${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32)}@${domain}>`;
}

/** The mail for one message to `message.to`. */
export function emailContent(settings: EmailSettings, message: NotificationMessage): EmailContent {
  if (!message.to) throw new Error('an e-mail needs a recipient address (the contact\'s "to")');
  const domain = senderDomain(settings.from);
  const incidentKey = message.incident.key.replace(/[^A-Za-z0-9._-]/g, '-');
  return {
    from: settings.from,
    to: message.to,
    ...(settings.reply_to ? { replyTo: settings.reply_to } : {}),
    subject: message.text.subject,
    text: message.text.full,
    html: emailHtml(message),
    messageId: messageIdFor(message.idempotencyKey, domain),
    headers: {
      'X-Vigie-Idempotency-Key': message.idempotencyKey,
      'X-Vigie-Event': message.event,
      References: `<${incidentKey}@${domain}>`,
      'Auto-Submitted': 'auto-generated',
      ...(message.unsubscribeUrl ? { 'List-Unsubscribe': `<${message.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {}),
    },
  };
}

/** The HTML part: the subject as a heading, each line of the full text as a line, then link buttons. Everything escaped. */
export function emailHtml(message: NotificationMessage): string {
  const parts = chatParts(message);
  const lines = parts.body.split('\n').map((line) => (line.trim() === '' ? '<br>' : `<p style="margin:0 0 4px">${escapeHtml(line)}</p>`));
  const links = parts.links.map(
    (link) => `<a href="${escapeHtml(link.url)}" style="display:inline-block;margin:12px 8px 0 0;padding:8px 14px;border-radius:4px;text-decoration:none;color:#fff;background:${link.kind === 'ack' ? '#2e7d32' : '#455a64'}">${escapeHtml(link.label)}</a>`,
  );
  return [
    '<!DOCTYPE html>',
    `<html lang="${message.language}"><head><meta charset="utf-8"><title>${escapeHtml(parts.title)}</title></head>`,
    `<body style="font-family:sans-serif;font-size:14px;color:#222">`,
    `<h1 style="font-size:18px;border-left:6px solid ${parts.color};padding-left:8px">${escapeHtml(parts.title)}</h1>`,
    ...lines,
    ...(links.length > 0 ? [`<p>${links.join('')}</p>`] : []),
    '</body></html>',
  ].join('\n');
}
