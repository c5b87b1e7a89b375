/** @module The generic `webhook` channel: versioned JSON, HMAC-SHA256 signature with a timestamp, `Idempotency-Key`. */
import { sendHttp } from '../http-transport.js';
import { defineNotifier } from '../types.js';
import { webhookBody, webhookSignature } from './webhook-body.js';
import { webhookSchema } from './webhook.schema.js';

export const webhookNotifier = defineNotifier({
  kind: 'webhook',
  description: 'Signed JSON POST to any HTTP receiver.',
  schema: webhookSchema,
  addressesPeople: false,
  send(settings, message, ctx) {
    const body = webhookBody(message);
    const t = Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {
      ...settings.headers,
      'content-type': 'application/json',
      'idempotency-key': message.idempotencyKey,
      'vigie-timestamp': String(t),
      'vigie-event': message.event,
    };
    if (settings.secret) headers['vigie-signature'] = webhookSignature(settings.secret, t, body);
    return sendHttp({ url: settings.url, headers, body }, ctx);
  },
});
