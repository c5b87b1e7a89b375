/**
 * @module What an `ntfy` channel publishes: the JSON message of ntfy's "publish as JSON"
 * (POSTed to the server's root, not to the topic's URL) — title, plain-text message, a priority
 * from the severity (5 for SEV1 … 2 for SEV4; 3 once acknowledged or resolved), emoji tags, a
 * click action opening the incident and `view` action buttons (the acknowledge one clears the
 * notification). ntfy shows the message as plain text: nothing to escape. Also reads ntfy's JSON
 * errors (`{ "code", "http", "error" }`).
 */
import { chatParts, clip } from '../chat-message.js';
import { oneLine } from '../http-transport.js';
import type { NotificationMessage, Severity } from '../types.js';
import type { NtfySettings } from './ntfy.schema.js';

/** ntfy priorities: 5 max/urgent, 4 high, 3 default, 2 low, 1 min. */
export const NTFY_PRIORITY: Record<Severity, number> = { SEV1: 5, SEV2: 4, SEV3: 3, SEV4: 2 };
const SEVERITY_TAG: Record<Severity, string> = { SEV1: 'rotating_light', SEV2: 'warning', SEV3: 'warning', SEV4: 'information_source' };
/** Well under ntfy's 4096-byte message limit (longer messages become attachments). */
const MESSAGE_MAX = 3000;

/** The URL JSON messages are POSTed to: the server's root, with its path if it is served under one. */
export function ntfyPublishUrl(server: string): string {
  const url = new URL(server);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.toString();
}

/** The JSON body for one message. */
export function ntfyBody(settings: NtfySettings, message: NotificationMessage): string {
  const parts = chatParts(message);
  const { incident } = message;
  const open = incident.status === 'open' && message.event !== 'resolved' && message.event !== 'acknowledged';
  return JSON.stringify({
    topic: settings.topic,
    title: parts.title,
    message: clip(parts.body || parts.summary, MESSAGE_MAX),
    priority: open ? NTFY_PRIORITY[incident.severity] : 3,
    tags: [incident.status === 'resolved' ? 'white_check_mark' : SEVERITY_TAG[incident.severity], incident.severity.toLowerCase()],
    ...(incident.url ? { click: incident.url } : {}),
    ...(parts.links.length > 0 ? { actions: parts.links.map((link) => ({ action: 'view', label: link.label, url: link.url, ...(link.kind === 'ack' ? { clear: true } : {}) })) } : {}),
  });
}

/** ntfy's JSON error read into a message: `HTTP 403: forbidden (code 40301)`. */
export function readNtfyError(status: number, body: string): { message: string } | undefined {
  try {
    const answer = JSON.parse(body) as { error?: unknown; code?: unknown };
    if (answer && typeof answer.error === 'string') return { message: `HTTP ${status}: ${oneLine(answer.error)}${typeof answer.code === 'number' ? ` (code ${answer.code})` : ''}` };
  } catch {
    // not JSON: the transport's own message
  }
  return undefined;
}
