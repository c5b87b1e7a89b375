/**
 * @module `vigie domain <name>`: a one-shot report on a domain — registry status, expiry,
 * registrar, DNSSEC (the `domain` check), name servers at the registry, the parent and the zone
 * against the expected set, per-resolver resolution and cache TTLs (the `delegation` check) —
 * with the verdict and its reasons. Exit 0 when up, 1 otherwise, 2 on bad input.
 */
import { Command } from 'commander';
import { getCheckType } from '../../checks/registry.js';
import type { CheckResult, CheckType } from '../../checks/types.js';
import type { DelegationDetails } from '../../checks/delegation/verdict.js';
import { ttlSummary } from '../../checks/delegation/ttls.js';
import { SEVERITY_RANK } from '../../core/states.js';
import { parseDuration } from '../../core/duration.js';
import { runCheck } from '../../engine/check-runner.js';

interface DomainOpts {
  rdapUrl?: string;
  whoisServer?: string;
  parentServer?: string[];
  resolver?: string[];
  expectNs?: string[];
  nsAddress?: string[];
  record?: string[];
  timeout: string;
  json?: boolean;
}

/** One check of the report: its type, block and result. */
interface Part {
  type: 'domain' | 'delegation';
  result: CheckResult;
}

function whoisBlock(value: string): { server: string; port?: number } {
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d{1,5}))?$/.exec(value.trim());
  if (!match) throw new Error(`--whois-server: "${value}" is not host or host:port`);
  const server = match[1]!.replace(/^\[|\]$/g, '');
  return match[2] ? { server, port: Number(match[2]) } : { server };
}

