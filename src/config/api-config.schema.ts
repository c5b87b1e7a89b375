/**
 * @module The `api` section of the config file: which addresses monitors created through the
 * API may probe (`api.monitor_targets`). Rules are named address ranges, CIDRs, IP addresses
 * or host names; the policy that applies them is `src/api/services/target-policy.ts`.
 */
import { isIP } from 'node:net';
import { z } from 'zod';

/** The named ranges a rule may use, with the networks they stand for. */
export const NAMED_RANGES = {
  loopback: ['127.0.0.0/8', '::1/128'],
  link_local: ['169.254.0.0/16', 'fe80::/10'],
  private: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
  shared: ['100.64.0.0/10'],
  multicast: ['224.0.0.0/4', 'ff00::/8'],
  unspecified: ['0.0.0.0/8', '::/128'],
  all: ['0.0.0.0/0', '::/0'],
} as const satisfies Record<string, readonly string[]>;

export type RangeName = keyof typeof NAMED_RANGES;

/** One parsed rule. */
export type TargetRule =
  | { kind: 'range'; name: RangeName; text: string }
  | { kind: 'cidr'; address: string; prefix: number; family: 'ipv4' | 'ipv6'; text: string }
  | { kind: 'host'; pattern: string; text: string };

const HOST_PATTERN = /^(\*\.)?(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,62})(?:\.[a-z0-9_](?:[a-z0-9_-]{0,62}))*$/;

/** Parses `loopback`, `10.0.0.0/8`, `2001:db8::1`, `db.corp.example` or `*.corp.example`; `undefined` if none. */
export function parseTargetRule(text: string): TargetRule | undefined {
  const rule = text.trim().toLowerCase().replace(/\.$/, '');
  if (Object.hasOwn(NAMED_RANGES, rule)) return { kind: 'range', name: rule as RangeName, text };
  const [address = '', prefixText, extra] = rule.split('/');
  const family = isIP(address);
  if (family !== 0 && extra === undefined) {
    const max = family === 4 ? 32 : 128;
    const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
    if (!(prefix >= 0 && prefix <= max)) return undefined;
    return { kind: 'cidr', address, prefix, family: family === 4 ? 'ipv4' : 'ipv6', text };
  }
  return HOST_PATTERN.test(rule) ? { kind: 'host', pattern: rule, text } : undefined;
}

const RULE_HELP = `must be a named range (${Object.keys(NAMED_RANGES).join(', ')}), a CIDR such as 10.0.0.0/8, an IP address, or a host name such as db.example.org or *.example.org`;

const ruleList = z.array(z.string().refine((value) => parseTargetRule(value) !== undefined, RULE_HELP)).max(1000).default([]);

/** `api.monitor_targets`. */
export const monitorTargetsSchema = z
  .strictObject({
    deny: ruleList.describe(
      'Addresses and host names that monitors created through the API may not probe, e.g. [loopback, link_local, private]. Every address a host name resolves to is checked.',
    ),
    allow: ruleList.describe('Exceptions to deny, e.g. 10.20.0.0/16 or *.corp.example; with deny: [all], the only targets allowed.'),
  })
  .describe('Which addresses monitors created through the API may probe (default: any). Monitors from the configuration file are not limited.');

export type MonitorTargetsConfig = z.output<typeof monitorTargetsSchema>;

/** The `api` section. */
export const apiConfigSchema = z
  .strictObject({
    monitor_targets: monitorTargetsSchema.prefault({}),
  })
  .describe('The HTTP API.');
