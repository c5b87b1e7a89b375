/**
 * @module The `domain` check block: which domain, where its registry answers (RDAP or WHOIS),
 * and what the registration must look like (expiry thresholds, name servers, registrar).
 */
import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';
import { z } from 'zod';

const HOSTNAME = /^(?=.{1,253}$)(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** The A-label (punycode), lower-case form of a domain name, without the trailing dot; `''` if invalid. */
export function normalizeDomain(name: string): string {
  const trimmed = name.trim().replace(/\.$/, '');
  const ascii = trimmed === '' ? '' : domainToASCII(trimmed).toLowerCase();
  return HOSTNAME.test(ascii) ? ascii : '';
}

const domainName = z
  .string()
  .refine((value) => normalizeDomain(value).includes('.'), { message: 'must be a registered domain name such as example.ch' });

const hostSchema = z
  .string()
  .refine((value) => isIP(value) !== 0 || normalizeDomain(value) !== '', { message: 'must be a host name or an IP address' });

const httpUrl = z
  .string()
  .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), { message: 'must be an http(s) URL' });

const suffixKey = z.string().regex(/^[a-z0-9-]+(\.[a-z0-9-]+)*$/, 'must be a lower-case TLD or suffix without a leading dot, e.g. ch or co.uk');

const whoisServerSchema = z.strictObject({
  server: hostSchema.describe('WHOIS server host name or IP address.'),
  port: z.number().int().min(1).max(65_535).default(43).describe('TCP port (43 by default).'),
  query: z
    .string()
    .min(1)
    .max(200)
    .refine((value) => value.includes('{name}') && !/[\r\n]/.test(value), { message: 'must contain {name} and no line break' })
    .default('{name}')
    .describe('What to send, `{name}` standing for the domain (e.g. `-T dn,ace {name}` for DENIC).'),
});

/** The schema of `monitors[].domain`. */
export const domainConfigSchema = z
  .strictObject({
    name: domainName.describe('The registered domain to watch, e.g. ge.ch (IDNs are accepted and sent as A-labels).'),
    rdap_url: httpUrl
      .optional()
      .describe('Base URL of the RDAP server to ask (…/domain/<name> is appended). Default: from the IANA bootstrap file, then rdap_overrides.'),
    rdap_overrides: z
      .record(suffixKey, httpUrl)
      .default({})
      .describe('RDAP base URLs per TLD for registries missing from the IANA bootstrap file (built in: ch, li).'),
    whois: whoisServerSchema.optional().describe('Ask this WHOIS server (TCP port 43) instead of RDAP.'),
    whois_servers: z
      .record(suffixKey, whoisServerSchema)
      .default({})
      .describe('WHOIS servers per TLD, used automatically when no RDAP server is known for the TLD.'),
    warn_days: z.number().int().min(0).max(3650).default(30).describe('Degraded when the registration expires within this many days.'),
    critical_days: z.number().int().min(0).max(3650).default(7).describe('Down when the registration expires within this many days.'),
    expected_nameservers: z
      .array(hostSchema)
      .min(1)
      .max(32)
      .optional()
      .describe('Down when the name servers at the registry differ from this set (compared case-insensitively, trailing dots ignored).'),
    expected_registrar: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe('Down when the registrar differs (case-insensitive), e.g. after an unwanted transfer.'),
  })
  .superRefine((config, ctx) => {
    if (config.critical_days > config.warn_days) {
      ctx.addIssue({ code: 'custom', message: `must not be more than warn_days (${config.warn_days})`, path: ['critical_days'] });
    }
    if (config.rdap_url !== undefined && config.whois !== undefined) {
      ctx.addIssue({ code: 'custom', message: 'choose rdap_url or whois, not both', path: ['whois'] });
    }
  });

export type DomainConfig = z.output<typeof domainConfigSchema>;
export type WhoisServerConfig = z.output<typeof whoisServerSchema>;
