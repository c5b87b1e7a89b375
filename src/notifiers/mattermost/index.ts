/** @module The `mattermost` channel: Markdown post with a coloured attachment to a Mattermost incoming webhook (answers 200 `ok`). */
import { sendHttp } from '../http-transport.js';
import { defineNotifier } from '../types.js';
import { mattermostBody } from './mattermost-body.js';
import { mattermostSchema } from './mattermost.schema.js';

export const mattermostNotifier = defineNotifier({
  kind: 'mattermost',
  description: 'Post with a coloured attachment to a Mattermost channel (incoming webhook).',
  schema: mattermostSchema,
  addressesPeople: false,
  secretSettings: ['url'],
  send(settings, message, ctx) {
    return sendHttp({ url: settings.url, headers: { 'content-type': 'application/json' }, body: mattermostBody(settings, message) }, ctx);
  },
});
