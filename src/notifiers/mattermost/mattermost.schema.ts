/** @module Settings of the `mattermost` channel: a Mattermost incoming webhook. */
import { z } from 'zod';

export const mattermostSchema = z
  .strictObject({
    url: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).describe('The incoming webhook URL (https://<server>/hooks/<key>).'),
    channel: z.string().min(1).max(64).optional().describe("Channel name (as in the channel's URL, e.g. `ops-alerts`) overriding the webhook's channel, when the webhook is not locked to one."),
    username: z.string().min(1).max(64).optional().describe('Name the post is shown from (needs "Enable integrations to override usernames").'),
    icon_url: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional().describe('Picture the post is shown with (needs "Enable integrations to override profile picture icons").'),
  })
  .describe('A Mattermost channel, through an incoming webhook.');

export type MattermostSettings = z.output<typeof mattermostSchema>;
