/** @module Settings of the `ntfy` channel: a topic on an ntfy server (ntfy.sh or self-hosted). */
import { z } from 'zod';

export const ntfySchema = z
  .strictObject({
    server: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).default('https://ntfy.sh').describe('The ntfy server (default https://ntfy.sh); messages are POSTed as JSON to its root.'),
    topic: z.string().regex(/^[-_A-Za-z0-9]{1,64}$/, 'must be 1 to 64 letters, digits, "-" or "_"').describe('The topic phones subscribe to; on a public server, a name hard to guess.'),
    token: z.string().min(1).max(200).optional().describe('Access token (`tk_…`) for a protected topic, sent as `Authorization: Bearer`.'),
  })
  .describe('Push notifications to phones and desktops through ntfy.');

export type NtfySettings = z.output<typeof ntfySchema>;
