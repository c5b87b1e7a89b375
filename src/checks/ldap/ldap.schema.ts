/**
 * @module The `ldap` check block (`monitors[].ldap`): the server URL, how to secure and
 * authenticate the session, and an optional search that must find enough entries.
 */
import { FilterParser } from 'ldapts';
import { z } from 'zod';
import { caSchema, verifyTlsSchema } from '../net/tls-options.js';

/** `host`, `port` and whether TLS starts at once, from an `ldap://` or `ldaps://` URL. */
export interface LdapEndpoint {
  host: string;
  port: number;
  secure: boolean;
}

/** Parses `ldap://host[:port][/]` or `ldaps://…`; `undefined` when it is not one. */
export function parseLdapUrl(url: string): LdapEndpoint | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const secure = parsed.protocol === 'ldaps:';
  if (!secure && parsed.protocol !== 'ldap:') return undefined;
  if (!parsed.hostname || (parsed.pathname !== '' && parsed.pathname !== '/') || parsed.search || parsed.username) return undefined;
  const host = parsed.hostname.startsWith('[') ? parsed.hostname.slice(1, -1) : parsed.hostname;
  return { host, port: parsed.port ? Number(parsed.port) : secure ? 636 : 389, secure };
}

function isFilter(value: string): boolean {
  try {
    FilterParser.parseString(value);
    return true;
  } catch {
    return false;
  }
}

const searchSchema = z
  .strictObject({
    base: z.string().describe('The base DN of the search, e.g. OU=Servers,DC=corp,DC=example.'),
    filter: z.string().refine(isFilter, 'must be an LDAP filter such as (objectClass=user)').default('(objectClass=*)').describe('The LDAP filter (RFC 4515).'),
    scope: z.enum(['base', 'one', 'sub']).default('sub').describe('base, one (children) or sub (whole subtree).'),
    min_entries: z.number().int().min(0).max(10_000).default(1).describe('Down when fewer entries are found (default 1).'),
  })
  .describe('A search that must succeed and find at least min_entries entries.');

/** The `ldap` block. */
export const ldapSchema = z
  .strictObject({
    url: z
      .string()
      .refine((value) => parseLdapUrl(value) !== undefined, 'must be an ldap:// or ldaps:// URL with a host and an optional port, e.g. ldaps://dc1.corp.example:636')
      .describe('ldap://host[:389] or ldaps://host[:636].'),
    starttls: z.boolean().default(false).describe('Upgrade an ldap:// connection with StartTLS before binding.'),
    bind_dn: z.string().min(1).optional().describe('DN (or, for Active Directory, user@domain) to bind as; anonymous when absent.'),
    password: z.string().min(1).optional().describe('Bind password; write ${LDAP_PASSWORD} to read it from the environment.'),
    search: searchSchema.optional(),
    verify_tls: verifyTlsSchema,
    ca: caSchema.optional(),
  })
  .superRefine((config, ctx) => {
    const secure = parseLdapUrl(config.url)?.secure ?? false;
    if (config.starttls && secure) ctx.addIssue({ code: 'custom', message: 'is for ldap:// URLs; ldaps:// is already TLS', path: ['starttls'] });
    if (config.ca !== undefined && !secure && !config.starttls) ctx.addIssue({ code: 'custom', message: 'is only used with ldaps:// or starttls: true', path: ['ca'] });
    if (config.bind_dn !== undefined && config.password === undefined) ctx.addIssue({ code: 'custom', message: 'is required with bind_dn (write ${LDAP_PASSWORD} to read it from the environment)', path: ['password'] });
    if (config.password !== undefined && config.bind_dn === undefined) ctx.addIssue({ code: 'custom', message: 'is only used with bind_dn', path: ['password'] });
  })
  .describe('LDAP server (directory, domain controller): connect, optionally StartTLS, bind and search.');

/** The parsed `ldap` block. */
export type LdapConfig = z.output<typeof ldapSchema>;
