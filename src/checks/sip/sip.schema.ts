/** @module The `sip` check block (`monitors[].sip`): where to send an OPTIONS request and what counts as alive. */
import { isIP } from 'node:net';
import { z } from 'zod';
import { caSchema, verifyTlsSchema } from '../net/tls-options.js';

const HOST_NAME = /^(?=.{1,253}$)[a-zA-Z0-9_](?:[a-zA-Z0-9_-]{0,62})(?:\.[a-zA-Z0-9_](?:[a-zA-Z0-9_-]{0,62}))*\.?$/;
const SIP_URI = /^sips?:[^\s<>"]+$/i;
const HEADER_TEXT = /^[^\r\n]+$/;

/** The transports a SIP OPTIONS can travel over. */
export const SIP_TRANSPORTS = ['udp', 'tcp', 'tls'] as const;
export type SipTransport = (typeof SIP_TRANSPORTS)[number];

/** The `sip` block. */
export const sipSchema = z
  .strictObject({
    host: z
      .string()
      .refine((value) => isIP(value) !== 0 || HOST_NAME.test(value), 'must be a host name or an IP address, without scheme or port')
      .describe('Host name or IP address of the SIP server (call server, proxy, SBC).'),
    port: z
      .number()
      .int()
      .min(1, 'must be a port between 1 and 65535')
      .max(65535, 'must be a port between 1 and 65535')
      .optional()
      .describe('Port (default 5060, or 5061 with transport: tls).'),
    transport: z.enum(SIP_TRANSPORTS).default('udp').describe('udp (with retransmissions), tcp or tls.'),
    uri: z.string().regex(SIP_URI, 'must be a SIP URI such as sip:ping@192.0.2.10:5060').optional().describe('Request-URI (default sip:<host>:<port>).'),
    from_uri: z.string().regex(SIP_URI, 'must be a SIP URI such as sip:vigie@monitoring.example').optional().describe('URI of the From header (default sip:vigie@<local address>).'),
    accepted_codes: z
      .array(z.number().int().min(100, 'must be a SIP final code (200-699)').max(699, 'must be a SIP final code (200-699)').refine((code) => code >= 200, 'must be a final code (200-699), not a provisional 1xx'))
      .min(1)
      .default([200])
      .describe('Response codes meaning "alive" (default [200]); many operators add 404, 405 or 483.'),
    verify_tls: verifyTlsSchema,
    ca: caSchema.optional(),
    user_agent: z.string().regex(HEADER_TEXT, 'must be one line of text').max(200).default('Vigie').describe('The User-Agent header sent.'),
  })
  .refine((c) => c.transport === 'tls' || c.ca === undefined, { message: 'is only used with transport: tls', path: ['ca'] })
  .describe('SIP OPTIONS ping (RFC 3261) over UDP, TCP or TLS.');

/** The parsed `sip` block. */
export type SipConfig = z.output<typeof sipSchema>;

/** The configured port, or the transport's default (5061 for TLS, 5060 otherwise). */
export function sipPort(config: Pick<SipConfig, 'port' | 'transport'>): number {
  return config.port ?? (config.transport === 'tls' ? 5061 : 5060);
}
