/** @module The `slack` channel: Block Kit message to a Slack incoming webhook (answers 200 `ok`; 400 `invalid_payload`, 403, 404 `no_service`/`channel_not_found`, 410 are permanent). */
import { sendHttp } from '../http-transport.js';
import { defineNotifier } from '../types.js';
import { slackBody } from './slack-body.js';
import { slackSchema } from './slack.schema.js';

export const slackNotifier = defineNotifier({
  kind: 'slack',
  description: 'Message with buttons to a Slack channel (incoming webhook).',
  schema: slackSchema,
  addressesPeople: false,
  secretSettings: ['url'],
  send(settings, message, ctx) {
    return sendHttp({ url: settings.url, headers: { 'content-type': 'application/json' }, body: slackBody(message) }, ctx);
  },
});
