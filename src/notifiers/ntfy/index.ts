/** @module The `ntfy` channel: a push notification through an ntfy server (JSON to the server's root, optional Bearer token). */
import { sendHttp } from '../http-transport.js';
import { defineNotifier } from '../types.js';
import { ntfyBody, ntfyPublishUrl, readNtfyError } from './ntfy-body.js';
import { ntfySchema } from './ntfy.schema.js';

export const ntfyNotifier = defineNotifier({
  kind: 'ntfy',
  description: 'Push notification to phones and desktops through ntfy (ntfy.sh or self-hosted).',
  schema: ntfySchema,
  addressesPeople: false,
  send(settings, message, ctx) {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (settings.token) headers.authorization = `Bearer ${settings.token}`;
    return sendHttp({ url: ntfyPublishUrl(settings.server), headers, body: ntfyBody(settings, message), readError: readNtfyError }, ctx);
  },
});
