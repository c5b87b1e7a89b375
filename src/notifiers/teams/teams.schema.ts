/** @module Settings of the `teams` channel: a Microsoft Teams Workflows webhook. */
import { z } from 'zod';

export const teamsSchema = z
  .strictObject({
    url: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).describe('The URL of a Teams workflow started by "When a Teams webhook request is received" (the "Send webhook alerts to a channel" template).'),
  })
  .describe('A Microsoft Teams channel or chat, through a Workflows webhook posting Adaptive Cards.');

export type TeamsSettings = z.output<typeof teamsSchema>;
