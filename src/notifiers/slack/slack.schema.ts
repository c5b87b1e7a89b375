/** @module Settings of the `slack` channel: a Slack incoming webhook. */
import { z } from 'zod';

export const slackSchema = z
  .strictObject({
    url: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).describe('The incoming webhook URL Slack gives for one channel (https://hooks.slack.com/services/…).'),
  })
  .describe('A Slack channel, through an incoming webhook.');

export type SlackSettings = z.output<typeof slackSchema>;
