/** @module DNS resolver addresses: `ip`, `ip:port` or `[ipv6]:port`, and the system's default list. */
import { getServers } from 'node:dns';
import { isIP, isIPv6 } from 'node:net';

/** One resolver to query directly. */
export interface Resolver {
  address: string;
  port: number;
}

const DNS_PORT = 53;

/** Parses `192.0.2.1`, `192.0.2.1:5353`, `2001:db8::1` or `[2001:db8::1]:5353`; `undefined` if invalid. */
export function parseResolver(input: string): Resolver | undefined {
  const text = input.trim();
  if (isIP(text)) return { address: isIPv6(text) ? text.toLowerCase() : text, port: DNS_PORT };
  const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(text);
  const plain = /^([\d.]+):(\d{1,5})$/.exec(text);
  const match = bracketed ?? plain;
  if (!match || !isIP(match[1]!)) return undefined;
  if (bracketed && !isIPv6(match[1]!)) return undefined;
  const port = match[2] === undefined ? DNS_PORT : Number(match[2]);
  if (port < 1 || port > 65_535) return undefined;
  return { address: match[1]!.toLowerCase(), port };
}

/** `192.0.2.1:53` or `[2001:db8::1]:53`, the form used in messages and details. */
export function formatResolver(resolver: Resolver): string {
  return isIPv6(resolver.address) ? `[${resolver.address}]:${resolver.port}` : `${resolver.address}:${resolver.port}`;
}

/** The resolvers the system uses (from `/etc/resolv.conf` on Linux), parsed. */
export function systemResolvers(): Resolver[] {
  return getServers()
    .map((server) => parseResolver(server))
    .filter((r): r is Resolver => r !== undefined);
}
