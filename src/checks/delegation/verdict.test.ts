import { describe, expect, it } from 'vitest';
import type { ParentAnswer } from './parent.js';
import type { ResolverResolution } from './resolution.js';
import { delegationVerdict, type DelegationFacts } from './verdict.js';
import type { ZoneServerReport } from './zone.js';

const NS = ['ns1.example.org', 'ns2.example.org'];
const parent = (over: Partial<ParentAnswer> = {}): ParentAnswer => ({ server: '192.0.2.53:53', status: 'delegated', nameservers: NS, ttl: 86400, glue: {}, ...over });
const zone = (nameserver: string, over: Partial<ZoneServerReport> = {}): ZoneServerReport => ({ nameserver, address: '192.0.2.1:53', via: 'glue', ok: true, nameservers: NS, ttl: 3600, ...over });
const ok = (resolver: string): ResolverResolution => ({ resolver, verdict: 'ok', records: [{ type: 'A', rcode: 'NOERROR', answers: [{ value: '192.0.2.80', ttl: 300 }] }] });
const failing = (resolver: string, verdict: 'nxdomain' | 'servfail' | 'unreachable'): ResolverResolution => ({
  resolver,
  verdict,
  records: [verdict === 'unreachable' ? { type: 'A', answers: [], problem: 'no answer within 1000 ms' } : { type: 'A', rcode: verdict.toUpperCase(), answers: [] }],
});

function facts(over: Partial<DelegationFacts> = {}): DelegationFacts {
  return { name: 'example.org', parentZone: 'org', expected: null, parents: [parent()], zone: [zone(NS[0]!), zone(NS[1]!)], resolution: [ok('r1'), ok('r2'), ok('r3')], ...over };
}

describe('delegationVerdict', () => {
  it('is up with the TTL horizon when everything agrees', () => {
    const result = delegationVerdict(facts({ expected: NS }));
    expect(result.status).toBe('up');
    expect(result.details?.['ttl']).toEqual({ parent_ns: 86400, zone_ns: 3600, records: { A: 300 }, horizon: 86400 });
    expect(result.messages?.en).toBe(result.message);
  });

  it('is down on a majority of NXDOMAIN/SERVFAIL, degraded on a minority', () => {
    expect(delegationVerdict(facts({ resolution: [failing('r1', 'nxdomain'), failing('r2', 'servfail'), ok('r3')] })).status).toBe('down');
    const some = delegationVerdict(facts({ resolution: [failing('r1', 'nxdomain'), ok('r2'), ok('r3')] }));
    expect(some.status).toBe('degraded');
    expect(some.message).toBe('example.org fails to resolve at 1 of 3 resolvers (NXDOMAIN from r1)');
  });

  it('counts half as a minority (2 resolvers, 1 failing: degraded)', () => {
    expect(delegationVerdict(facts({ resolution: [failing('r1', 'servfail'), ok('r2')] })).status).toBe('degraded');
  });

  it('is unknown when no resolver answers and degraded when some do not', () => {
    expect(delegationVerdict(facts({ resolution: [failing('r1', 'unreachable')] })).status).toBe('unknown');
    const one = delegationVerdict(facts({ resolution: [failing('r1', 'unreachable'), ok('r2')] }));
    expect(one).toMatchObject({ status: 'degraded', message: 'no usable answer from 1 of 2 resolvers (r1)' });
  });

  it('lists the worst reasons first, in both languages', () => {
    const result = delegationVerdict(facts({ expected: ['ns9.example.org'], resolution: [failing('r1', 'nxdomain'), ok('r2'), ok('r3')] }));
    expect(result.status).toBe('down');
    expect(result.message).toBe(
      'example.org is delegated to ns1.example.org, ns2.example.org at the parent, expected ns9.example.org; example.org fails to resolve at 1 of 3 resolvers (NXDOMAIN from r1)',
    );
    expect(result.messages?.fr).toBe(
      'example.org est délégué à ns1.example.org, ns2.example.org dans la zone parente, au lieu de ns9.example.org attendus ; example.org ne se résout pas auprès de 1 résolveur sur 3 (NXDOMAIN de r1)',
    );
  });

  it('is degraded when the parent servers disagree', () => {
    const result = delegationVerdict(facts({ parents: [parent(), parent({ server: 'p2', status: 'nxdomain', nameservers: [], ttl: null })] }));
    expect(result.status).toBe('degraded');
    expect(result.message).toBe("the parent zone's servers disagree about example.org (192.0.2.53:53: ns1.example.org, ns2.example.org; p2: NXDOMAIN from p2)");
  });

  it('ignores a failing parent server when another one answers', () => {
    expect(delegationVerdict(facts({ parents: [parent({ server: 'p0', status: 'failed', nameservers: [], ttl: null, problem: 'REFUSED' }), parent()] })).status).toBe('up');
  });

  it('says the parent servers could not be found when discovery failed', () => {
    const result = delegationVerdict(facts({ parents: [], zone: [], parentProblem: 'cannot find the name servers of the parent zone org through the resolvers' }));
    expect(result).toMatchObject({ status: 'unknown', message: 'cannot find the name servers of the parent zone org through the resolvers' });
  });
});
