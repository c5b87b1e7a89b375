/** @module Settings of the `opsgenie` channel (Alert API v2). */
import { z } from 'zod';

export const opsgenieSchema = z
  .strictObject({
    url: z
      .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
      .default('https://api.opsgenie.com')
      .describe('Base URL of the Alert API: `https://api.opsgenie.com`, or `https://api.eu.opsgenie.com` for an EU account.'),
    api_key: z.string().min(1).max(200).describe('The API key of an Opsgenie "API" integration, sent as `Authorization: GenieKey <api_key>`.'),
    source: z.string().min(1).max(100).default('Vigie').describe('`source` of the alerts and actions (default `Vigie`).'),
    tags: z.array(z.string().min(1).max(50)).max(20).default([]).describe('Tags added to every alert (at most 20, 50 characters each).'),
  })
  .describe('Opsgenie Alert API: one alert per incident, acknowledged and closed with it.');

export type OpsgenieSettings = z.output<typeof opsgenieSchema>;
