/**
 * @module The `tcp` check's configuration block (`monitors[].tcp`).
 */
import { isIP } from 'node:net';
import { z } from 'zod';
import { regexSchema } from '../regex.schema.js';
import { duration } from '../../core/duration.js';
import { caSchema, verifyTlsSchema } from '../net/tls-options.js';

const HOST_NAME = /^(?=.{1,253}$)[a-zA-Z0-9_](?:[a-zA-Z0-9_-]{0,62})(?:\.[a-zA-Z0-9_](?:[a-zA-Z0-9_-]{0,62}))*\.?$/;

function isHost(value: string): boolean {
  return isIP(value) !== 0 || HOST_NAME.test(value);
}


/** The `tcp` block. */
export const tcpSchema = z
  .strictObject({
    host: z.string().refine(isHost, 'must be a host name or an IP address, without scheme or port').describe('Host name or IP address to connect to.'),
    port: z.number().int().min(1, 'must be a port between 1 and 65535').max(65535, 'must be a port between 1 and 65535').describe('TCP port.'),
    send: z
      .string()
      .min(1)
      .optional()
      .describe('Text sent once connected (before reading). Escapes \\r \\n \\t \\0 \\\\ \\xHH are understood, also in unquoted YAML.'),
    expect: z.string().min(1).optional().describe('Text the server must send (e.g. a banner such as "SSH-2.0").'),
    expect_regex: regexSchema.optional().describe('A JavaScript regular expression the received text must match.'),
    tls: z.boolean().default(false).describe('Connect with TLS (after the TCP connection).'),
    verify_tls: verifyTlsSchema,
    ca: caSchema.optional(),
    max_latency: duration({ min: 1, max: 600_000 }).optional().describe('Total time above which the result is degraded (e.g. 200ms).'),
  })
  .refine((c) => c.tls || c.ca === undefined, { message: 'is only used with tls: true', path: ['ca'] })
  .describe('TCP connection (optionally TLS), with an optional message to send and a banner to expect.');

/** The parsed `tcp` block. */
export type TcpConfig = z.output<typeof tcpSchema>;