function nsAddresses(pairs: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    pairs.map((pair) => {
      const at = pair.indexOf('=');
      if (at <= 0) throw new Error(`--ns-address: "${pair}" is not name=ip[:port]`);
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
}

/** The two check blocks from the command line, validated by the checks' own schemas. */
function blocks(name: string, opts: DomainOpts): { check: CheckType; type: Part['type']; config: Record<string, unknown> }[] {
  const expected = opts.expectNs?.length ? { expected_nameservers: opts.expectNs } : {};
  const raw: Record<Part['type'], Record<string, unknown>> = {
    domain: { name, ...expected, ...(opts.rdapUrl ? { rdap_url: opts.rdapUrl } : {}), ...(opts.whoisServer ? { whois: whoisBlock(opts.whoisServer) } : {}) },
    delegation: {
      name,
      ...expected,
      ...(opts.parentServer?.length ? { parent_servers: opts.parentServer } : {}),
      ...(opts.resolver?.length ? { resolvers: opts.resolver } : {}),
      ...(opts.nsAddress?.length ? { nameserver_addresses: nsAddresses(opts.nsAddress) } : {}),
      ...(opts.record?.length ? { records: opts.record.map((r) => r.toUpperCase()) } : {}),
    },
  };
  return (['domain', 'delegation'] as const).map((type) => {
    const check = getCheckType(type);
    if (!check) throw new Error(`the ${type} check is not available in this build`);
    const parsed = check.schema.safeParse(raw[type]);
    if (!parsed.success) throw new Error(`invalid input:\n${parsed.error.issues.map((i) => `  ${[type, ...i.path].join('.')}: ${i.message}`).join('\n')}`);
    return { check, type, config: parsed.data as Record<string, unknown> };
  });
}

const list = (values: readonly string[] | null | undefined) => (values && values.length > 0 ? values.join(', ') : '(none)');
const line = (label: string, value: string) => `  ${`${label}:`.padEnd(14)}${value}`;

function registryLines(result: CheckResult): string[] {
  const d = result.details as Record<string, unknown> | undefined;
  if (!d || typeof d['name'] !== 'string') return ['Registry', line('result', `${result.status.toUpperCase()} — ${result.message}`)];
  const signed = d['delegationSigned'];
  const expiresAt = typeof d['expiry'] === 'string' ? Date.parse(d['expiry']) : Number.NaN;
  const expiry = Number.isNaN(expiresAt)
    ? 'not published by the registry'
    : `${new Date(expiresAt).toISOString().slice(0, 10)} (in ${Math.floor((expiresAt - Date.now()) / 86_400_000)} days)`;
  return [
    `Registry (${String(d['source'] ?? '')} ${String(d['server'] ?? '')})`,
    line('status', list(d['status'] as string[])),
    line('expiry', expiry),
    line('registrar', typeof d['registrar'] === 'string' ? d['registrar'] : 'unknown'),
    line('last changed', typeof d['lastChanged'] === 'string' ? d['lastChanged'] : 'unknown'),
    line('DNSSEC', signed === true ? 'signed' : signed === false ? 'unsigned' : 'unknown'),
  ];
}

function nameserverLines(domain: CheckResult, delegation: DelegationDetails | undefined, expected: string[] | undefined): string[] {
  const registry = (domain.details as { nameservers?: string[] } | undefined)?.nameservers;
  const lines = ['Name servers', line('expected', expected?.length ? list(expected) : '(not given)'), line('registry', list(registry))];
  if (!delegation) return lines;
  const ttl = delegation.ttl.parent_ns === null ? '' : ` (NS TTL ${delegation.ttl.parent_ns} s)`;
  lines.push(line('parent', `${delegation.parent.delegated === false ? 'not delegated' : list(delegation.parent.nameservers)}${ttl}`));
  lines.push(line('zone', list(delegation.zone.nameservers)));
  for (const z of delegation.zone.servers) lines.push(`    ${z.nameserver}  ${z.address ?? '-'} (${z.via})  ${z.ok ? 'ok' : z.problem}`);
  return lines;
}

function resolutionLines(delegation: DelegationDetails | undefined): string[] {
  if (!delegation) return [];
  const lines = ['Resolution'];
  for (const r of delegation.resolvers) {
    const records = r.records.map((rec) => {
      if (rec.rcode === undefined) return `${rec.type} ${rec.problem}`;
      if (rec.rcode !== 'NOERROR') return `${rec.type} ${rec.rcode}`;
      return `${rec.type} ${rec.answers.length === 0 ? '(none)' : rec.answers.map((a) => `${a.value} (${a.ttl} s)`).join(', ')}`;
    });
    lines.push(`  ${r.resolver.padEnd(22)}${r.verdict.toUpperCase().padEnd(12)}${records.join('; ')}`);
  }
  const summary = ttlSummary(delegation.ttl, 'en');
  if (delegation.ttl.horizon !== null) lines.push('', 'TTLs', `  caches may keep answering up to ${delegation.ttl.horizon} s after a registry hold (${summary})`);
  return lines;
}

/** The worst status of the parts. */
function verdictOf(parts: readonly Part[]): CheckResult['status'] {
  return parts.reduce<CheckResult['status']>((worst, p) => (SEVERITY_RANK[p.result.status] > SEVERITY_RANK[worst] ? p.result.status : worst), 'up');
}

/** The readable report (pure). */
export function formatDomainReport(name: string, parts: readonly Part[], expected: string[] | undefined): string {
  const domain = parts.find((p) => p.type === 'domain')!.result;
  const delegation = parts.find((p) => p.type === 'delegation')?.result.details as DelegationDetails | undefined;
  const verdict = verdictOf(parts);
  const reasons = parts.filter((p) => p.result.status !== 'up').map((p) => `  - ${p.type}: ${p.result.status.toUpperCase()} — ${p.result.message}`);
  const sections = [
    [`Domain ${name}: ${verdict.toUpperCase()}`],
    registryLines(domain),
    nameserverLines(domain, delegation?.parent ? delegation : undefined, expected),
    resolutionLines(delegation?.parent ? delegation : undefined),
    [`Verdict: ${verdict.toUpperCase()}`, ...(reasons.length > 0 ? reasons : parts.map((p) => `  - ${p.type}: ${p.result.message}`))],
  ];
  return `${sections.filter((s) => s.length > 0).map((s) => s.join('\n')).join('\n\n')}\n`;
}

/** The `vigie domain` command. */
export function domainCommand(): Command {
  return new Command('domain')
    .description('Report on a domain once: registry status, expiry, registrar, name servers (registry, parent, zone, expected), DNSSEC, resolution and TTLs. Exit 0 when up, 1 otherwise.')
    .argument('<name>', 'the registered domain, e.g. example.org')
    .option('--rdap-url <url>', 'RDAP base URL of the registry (default: the IANA bootstrap)')
    .option('--whois-server <host[:port]>', 'ask this WHOIS server instead of RDAP')
    .option('--parent-server <address...>', 'name servers of the parent zone, ip[:port] (default: looked up through the resolvers)')
    .option('--resolver <address...>', 'resolvers (ip[:port]) to resolve the domain through (default: the system\'s)')
    .option('--expect-ns <name...>', 'the expected name servers')
    .option('--ns-address <mapping...>', 'name=ip[:port]: ask this name server of the zone at this address instead of its glue')
    .option('--record <type...>', 'record types to resolve (default: A AAAA MX)')
    .option('--timeout <duration>', 'timeout of each check', '10s')
    .option('--json', 'print the report as JSON')
    .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2)) // bad usage is exit 2, like bad values
    .action(async (name: string, opts: DomainOpts) => {
      const timeoutMs = parseDuration(opts.timeout);
      if (timeoutMs === undefined || timeoutMs <= 0) throw new Error(`--timeout: "${opts.timeout}" is not a duration such as 10s`);
      const shutdown = new AbortController().signal;
      const parts: Part[] = await Promise.all(
        blocks(name, opts).map(async ({ check, type, config }) => ({ type, result: (await runCheck(check, config, timeoutMs, shutdown)).result })),
      );
      const verdict = verdictOf(parts);
      if (opts.json) {
        const reasons = parts.filter((p) => p.result.status !== 'up').map((p) => ({ check: p.type, status: p.result.status, message: p.result.message, messages: p.result.messages }));
        const checks = Object.fromEntries(parts.map((p) => [p.type, p.result]));
        process.stdout.write(`${JSON.stringify({ name, status: verdict, reasons, ...checks }, null, 2)}\n`);
      } else {
        process.stdout.write(formatDomainReport(name, parts, opts.expectNs));
      }
      process.exitCode = verdict === 'up' ? 0 : 1;
    });
}
