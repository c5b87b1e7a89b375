/**
 * @module The delegation check against real DNS servers on 127.0.0.1: one parent zone server
 * answering with referrals, two name servers of the zone, and three resolvers.
 */
import type { Answer } from 'dns-packet';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { delegationCheck } from '../../src/checks/delegation/index.js';
import type { DelegationDetails } from '../../src/checks/delegation/verdict.js';
import type { CheckResult } from '../../src/checks/types.js';
import { startDnsServer, type DnsTestServer } from '../helpers/dns-server.js';

const DOMAIN = 'example.test';
let parent: DnsTestServer;
let ns1: DnsTestServer;
let ns2: DnsTestServer;
let resolvers: DnsTestServer[];

const ns = (name: string, data: string, ttl: number, section?: 'authorities'): Answer & { section?: 'authorities' } => ({
  name,
  type: 'NS',
  ttl,
  data,
  ...(section ? { section } : {}),
});

/** The parent answers `NS example.test` with a referral: NS in authority, glue in additional. */
function delegate(nameservers: string[], ttl = 86_400): void {
  parent.flags = { authoritative: false, recursionAvailable: false };
  parent.handler = (q) => {
    if (!q.name.toLowerCase().endsWith(DOMAIN)) return undefined;
    return {
      type: 'response',
      authorities: nameservers.map((n) => ns(DOMAIN, n, ttl)),
      additionals: nameservers.map((n) => ({ name: n, type: 'A', ttl, data: '127.0.0.1' }) as Answer),
    };
  };
}

/** Each zone server serves the NS set of the zone. */
function zoneServes(server: DnsTestServer, nameservers: string[], ttl = 3600): void {
  server.set(DOMAIN, 'NS', nameservers.map((n) => ns(DOMAIN, n, ttl)));
}

function resolverServes(server: DnsTestServer): void {
  server.flags = { authoritative: false, recursionAvailable: true };
  server.add({ name: DOMAIN, type: 'A', ttl: 300, data: '192.0.2.10' }, { name: DOMAIN, type: 'MX', ttl: 3600, data: { preference: 10, exchange: `mail.${DOMAIN}` } });
}

beforeAll(async () => {
  const servers = await Promise.all(Array.from({ length: 6 }, () => startDnsServer()));
  [parent, ns1, ns2] = servers as [DnsTestServer, DnsTestServer, DnsTestServer];
  resolvers = servers.slice(3);
});
afterAll(async () => {
  await Promise.all([parent, ns1, ns2, ...resolvers].map((s) => s.close()));
});
beforeEach(() => {
  for (const server of [parent, ns1, ns2, ...resolvers]) server.reset();
  delegate([`ns1.${DOMAIN}`, `ns2.${DOMAIN}`]);
  zoneServes(ns1, [`ns1.${DOMAIN}`, `ns2.${DOMAIN}`]);
  zoneServes(ns2, [`ns1.${DOMAIN}`, `ns2.${DOMAIN}`]);
  resolvers.forEach(resolverServes);
});

async function check(input: Record<string, unknown> = {}, timeoutMs = 6000): Promise<CheckResult> {
  const config = delegationCheck.schema.parse({
    name: DOMAIN,
    parent_servers: [parent.hostPort],
    resolvers: resolvers.map((r) => r.hostPort),
    nameserver_addresses: { [`ns1.${DOMAIN}`]: ns1.hostPort, [`ns2.${DOMAIN}`]: ns2.hostPort },
    query_timeout: '1s',
    ...input,
  });
  return delegationCheck.run(config, { signal: AbortSignal.timeout(timeoutMs), timeoutMs });
}

const detailsOf = (r: CheckResult) => r.details as DelegationDetails;

