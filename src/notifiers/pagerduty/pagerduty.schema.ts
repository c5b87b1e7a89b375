/** @module Settings of the `pagerduty` channel (Events API v2). */
import { z } from 'zod';

export const pagerdutySchema = z
  .strictObject({
    url: z
      .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
      .default('https://events.pagerduty.com')
      .describe('Base URL of the Events API; events are POSTed to `<url>/v2/enqueue`.'),
    routing_secret: z
      .string()
      .regex(/^[A-Za-z0-9_-]{20,64}$/, 'must be the Integration Key of an Events API v2 integration (32 letters and digits)')
      .describe('The Integration Key of the service\'s "Events API v2" integration, sent as `routing_key`.'),
    source: z.string().min(1).max(255).default('vigie').describe('`payload.source`: where the events come from (default `vigie`).'),
  })
  .describe('PagerDuty Events API v2: trigger, acknowledge and resolve one alert per incident.');

export type PagerdutySettings = z.output<typeof pagerdutySchema>;
