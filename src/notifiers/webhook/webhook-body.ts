/**
 * @module The versioned JSON a `webhook` channel posts, and its signature. The incident names the
 * change that likely caused it (`likely_cause`, or null) and its suspect changes (`suspects`,
 * most suspect first), each as `{ change, name, text }`. Receivers check
 * `Vigie-Signature` (`t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`), refuse
 * timestamps older than a few minutes, and dedupe on `Idempotency-Key`.
 */
import { createHmac } from 'node:crypto';
import type { MessageChange, NotificationMessage } from '../types.js';

/** The body version; bumped only on breaking changes (new fields are not: receivers ignore what they do not know). */
export const WEBHOOK_VERSION = 1;

const changeJson = (change: MessageChange) => ({ change: change.changeId, name: change.name, text: change.text });

/** The JSON body for one message. */
export function webhookBody(message: NotificationMessage): string {
  const { incident } = message;
  return JSON.stringify({
    version: WEBHOOK_VERSION,
    event: message.event,
    idempotency_key: message.idempotencyKey,
    language: message.language,
    to: message.to ?? null,
    at: new Date(message.at).toISOString(),
    incident: {
      id: incident.id,
      key: incident.key,
      title: incident.title,
      severity: incident.severity,
      status: incident.status,
      service: incident.service ?? null,
      cause: incident.cause ?? null,
      likely_cause: incident.likelyCause ? changeJson(incident.likelyCause) : null,
      suspects: (incident.suspects ?? []).map(changeJson),
      first_failure_at: new Date(incident.firstFailureAt).toISOString(),
      url: incident.url ?? null,
      ack_url: incident.ackUrl ?? null,
    },
    text: message.text,
  });
}

/** The `Vigie-Signature` header value for `body` sent at `unixSeconds`. */
export function webhookSignature(secret: string, unixSeconds: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}
