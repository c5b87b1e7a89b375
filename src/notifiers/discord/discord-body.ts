/**
 * @module What a `discord` channel sends to Execute Webhook: `content` (the subject), one embed
 * (title linking to the incident, details and links in the description, severity colour, severity
 * and status fields, the event's time) and `allowed_mentions: { parse: [] }`, so no text — an
 * `@everyone` in a title — can ping anyone. Discord reads content and embeds as Markdown; a
 * backslash before any punctuation shows it as typed, so every Markdown character is escaped.
 * Also reads Discord's error answers: a 429 carries `retry_after` (seconds, with decimals).
 */
import { MAX_RETRY_AFTER_MS } from '../../core/retry-after.js';
import { chatParts, clip, escapeOutsideUrls, linkTarget } from '../chat-message.js';
import { oneLine } from '../http-transport.js';
import type { NotificationMessage } from '../types.js';
import type { DiscordSettings } from './discord.schema.js';

/** Discord's limits: content 2000 characters, embed title 256, description 4096, field value 1024. */
const CONTENT_MAX = 2000;
const TITLE_MAX = 256;
const DESCRIPTION_MAX = 4096;

/** `text` with Discord Markdown's characters escaped (emphasis, spoilers, code, links, mentions; quotes, headings and lists at the start of a line); web addresses stay whole. */
export function escapeDiscord(text: string): string {
  return text
    .split('\n')
    .map((line) => escapeOutsideUrls(line, (plain) => plain.replace(/[\\*_~`|[\]()<@]/g, '\\$&')).replace(/^(\s*)([-#>]|\d+\.)/, '$1\\$2'))
    .join('\n');
}

/** The webhook URL with `wait=true`, so Discord confirms the message is saved (or says why not). */
export function discordUrl(url: string): string {
  const target = new URL(url);
  target.searchParams.set('wait', 'true');
  return target.toString();
}

/** The JSON body for one message. */
export function discordBody(settings: DiscordSettings, message: NotificationMessage): string {
  const parts = chatParts(message);
  const links = parts.links.map((link) => `[${escapeDiscord(link.label)}](${linkTarget(link.url)})`).join(' · ');
  const description = [clip(escapeDiscord(parts.body || parts.summary), DESCRIPTION_MAX - links.length - 2), ...(links ? ['', links] : [])].join('\n');
  return JSON.stringify({
    ...(settings.username ? { username: settings.username } : {}),
    content: clip(escapeDiscord(parts.title), CONTENT_MAX),
    embeds: [
      {
        title: clip(escapeDiscord(parts.title), TITLE_MAX),
        ...(message.incident.url ? { url: message.incident.url } : {}),
        description,
        color: Number.parseInt(parts.color.slice(1), 16),
        fields: parts.facts.map((f) => ({ name: f.label, value: f.value, inline: true })),
        timestamp: new Date(message.at).toISOString(),
      },
    ],
    allowed_mentions: { parse: [] },
  });
}

/** Discord's JSON error (`{ "message", "code", "retry_after" }`) read into a message and, on 429, the wait. */
export function readDiscordError(status: number, body: string): { message?: string; retryAfterMs?: number } | undefined {
  let answer: { message?: unknown; code?: unknown; retry_after?: unknown };
  try {
    answer = JSON.parse(body) as typeof answer;
  } catch {
    return undefined;
  }
  if (answer === null || typeof answer !== 'object') return undefined;
  const read: { message?: string; retryAfterMs?: number } = {};
  if (typeof answer.message === 'string') read.message = `HTTP ${status}: ${oneLine(answer.message)}${typeof answer.code === 'number' ? ` (code ${answer.code})` : ''}`;
  if (status === 429 && typeof answer.retry_after === 'number' && Number.isFinite(answer.retry_after) && answer.retry_after >= 0) {
    read.retryAfterMs = Math.min(Math.ceil(answer.retry_after * 1000), MAX_RETRY_AFTER_MS);
  }
  return read;
}
