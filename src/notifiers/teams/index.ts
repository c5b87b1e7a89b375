/** @module The `teams` channel: an Adaptive Card to a Microsoft Teams Workflows webhook (answers 202 Accepted). */
import { sendHttp } from '../http-transport.js';
import { defineNotifier } from '../types.js';
import { teamsBody } from './teams-body.js';
import { teamsSchema } from './teams.schema.js';

export const teamsNotifier = defineNotifier({
  kind: 'teams',
  description: 'Adaptive Card to a Microsoft Teams channel (Workflows webhook).',
  schema: teamsSchema,
  addressesPeople: false,
  secretSettings: ['url'],
  send(settings, message, ctx) {
    return sendHttp({ url: settings.url, headers: { 'content-type': 'application/json' }, body: teamsBody(message) }, ctx);
  },
});
