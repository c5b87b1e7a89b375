/**
 * @module The JSON a `slack` channel posts to an incoming webhook: Block Kit blocks (a header
 * with the subject, a mrkdwn section with the details, link buttons to the incident and to its
 * acknowledge page) and `text`, which Slack shows in notifications and where blocks cannot be
 * shown. Slack's mrkdwn gives meaning to `&`, `<` and `>` only (links, mentions such as
 * `<!channel>`); Slack asks for them as HTML entities, which also keeps a title from pinging a
 * whole channel.
 */
import { chatParts, clip } from '../chat-message.js';
import type { NotificationMessage } from '../types.js';

/** Slack's limits: header text 150 characters, section text 3000, button text 75. */
const HEADER_MAX = 150;
const SECTION_MAX = 3000;
const BUTTON_MAX = 75;

/** `text` with `&`, `<` and `>` written as Slack asks, so they show as typed. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The JSON body for one message. */
export function slackBody(message: NotificationMessage): string {
  const parts = chatParts(message);
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(parts.title, HEADER_MAX), emoji: true } },
    {
      type: 'section',
      text: { type: 'mrkdwn', text: clip(escapeMrkdwn(parts.body || parts.summary), SECTION_MAX) },
      fields: parts.facts.map((f) => ({ type: 'mrkdwn', text: `*${escapeMrkdwn(f.label)}*\n${escapeMrkdwn(f.value)}` })),
    },
  ];
  if (parts.links.length > 0) {
    blocks.push({
      type: 'actions',
      elements: parts.links.map((link) => ({
        type: 'button',
        action_id: `vigie-${link.kind}`,
        text: { type: 'plain_text', text: clip(link.label, BUTTON_MAX) },
        url: link.url,
        ...(link.kind === 'ack' ? { style: 'primary' } : {}),
      })),
    });
  }
  return JSON.stringify({ text: escapeMrkdwn(parts.summary), blocks });
}
