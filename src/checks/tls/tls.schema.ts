/** @module The `tls` check block: which endpoint to open, how to verify it, and when expiry matters. */
import { isIP } from 'node:net';
import { z } from 'zod';

const HOSTNAME = /^(?=.{1,253}\.?$)(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?\.)*[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?\.?$/i;

const hostSchema = z
  .string()
  .refine((value) => isIP(value) !== 0 || HOSTNAME.test(value), { message: 'must be a host name or an IP address' });

/** The schema of `monitors[].tls`. */
export const tlsConfigSchema = z
  .strictObject({
    host: hostSchema.describe('The host name or IP address to connect to.'),
    port: z.number().int().min(1).max(65_535).default(443).describe('The TCP port (443 by default).'),
    servername: hostSchema
      .optional()
      .describe('The name sent as SNI and checked against the certificate (defaults to host).'),
    warn_days: z.number().int().min(0).max(3650).default(14).describe('Degraded when the certificate expires within this many days.'),
    critical_days: z.number().int().min(0).max(3650).default(7).describe('Down when the certificate expires within this many days.'),
    verify_chain: z.boolean().default(true).describe('Down when the chain does not lead to a trusted CA (self-signed, unknown issuer…).'),
    check_hostname: z.boolean().default(true).describe('Down when the certificate does not cover the server name.'),
    ca: z
      .string()
      .refine((value) => value.includes('-----BEGIN CERTIFICATE-----'), { message: 'must be one or more PEM certificates (-----BEGIN CERTIFICATE-----)' })
      .optional()
      .describe('Extra CA certificates (PEM) to trust in addition to the public roots, e.g. an internal CA.'),
  })
  .superRefine((config, ctx) => {
    if (config.critical_days > config.warn_days) {
      ctx.addIssue({ code: 'custom', message: `must not be more than warn_days (${config.warn_days})`, path: ['critical_days'] });
    }
  });

export type TlsConfig = z.output<typeof tlsConfigSchema>;
