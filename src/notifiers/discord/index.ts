/** @module The `discord` channel: one embed to a Discord webhook, mentions disabled, `retry_after` honoured. */
import { sendHttp } from '../http-transport.js';
import { defineNotifier } from '../types.js';
import { discordBody, discordUrl, readDiscordError } from './discord-body.js';
import { discordSchema } from './discord.schema.js';

export const discordNotifier = defineNotifier({
  kind: 'discord',
  description: 'Embed to a Discord channel (webhook), without pinging anyone.',
  schema: discordSchema,
  addressesPeople: false,
  secretSettings: ['url'],
  send(settings, message, ctx) {
    return sendHttp({ url: discordUrl(settings.url), headers: { 'content-type': 'application/json' }, body: discordBody(settings, message), readError: readDiscordError }, ctx);
  },
});
