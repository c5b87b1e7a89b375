/**
 * @module The `dns` check type: asks one or more resolvers directly and judges the RCODE and the
 * answer set, so NXDOMAIN, SERVFAIL, REFUSED, empty answers and timeouts are told apart.
 */
import { resultWith } from '../net/texts.js';
import { defineCheck } from '../types.js';
import { assessResolver, summarise } from './assess.js';
import { queryResolver } from './dns-client.js';
import { dnsConfigSchema, type DnsConfig } from './dns.schema.js';
import { diffDnsAnswers, keepDnsBaseline } from './diff.js';
import { normaliseName } from './record-format.js';
import { formatResolver, parseResolver, systemResolvers, type Resolver } from './resolver.js';

/** Resolvers from the config, or the system's when none are given. */
export function resolversOf(config: DnsConfig): Resolver[] {
  if (!config.resolvers) return systemResolvers();
  return config.resolvers.map((r) => parseResolver(r)).filter((r): r is Resolver => r !== undefined);
}

/** The `dns` check type. */
export const dnsCheck = defineCheck({
  type: 'dns',
  description: 'Resolve a name (A, AAAA, CNAME, MX, NS, TXT, SRV, SOA, CAA) against chosen resolvers and check the answer.',
  schema: dnsConfigSchema,
  target(config) {
    const first = resolversOf(config)[0];
    return first ? formatResolver(first) : 'system-resolver';
  },
  async run(config, ctx) {
    const started = performance.now();
    const name = normaliseName(config.name) ?? config.name;
    const query = { name, record_type: config.record_type, expected: config.expected };
    const resolvers = resolversOf(config);
    if (resolvers.length === 0) {
      const texts = { en: 'no resolver to ask: none configured and the system has none', fr: 'aucun résolveur à interroger : aucun n’est configuré et le système n’en a pas' };
      return resultWith('unknown', texts, { latencyMs: null });
    }
    const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(ctx.timeoutMs)]);
    const retransmitMs = Math.max(50, Math.floor(ctx.timeoutMs / 3));
    const assessments = await Promise.all(
      resolvers.map(async (resolver) => {
        const t0 = performance.now();
        const outcome = await queryResolver(resolver, { name, type: config.record_type }, { signal, retransmitMs });
        return assessResolver(query, formatResolver(resolver), outcome, Math.round(performance.now() - t0), ctx.timeoutMs);
      }),
    );
    return summarise(query, assessments, Math.round(performance.now() - started));
  },
  diff(config, previous, current) {
    return diffDnsAnswers(config.alert_on_change, previous, current);
  },
  keep: keepDnsBaseline,
});
