/** @module Settings of the `discord` channel: a Discord channel webhook. */
import { z } from 'zod';

export const discordSchema = z
  .strictObject({
    url: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).describe('The webhook URL Discord gives for one channel (https://discord.com/api/webhooks/<id>/<token>).'),
    username: z.string().min(1).max(80).optional().describe("Name the message is shown from, instead of the webhook's."),
  })
  .describe('A Discord channel, through a webhook.');

export type DiscordSettings = z.output<typeof discordSchema>;
