/**
 * @module The `domains:` shortcut: each entry (a name, or a map) becomes one `domain` monitor
 * (registry status and expiry, RDAP or WHOIS) and one `delegation` monitor (NS at the parent vs
 * the zone, resolution through resolvers), with defaults suited to each.
 *
 * The generated monitors are validated with the monitor schema; their issues are reported at the
 * entry's own field (`domains[0].interval`), so file:line:col positions stay precise.
 */
import { domainToASCII } from 'node:url';
import { z } from 'zod';
import { delegationConfigSchema } from '../checks/delegation/delegation.schema.js';
import { DNS_RECORD_TYPES } from '../checks/dns/record-format.js';
import { domainConfigSchema } from '../checks/domain/domain.schema.js';
import { duration, formatDuration } from '../core/duration.js';
import { monitorInputSchema, toDefinition, type MonitorDefinition } from '../monitors/monitor.schema.js';

/** Registries are asked hourly by default (the domain check refuses less than 5 minutes, loopback registries aside). */
export const DEFAULT_DOMAIN_INTERVAL = '1h';
/** The delegation is checked every 5 minutes by default: a handful of queries to the parent zone's servers. */
export const DEFAULT_DELEGATION_INTERVAL = '5m';

const dom = domainConfigSchema.shape;
const del = delegationConfigSchema.shape;

const entryObjectSchema = z.strictObject({
  name: del.name.describe('The registered domain, e.g. `ge.ch`.'),
  expected_nameservers: del.expected_nameservers.describe('The name servers the domain must be delegated to, checked at the registry and at the parent zone.'),
  rdap_url: dom.rdap_url,
  whois: dom.whois,
  expected_registrar: dom.expected_registrar,
  warn_days: z.number().int().min(0).max(3650).optional().describe('Degraded when the registration expires within this many days (default 30).'),
  critical_days: z.number().int().min(0).max(3650).optional().describe('Down when the registration expires within this many days (default 7).'),
  parent_servers: del.parent_servers,
  resolvers: del.resolvers,
  records: z.array(z.enum(DNS_RECORD_TYPES)).min(1).optional().describe('Record types resolved through each resolver (default A, AAAA, MX).'),
  nameserver_addresses: del.nameserver_addresses,
  interval: duration({ min: 1000, max: 86_400_000 }).optional().describe(`How often the registry is asked (default ${DEFAULT_DOMAIN_INTERVAL}; at least 5m except for loopback registries).`),
  delegation_interval: duration({ min: 1000, max: 86_400_000 })
    .optional()
    .describe(`How often the delegation and resolution are checked (default ${DEFAULT_DELEGATION_INTERVAL}, or \`interval\` when shorter).`),
  timeout: duration({ min: 100, max: 600_000 }).optional().describe('Per-run timeout of both monitors (default 10s, or the interval when shorter).'),
  tags: z.array(z.string().min(1).max(64)).max(50).optional().describe('Tags of both monitors (`domain` is always added).'),
});

/** One `domains[]` entry: a domain name, or a map of settings. */
export const domainEntrySchema = z
  .union([del.name.describe('A registered domain watched with every default, e.g. `example.org`.'), entryObjectSchema])
  .describe('A domain to watch: its registration (domain monitor) and its delegation and resolution (delegation monitor).');

export type DomainEntry = z.output<typeof domainEntrySchema>;
type EntryObject = z.output<typeof entryObjectSchema>;

/** The id-safe form of a domain: A-label, lower case, dots as dashes (`ge.ch` → `ge-ch`). */
export function domainIdPart(name: string): string {
  const bare = name.trim().replace(/\.$/, '');
  return (domainToASCII(bare) || bare).toLowerCase().replaceAll('.', '-');
}

