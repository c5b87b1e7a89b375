/**
 * @module The JSON a `mattermost` channel posts to an incoming webhook: `text` (the subject, in
 * bold) and one message attachment in the severity's colour holding the details, links to the
 * incident and to its acknowledge page, and severity and status fields; `fallback` is the plain
 * short text for notifications. `text`, attachment text and field values are Markdown, so
 * Markdown's characters are escaped with a backslash.
 */
import { chatParts, escapeOutsideUrls, linkTarget } from '../chat-message.js';
import type { NotificationMessage } from '../types.js';
import type { MattermostSettings } from './mattermost.schema.js';

/** `text` with Markdown's meaningful characters escaped, so Mattermost shows it as typed; web addresses stay whole. */
export function escapeMarkdown(text: string): string {
  return text
    .split('\n')
    .map((line) => escapeOutsideUrls(line, (plain) => plain.replace(/[\\*_~`[\]()|<>]/g, '\\$&')).replace(/^(\s*)([-+#=]|\d+\.)/, '$1\\$2'))
    .join('\n');
}

/** The JSON body for one message. */
export function mattermostBody(settings: MattermostSettings, message: NotificationMessage): string {
  const parts = chatParts(message);
  const links = parts.links.map((link) => `[${escapeMarkdown(link.label)}](${linkTarget(link.url)})`).join(' · ');
  const text = [escapeMarkdown(parts.body || parts.summary), ...(links ? ['', links] : [])].join('\n');
  return JSON.stringify({
    ...(settings.channel ? { channel: settings.channel } : {}),
    ...(settings.username ? { username: settings.username } : {}),
    ...(settings.icon_url ? { icon_url: settings.icon_url } : {}),
    text: `**${escapeMarkdown(parts.title)}**`,
    attachments: [
      {
        fallback: parts.summary,
        color: parts.color,
        text,
        fields: parts.facts.map((f) => ({ short: true, title: f.label, value: escapeMarkdown(f.value) })),
      },
    ],
  });
}
