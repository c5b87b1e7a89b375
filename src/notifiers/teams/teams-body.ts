/**
 * @module The JSON a `teams` channel posts to a Teams Workflows webhook: a `message` with one
 * Adaptive Card attachment (version 1.4) — the subject in bold, in the severity's colour, one
 * TextBlock per line of details, a FactSet (severity, status) and `Action.OpenUrl` buttons to the
 * incident and to its acknowledge link. TextBlocks are read as Markdown (`**`, `_`, `[…](…)`,
 * lists at the start of a line), so those characters are escaped with a backslash; one block per
 * line because a single newline does not break a line in Adaptive Card Markdown.
 */
import { chatParts, escapeOutsideUrls } from '../chat-message.js';
import type { NotificationMessage } from '../types.js';

/** The Adaptive Card schema and version sent; Teams renders 1.4 on every client. */
export const ADAPTIVE_CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';
export const ADAPTIVE_CARD_VERSION = '1.4';

/** `text` with Markdown's meaningful characters escaped, so Teams shows it as typed; web addresses stay whole. */
export function escapeCardMarkdown(text: string): string {
  return escapeOutsideUrls(text, (plain) => plain.replace(/[\\*_~`[\]()]/g, '\\$&')).replace(/^(\s*)([-+#>]|\d+\.)/, '$1\\$2');
}

/** The TextBlock colour of the title: Attention (red) for SEV1 and SEV2, Warning for SEV3, Good once resolved. */
function titleColor(message: NotificationMessage): string {
  if (message.incident.status === 'resolved') return 'Good';
  if (message.incident.severity === 'SEV1' || message.incident.severity === 'SEV2') return 'Attention';
  return message.incident.severity === 'SEV3' ? 'Warning' : 'Default';
}

/** The JSON body for one message. */
export function teamsBody(message: NotificationMessage): string {
  const parts = chatParts(message);
  const lines = (parts.body || parts.summary).split('\n').filter((line) => line.trim() !== '');
  const card = {
    $schema: ADAPTIVE_CARD_SCHEMA,
    type: 'AdaptiveCard',
    version: ADAPTIVE_CARD_VERSION,
    msteams: { width: 'Full' },
    body: [
      { type: 'TextBlock', text: escapeCardMarkdown(parts.title), weight: 'Bolder', size: 'Medium', color: titleColor(message), wrap: true },
      ...lines.map((line) => ({ type: 'TextBlock', text: escapeCardMarkdown(line), wrap: true, spacing: 'Small' })),
      { type: 'FactSet', facts: parts.facts.map((f) => ({ title: f.label, value: escapeCardMarkdown(f.value) })) },
    ],
    actions: parts.links.map((link) => ({ type: 'Action.OpenUrl', title: link.label, url: link.url, ...(link.kind === 'ack' ? { style: 'positive' } : {}) })),
  };
  return JSON.stringify({
    type: 'message',
    attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card }],
  });
}