function defined<T extends Record<string, unknown>>(object: T): Partial<T> {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** A generated monitor, as it would be written under `monitors:`. */
export type GeneratedMonitor = { id: string } & Record<string, unknown>;

/** The monitor inputs an entry expands into: `[domain monitor, delegation monitor]`. */
export function expandDomainEntry(entry: DomainEntry): [GeneratedMonitor, GeneratedMonitor] {
  const e: EntryObject = typeof entry === 'string' ? { name: entry } : entry;
  const name = e.name.trim().replace(/\.$/, '').toLowerCase();
  const part = domainIdPart(name);
  const tags = [...new Set(['domain', ...(e.tags ?? [])])];
  const interval = e.interval ?? DEFAULT_DOMAIN_INTERVAL;
  const shortest = Math.min(e.interval ?? Infinity, 300_000);
  const delegationInterval = e.delegation_interval ?? (e.interval === undefined ? DEFAULT_DELEGATION_INTERVAL : shortest);
  const timeout = e.timeout === undefined ? {} : { timeout: formatDuration(e.timeout) };
  const ns = e.expected_nameservers;
  const domain = defined({ name, rdap_url: e.rdap_url, whois: e.whois, expected_nameservers: ns, expected_registrar: e.expected_registrar, warn_days: e.warn_days, critical_days: e.critical_days });
  const delegation = defined({ name, parent_servers: e.parent_servers, expected_nameservers: ns, resolvers: e.resolvers, records: e.records, nameserver_addresses: e.nameserver_addresses });
  return [
    // A registry status is authoritative: one result confirms a hold, instead of waiting another interval.
    { id: `domain-${part}`, name: `${name} (registry)`, tags, interval: typeof interval === 'string' ? interval : formatDuration(interval), ...timeout, confirmations: { down: 1 }, domain },
    { id: `delegation-${part}`, name: `${name} (delegation)`, tags, interval: typeof delegationInterval === 'string' ? delegationInterval : formatDuration(delegationInterval), ...timeout, delegation },
  ];
}

/** Where an issue of a generated monitor belongs in the entry: the same field when the entry has it. */
function entryPath(entry: DomainEntry, monitorPath: readonly PropertyKey[], kind: 'domain' | 'delegation'): PropertyKey[] {
  if (typeof entry === 'string') return [];
  const [first, second] = monitorPath;
  if (first === 'id') return ['name'];
  if (first === 'interval') return [kind === 'delegation' && entry.delegation_interval !== undefined ? 'delegation_interval' : 'interval'];
  if (first === 'timeout') return ['timeout'];
  if ((first === 'domain' || first === 'delegation') && typeof second === 'string' && second in entry) return monitorPath.slice(1);
  return [];
}

/** Validates the monitors an entry expands into; issues are given at the entry's fields. */
export function domainEntryIssues(entry: DomainEntry): { path: PropertyKey[]; message: string }[] {
  return expandDomainEntry(entry).flatMap((input, k) => {
    const kind = k === 0 ? 'domain' : 'delegation';
    const result = monitorInputSchema.safeParse(input);
    if (result.success) return [];
    return result.error.issues.map((issue) => {
      const path = entryPath(entry, issue.path, kind);
      const where = path.length === 0 && issue.path.length > 0 ? ` (${kind} monitor: ${issue.path.join('.')})` : '';
      return { path, message: `${issue.message}${where}` };
    });
  });
}

/** Generated monitor ids that are already used by `monitors[]` or by an earlier entry. */
export function domainIdCollisions(entries: readonly DomainEntry[], monitorIds: readonly string[]): { index: number; message: string }[] {
  const used = new Map<string, string>(monitorIds.map((id, i) => [id, `monitors[${i}]`]));
  const collisions: { index: number; message: string }[] = [];
  entries.forEach((entry, index) => {
    for (const { id } of expandDomainEntry(entry)) {
      const other = used.get(id);
      if (other) collisions.push({ index, message: `creates the monitor id "${id}", already used by ${other}; rename that monitor or remove one of them` });
      else used.set(id, `domains[${index}]`);
    }
  });
  return collisions;
}

/** The monitors the `domains:` entries expand into, in the form the engine uses. */
export function domainMonitorDefinitions(entries: readonly DomainEntry[]): MonitorDefinition[] {
  return entries.flatMap((entry) => expandDomainEntry(entry).map((input) => toDefinition(monitorInputSchema.parse(input))));
}