describe('delegation check: a healthy domain', () => {
  it('is up, asks the parent without recursion, and reports the NS sets and the TTLs', async () => {
    const result = await check({ expected_nameservers: [`NS2.${DOMAIN}.`, `ns1.${DOMAIN}`] });
    expect(result.status).toBe('up');
    const d = detailsOf(result);
    expect(d.parent.nameservers).toEqual([`ns1.${DOMAIN}`, `ns2.${DOMAIN}`]);
    expect(d.parent.servers[0]!.glue).toEqual({ [`ns1.${DOMAIN}`]: ['127.0.0.1'], [`ns2.${DOMAIN}`]: ['127.0.0.1'] });
    expect(d.zone.nameservers).toEqual([`ns1.${DOMAIN}`, `ns2.${DOMAIN}`]);
    expect(d.zone.servers.map((z) => [z.nameserver, z.address, z.via, z.ok])).toEqual([
      [`ns1.${DOMAIN}`, ns1.hostPort, 'configured', true],
      [`ns2.${DOMAIN}`, ns2.hostPort, 'configured', true],
    ]);
    expect(d.ttl).toEqual({ parent_ns: 86_400, zone_ns: 3600, records: { A: 300, MX: 3600 }, horizon: 86_400 });
    expect(d.resolvers.map((r) => r.verdict)).toEqual(['ok', 'ok', 'ok']);
    expect(d.resolvers[0]!.records.find((r) => r.type === 'MX')!.answers).toEqual([{ value: `10 mail.${DOMAIN}`, ttl: 3600 }]);
    expect(result.message).toBe(
      `${DOMAIN} is delegated to ns1.${DOMAIN}, ns2.${DOMAIN}, consistent with the zone; resolves at 3 of 3 resolvers; ` +
        'after a registry hold, caches keep answering for up to 86400 s (NS 86400 s at the parent, NS 3600 s in the zone, A 300 s, MX 3600 s)',
    );
    expect(result.messages?.fr).toContain('les caches répondent encore au plus 86400 s');
    const parentQueries = parent.queries.filter((q) => q.type === 'NS');
    expect(parentQueries.length).toBeGreaterThan(0);
    expect(parentQueries.every((q) => !q.recursionDesired)).toBe(true);
  });

  it('falls back to TCP when the parent truncates its UDP answer', async () => {
    parent.behave(DOMAIN, { truncateUdp: true });
    const result = await check();
    expect(result.status).toBe('up');
    expect(parent.queries.some((q) => q.transport === 'tcp')).toBe(true);
  });
});

describe('delegation check: name server sets', () => {
  it('is degraded when the zone serves a different NS set than the parent delegates to', async () => {
    zoneServes(ns1, [`ns1.${DOMAIN}`, `ns3.${DOMAIN}`]);
    zoneServes(ns2, [`ns1.${DOMAIN}`, `ns3.${DOMAIN}`]);
    const result = await check();
    expect(result.status).toBe('degraded');
    expect(result.message).toBe(`the parent delegates ${DOMAIN} to ns1.${DOMAIN}, ns2.${DOMAIN} but the zone itself lists ns1.${DOMAIN}, ns3.${DOMAIN}`);
    expect(result.messages?.fr).toBe(`la zone parente délègue ${DOMAIN} à ns1.${DOMAIN}, ns2.${DOMAIN} mais la zone elle-même annonce ns1.${DOMAIN}, ns3.${DOMAIN}`);
  });

  it('is down when the parent delegates to other name servers than expected (e.g. parked)', async () => {
    delegate(['ns1.parking.test', 'ns2.parking.test']);
    const result = await check({ expected_nameservers: [`ns1.${DOMAIN}`, `ns2.${DOMAIN}`] });
    expect(result.status).toBe('down');
    expect(result.message).toContain(`${DOMAIN} is delegated to ns1.parking.test, ns2.parking.test at the parent, expected ns1.${DOMAIN}, ns2.${DOMAIN}`);
    expect(result.messages?.fr).toContain('au lieu de');
  });

  it('is degraded on a lame delegation (one name server refuses), naming it', async () => {
    ns2.behave(DOMAIN, { rcode: 'REFUSED' });
    const result = await check();
    expect(result.status).toBe('degraded');
    expect(result.message).toBe(`lame delegation of ${DOMAIN}: ns2.${DOMAIN} (${ns2.hostPort}): REFUSED`);
  });

  it('is down when no name server of the zone answers', async () => {
    ns1.behave(DOMAIN, { rcode: 'SERVFAIL' });
    ns2.flags = { authoritative: false, recursionAvailable: false };
    const result = await check();
    expect(result.status).toBe('down');
    expect(result.message).toContain(`none of the name servers of ${DOMAIN} answers for it`);
    expect(result.message).toContain('not authoritative for the domain (lame delegation)');
  });
});

