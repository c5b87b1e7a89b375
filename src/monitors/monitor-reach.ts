/**
 * @module Where a monitor's check goes: every host (and port) its block names, with the field
 * naming it, and the TLS trust settings its credentials travel under. One entry per check type,
 * typed by the registry, so a new check type does not compile until it says where it goes.
 *
 * Used to decide whether a stored secret may follow an edited monitor (same reach: yes) and
 * which addresses an API-created monitor may probe (`api.monitor_targets`).
 */
import type { z } from 'zod';
import { CHECK_TYPES, CHECK_TYPE_NAMES, type CheckTypeName } from '../checks/registry.js';
import type { DelegationConfig } from '../checks/delegation/delegation.schema.js';
import type { DnsConfig } from '../checks/dns/dns.schema.js';
import { parseResolver } from '../checks/dns/resolver.js';
import type { DomainConfig } from '../checks/domain/domain.schema.js';
import type { HttpConfig } from '../checks/http/http.schema.js';
import { parseLdapUrl, type LdapConfig } from '../checks/ldap/ldap.schema.js';
import { sipPort, type SipConfig } from '../checks/sip/sip.schema.js';
import type { TcpConfig } from '../checks/tcp/tcp.schema.js';
import type { TlsConfig } from '../checks/tls/tls.schema.js';

/** One host a check talks to, and the field of the monitor that names it. */
export interface Endpoint {
  /** `http.url`, `dns.resolvers[1]`, `domain.whois_servers.ch.server`… */
  path: string;
  /** Host name or IP address, lower case, without brackets or trailing dot. */
  host: string;
  port?: number;
  /** `https:`, `ldaps:`, `tls`… when the scheme decides how the credentials travel. */
  scheme?: string;
}

/** Where one check goes. */
export interface Reach {
  endpoints: Endpoint[];
  /** Settings that decide who can read what is sent (TLS on, verification, extra CAs). */
  trust?: unknown;
}

const host = (name: string) => name.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();

function urlEndpoint(path: string, url: string): Endpoint {
  const parsed = new URL(url);
  const port = parsed.port !== '' ? Number(parsed.port) : ({ 'https:': 443, 'http:': 80, 'ldaps:': 636, 'ldap:': 389 } as Record<string, number>)[parsed.protocol];
  return { path, host: host(parsed.hostname), scheme: parsed.protocol, ...(port !== undefined ? { port } : {}) };
}

function resolverEndpoints(path: string, servers: readonly string[] | undefined): Endpoint[] {
  return (servers ?? []).flatMap((server, i) => {
    const parsed = parseResolver(server);
    return parsed ? [{ path: `${path}[${i}]`, host: host(parsed.address), port: parsed.port }] : [];
  });
}

/** Every check type of the registry has its entry (checked by monitor-reach.test.ts). */
const REACH: Record<CheckTypeName, (config: never) => Reach> = {
  http: (c: HttpConfig) => ({ endpoints: [urlEndpoint('http.url', c.url)], trust: [c.verify_tls, c.ca ?? null] }),
  tcp: (c: TcpConfig) => ({ endpoints: [{ path: 'tcp.host', host: host(c.host), port: c.port, scheme: c.tls ? 'tls' : 'tcp' }], trust: [c.verify_tls, c.ca ?? null] }),
  tls: (c: TlsConfig) => ({ endpoints: [{ path: 'tls.host', host: host(c.host), port: c.port }], trust: [c.servername ?? null] }),
  dns: (c: DnsConfig) => ({ endpoints: resolverEndpoints('dns.resolvers', c.resolvers) }),
  delegation: (c: DelegationConfig) => ({
    endpoints: [
      ...resolverEndpoints('delegation.parent_servers', c.parent_servers),
      ...resolverEndpoints('delegation.resolvers', c.resolvers),
      ...Object.entries(c.nameserver_addresses ?? {}).flatMap(([name, server]) => {
        const parsed = parseResolver(server);
        return parsed ? [{ path: `delegation.nameserver_addresses.${name}`, host: host(parsed.address), port: parsed.port }] : [];
      }),
    ],
  }),
  domain: (c: DomainConfig) => ({
    endpoints: [
      ...(c.rdap_url !== undefined ? [urlEndpoint('domain.rdap_url', c.rdap_url)] : []),
      ...Object.entries(c.rdap_overrides).map(([suffix, url]) => urlEndpoint(`domain.rdap_overrides.${suffix}`, url)),
      ...(c.whois ? [{ path: 'domain.whois.server', host: host(c.whois.server), port: c.whois.port }] : []),
      ...Object.entries(c.whois_servers).map(([suffix, w]) => ({ path: `domain.whois_servers.${suffix}.server`, host: host(w.server), port: w.port })),
    ],
  }),
  sip: (c: SipConfig) => ({ endpoints: [{ path: 'sip.host', host: host(c.host), port: sipPort(c), scheme: c.transport }], trust: [c.verify_tls, c.ca ?? null] }),
  ldap: (c: LdapConfig) => {
    const url = parseLdapUrl(c.url)!;
    return { endpoints: [{ path: 'ldap.url', host: host(url.host), port: url.port, scheme: url.secure ? 'ldaps:' : 'ldap:' }], trust: [c.starttls, c.verify_tls, c.ca ?? null] };
  },
  heartbeat: () => ({ endpoints: [] }),
  traffic: () => ({ endpoints: [] }),
};

/**
 * Where the monitor written as `input` (a config entry or API body) goes, or `undefined` when
 * its check block is missing, doubled or invalid (such a body is refused by validation anyway).
 */
export function reachOf(input: unknown): (Reach & { type: CheckTypeName }) | undefined {
  if (input === null || typeof input !== 'object') return undefined;
  const record = input as Record<string, unknown>;
  const present = CHECK_TYPE_NAMES.filter((t) => record[t] !== undefined);
  if (present.length !== 1) return undefined;
  const type = present[0]!;
  const check = CHECK_TYPES.find((c) => c.type === type)!;
  const parsed = (check.schema as z.ZodType).safeParse(record[type]);
  if (!parsed.success) return undefined;
  return reachOfCheck(type, parsed.data);
}

/** Where a check goes, from its type and its already parsed block (a `MonitorDefinition`'s `type` and `check`). */
export function reachOfCheck(type: CheckTypeName, check: unknown): Reach & { type: CheckTypeName } {
  const reach = REACH[type] as ((config: unknown) => Reach) | undefined;
  if (!reach) throw new Error(`check type "${type}" does not say where it goes (src/monitors/monitor-reach.ts)`);
  return { type, ...reach(check) };
}

/** A key equal for two monitors exactly when they send what they carry to the same places under the same trust. */
export function reachKey(reach: Reach & { type: string }): string {
  return JSON.stringify([reach.type, reach.endpoints.map((e) => [e.scheme ?? null, e.host, e.port ?? null]), reach.trust ?? null]);
}
