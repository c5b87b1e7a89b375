/**
 * @module Where to ask about a domain: the configured RDAP URL, a per-TLD override, the IANA
 * bootstrap, the built-in overrides for registries missing from it, or a WHOIS server.
 */
import { isIP } from 'node:net';
import type { DomainConfig, WhoisServerConfig } from './domain.schema.js';
import { normalizeDomain } from './domain.schema.js';
import { hostPort } from '../net/host-port.js';

/** RDAP servers of registries that are not in the IANA bootstrap file. */
export const BUILTIN_RDAP_OVERRIDES: Readonly<Record<string, string>> = {
  ch: 'https://rdap.nic.ch/',
  li: 'https://rdap.nic.li/',
};

/** How one lookup will be made. */
export type LookupPlan =
  | { kind: 'rdap'; baseUrl: string; via: 'rdap_url' | 'rdap_overrides' | 'bootstrap' | 'built-in' }
  | { kind: 'whois'; server: WhoisServerConfig; via: 'whois' | 'whois_servers' }
  | { kind: 'none'; tld: string };

/** What the plan needs from the bootstrap registry. */
export interface BootstrapLookup {
  serverFor(name: string): string | undefined;
}

/** The value for the longest suffix of `name` present in `table`. */
export function bySuffix<T>(name: string, table: Readonly<Record<string, T>>): T | undefined {
  const labels = name.split('.');
  for (let i = 0; i < labels.length; i++) {
    const value = table[labels.slice(i).join('.')];
    if (value !== undefined) return value;
  }
  return undefined;
}

/** Decides where to ask, in this order: whois, rdap_url, rdap_overrides, bootstrap, built-in, whois_servers. */
export function planLookup(config: DomainConfig, bootstrap: BootstrapLookup): LookupPlan {
  const name = normalizeDomain(config.name);
  if (config.whois) return { kind: 'whois', server: config.whois, via: 'whois' };
  if (config.rdap_url) return { kind: 'rdap', baseUrl: config.rdap_url, via: 'rdap_url' };
  const override = bySuffix(name, config.rdap_overrides ?? {});
  if (override) return { kind: 'rdap', baseUrl: override, via: 'rdap_overrides' };
  const listed = bootstrap.serverFor(name);
  if (listed) return { kind: 'rdap', baseUrl: listed, via: 'bootstrap' };
  const builtin = bySuffix(name, BUILTIN_RDAP_OVERRIDES);
  if (builtin) return { kind: 'rdap', baseUrl: builtin, via: 'built-in' };
  const whois = bySuffix(name, config.whois_servers ?? {});
  if (whois) return { kind: 'whois', server: whois, via: 'whois_servers' };
  return { kind: 'none', tld: name.slice(name.lastIndexOf('.') + 1) };
}

/** True for 127.0.0.0/8, ::1 and localhost names. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare.endsWith('.localhost')) return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1' || bare === '0:0:0:0:0:0:0:1';
  return false;
}

/** The host (or host:port) a plan talks to; `undefined` when there is none. */
export function planTarget(plan: LookupPlan): string | undefined {
  if (plan.kind === 'none') return undefined;
  if (plan.kind === 'whois') return hostPort(plan.server.server, plan.server.port);
  return new URL(plan.baseUrl).host;
}

/** True when the plan only talks to this machine (a local mirror or a test registry). */
export function planIsLocal(plan: LookupPlan): boolean {
  if (plan.kind === 'none') return false;
  const host = plan.kind === 'whois' ? plan.server.server : new URL(plan.baseUrl).hostname;
  return isLoopbackHost(host);
}

/** How a plan's server is named in messages: the RDAP base URL or `whois host:port`. */
export function planLabel(plan: LookupPlan): string {
  if (plan.kind === 'none') return `no server for .${plan.tld}`;
  if (plan.kind === 'whois') return `whois ${hostPort(plan.server.server, plan.server.port)}`;
  return plan.baseUrl;
}