describe('delegation check: the parent zone', () => {
  it('is down when the parent no longer delegates the domain (hold), while caches still answer, with the TTL bound', async () => {
    parent.handler = undefined; // the zone has no record: NXDOMAIN
    const result = await check();
    expect(result.status).toBe('down');
    expect(result.message).toBe(
      `${DOMAIN} is not delegated by its parent zone (NXDOMAIN from ${parent.hostPort}): the registry no longer publishes it — resolution will fail as caches expire (up to 3600 s)`,
    );
    expect(result.messages?.fr).toContain('le registre ne le publie plus');
    expect(detailsOf(result).parent).toMatchObject({ nameservers: null, delegated: false });
  });

  it('is unknown when the parent server does not answer', async () => {
    parent.behave('*', { drop: true });
    const result = await check({ query_timeout: '300ms' });
    expect(result.status).toBe('unknown');
    expect(result.message).toBe(`no server of the parent zone answered (${parent.hostPort}: no answer within 300 ms)`);
  });

  it('is unknown when the parent servers cannot be discovered through the resolvers', async () => {
    const result = await check({ parent_servers: undefined });
    expect(result.status).toBe('unknown');
    expect(result.message).toBe('cannot find the name servers of the parent zone test through the resolvers');
  });
});

describe('delegation check: resolution', () => {
  it('is degraded when some resolvers answer NXDOMAIN, naming them', async () => {
    resolvers[1]!.reset();
    resolvers[1]!.flags = { authoritative: false, recursionAvailable: true };
    const result = await check();
    expect(result.status).toBe('degraded');
    expect(result.message).toBe(`${DOMAIN} fails to resolve at 1 of 3 resolvers (NXDOMAIN from ${resolvers[1]!.hostPort})`);
    expect(result.messages?.fr).toBe(`${DOMAIN} ne se résout pas auprès de 1 résolveur sur 3 (NXDOMAIN de ${resolvers[1]!.hostPort})`);
    expect(detailsOf(result).resolvers.map((r) => r.verdict)).toEqual(['ok', 'nxdomain', 'ok']);
  });

  it('is down when a majority of resolvers answer SERVFAIL or NXDOMAIN', async () => {
    for (const r of resolvers) r.behave(DOMAIN, { rcode: 'SERVFAIL' });
    const result = await check();
    expect(result.status).toBe('down');
    expect(result.message).toBe(`${DOMAIN} fails to resolve at 3 of 3 resolvers (${resolvers.map((r) => `SERVFAIL from ${r.hostPort}`).join(', ')})`);
  });

  it('treats an empty answer (no AAAA) as normal, not as a failure', async () => {
    const result = await check({ records: ['AAAA'] });
    expect(result.status).toBe('up');
    expect(detailsOf(result).resolvers[0]!.records).toEqual([{ type: 'AAAA', rcode: 'NOERROR', answers: [] }]);
  });
});

describe('delegation check: diff', () => {
  it('raises an event when the parent NS set changes between runs', async () => {
    const first = await check();
    delegate([`ns1.${DOMAIN}`, `ns9.${DOMAIN}`]);
    const second = await check();
    const events = delegationCheck.diff!(delegationCheck.schema.parse({ name: DOMAIN }), first.details, second);
    expect(events).toEqual([
      expect.objectContaining({
        type: 'delegation.parent_ns_changed',
        message: `the parent zone's name servers for ${DOMAIN} changed: ns1.${DOMAIN}, ns2.${DOMAIN} → ns1.${DOMAIN}, ns9.${DOMAIN}`,
        before: [`ns1.${DOMAIN}`, `ns2.${DOMAIN}`],
        after: [`ns1.${DOMAIN}`, `ns9.${DOMAIN}`],
      }),
    ]);
  });
});
