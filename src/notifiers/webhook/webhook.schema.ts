/** @module Settings of the generic `webhook` channel. */
import { z } from 'zod';

export const webhookSchema = z
  .strictObject({
    url: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).describe('Where the JSON is POSTed.'),
    secret: z.string().min(16, 'must be at least 16 characters').optional().describe('HMAC-SHA256 key: each request carries `Vigie-Signature: t=<unix seconds>,v1=<hex>` over "<t>.<body>".'),
    headers: z.record(z.string().regex(/^[A-Za-z0-9-]{1,100}$/, 'must be a header name'), z.string().max(4000)).default({}).describe('Extra request headers (e.g. an Authorization header for the receiver).'),
  })
  .describe('A signed JSON POST to any receiver.');

export type WebhookSettings = z.output<typeof webhookSchema>;
