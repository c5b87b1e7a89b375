/** @module Settings of the `email` channel: an SMTP server Vigie submits mail to. */
import { z } from 'zod';

/** An address, or a display name with an address: `Vigie <vigie@example.org>`. */
const mailbox = z.string().regex(/^(?:[^<>\r\n]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/, 'must be an e-mail address, optionally as "Name <address>"');

export const emailSchema = z
  .strictObject({
    host: z.string().min(1).max(253).describe('The SMTP server (a host name or an IP address).'),
    port: z.number().int().min(1).max(65535).optional().describe('Its port: default 465 with `secure`, otherwise 587.'),
    secure: z.boolean().default(false).describe('TLS from the first byte (SMTPS, usually port 465).'),
    starttls: z.enum(['required', 'opportunistic', 'never']).default('required').describe('Without `secure`: `required` refuses a server that does not offer STARTTLS, `opportunistic` uses it when offered, `never` sends in clear (a local relay only).'),
    user: z.string().min(1).max(320).optional().describe('User name for SMTP authentication.'),
    password: z.string().min(1).max(1000).optional().describe('Password for SMTP authentication.'),
    from: mailbox.describe('The sender: `vigie@example.org` or `Vigie <vigie@example.org>`.'),
    reply_to: mailbox.optional().describe('Where replies go, when not to `from`.'),
  })
  .refine((s) => (s.user === undefined) === (s.password === undefined), { message: 'needs both user and password, or neither', path: ['password'] })
  .describe('E-mail through an SMTP server, one message per person.');

export type EmailSettings = z.output<typeof emailSchema>;

/** The port used when `port` is not given. */
export function emailPort(settings: EmailSettings): number {
  return settings.port ?? (settings.secure ? 465 : 587);
}
