/** @module The dns check against a real DNS server on 127.0.0.1 (UDP and TCP). */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dnsCheck } from '../../src/checks/dns/index.js';
import type { CheckResult } from '../../src/checks/types.js';
import { startDnsServer, type DnsTestServer } from '../helpers/dns-server.js';

let server: DnsTestServer;
let other: DnsTestServer;

beforeAll(async () => {
  server = await startDnsServer();
  other = await startDnsServer();
});
afterAll(async () => {
  await server.close();
  await other.close();
});
beforeEach(() => {
  server.reset();
  other.reset();
});

async function check(input: Record<string, unknown>, timeoutMs = 3000): Promise<CheckResult> {
  const config = dnsCheck.schema.parse({ resolvers: [server.hostPort], ...input });
  return dnsCheck.run(config, { signal: AbortSignal.timeout(timeoutMs), timeoutMs });
}

type Resolvers = Array<{ resolver: string; ok: boolean; failure?: string; transport?: string; message: string }>;
const resolversOf = (r: CheckResult) => r.details?.resolvers as Resolvers;

describe('dns check: answers', () => {
  it('is up when the answer set equals the expected one, whatever the order and case', async () => {
    server.add(
      { name: 'www.example.test', type: 'A', ttl: 300, data: '192.0.2.1' },
      { name: 'www.example.test', type: 'A', ttl: 60, data: '192.0.2.2' },
    );
    const result = await check({ name: 'WWW.example.test.', expected: ['192.0.2.2', '192.0.2.1'] });
    expect(result.status).toBe('up');
    expect(result.message).toBe('A www.example.test → 192.0.2.1, 192.0.2.2');
    expect(result.messages).toEqual({ en: result.message, fr: 'A www.example.test → 192.0.2.1, 192.0.2.2' });
    expect(result.details?.answers).toEqual([
      { value: '192.0.2.1', ttl: 300 },
      { value: '192.0.2.2', ttl: 60 },
    ]);
    expect(resolversOf(result)[0]).toMatchObject({ resolver: server.hostPort, ok: true, transport: 'udp' });
    expect(result.latencyMs).not.toBeNull();
  });

  it('is down on a wrong answer, showing what was expected and what came', async () => {
    server.add({ name: 'www.example.test', type: 'A', ttl: 300, data: '192.0.2.9' });
    const result = await check({ name: 'www.example.test', expected: ['192.0.2.1'] });
    expect(result.status).toBe('down');
    expect(result.message).toBe(`wrong A answer from ${server.hostPort} for www.example.test: expected 192.0.2.1, got 192.0.2.9`);
    expect(result.messages?.fr).toBe(`mauvaise réponse A de ${server.hostPort} pour www.example.test : attendu 192.0.2.1, reçu 192.0.2.9`);
  });

  it('accepts any non-empty answer when nothing is expected', async () => {
    server.add({ name: 'any.example.test', type: 'A', ttl: 5, data: '192.0.2.7' });
    expect((await check({ name: 'any.example.test', expect_any: true })).status).toBe('up');
  });

  it('follows a CNAME and keeps only records of the asked type', async () => {
    server.add(
      { name: 'alias.example.test', type: 'CNAME', ttl: 60, data: 'www.example.test' },
      { name: 'www.example.test', type: 'A', ttl: 60, data: '192.0.2.1' },
    );
    const result = await check({ name: 'alias.example.test', expected: ['192.0.2.1'] });
    expect(result.status).toBe('up');
  });
});

describe('dns check: failures are told apart', () => {
  it('reports NXDOMAIN for a name that does not exist', async () => {
    const result = await check({ name: 'example.test' });
    expect(result.status).toBe('down');
    expect(result.message).toBe(`NXDOMAIN from ${server.hostPort}: example.test does not exist`);
    expect(result.messages?.fr).toBe(`NXDOMAIN de ${server.hostPort} : example.test n’existe pas`);
    expect(resolversOf(result)[0]?.failure).toBe('nxdomain');
  });

  it('reports SERVFAIL', async () => {
    server.behave('*', { rcode: 'SERVFAIL' });
    const result = await check({ name: 'www.example.test' });
    expect(result.status).toBe('down');
    expect(result.message).toMatch(new RegExp(`^SERVFAIL from ${server.hostPort}: `));
    expect(result.messages?.fr).toBe(`SERVFAIL de ${server.hostPort} : le résolveur n’a pas pu obtenir de réponse pour A www.example.test (échec en amont ou DNSSEC)`);
    expect(resolversOf(result)[0]?.failure).toBe('servfail');
  });

  it('reports REFUSED', async () => {
    server.behave('*', { rcode: 'REFUSED' });
    const result = await check({ name: 'www.example.test' });
    expect(result.message).toMatch(new RegExp(`^REFUSED from ${server.hostPort}: `));
    expect(result.messages?.fr).toMatch(new RegExp(`^REFUSED de ${server.hostPort} : le résolveur a refusé de répondre pour www\\.example\\.test `));
    expect(resolversOf(result)[0]?.failure).toBe('refused');
  });

  it('reports a name without records of the asked type (NOERROR, empty answer)', async () => {
    server.add({ name: 'www.example.test', type: 'A', ttl: 60, data: '192.0.2.1' });
    const result = await check({ name: 'www.example.test', record_type: 'AAAA' });
    expect(result.status).toBe('down');
    expect(result.message).toBe(`no AAAA records from ${server.hostPort}: www.example.test exists but has no AAAA record (NOERROR, empty answer)`);
    expect(result.messages?.fr).toBe(`aucun enregistrement AAAA de ${server.hostPort} : www.example.test existe mais n’a pas d’enregistrement AAAA (NOERROR, réponse vide)`);
  });

  it('reports a timeout when the server never answers', async () => {
    server.behave('*', { drop: true });
    const result = await check({ name: 'www.example.test' }, 500);
    expect(result.status).toBe('down');
    expect(result.message).toMatch(new RegExp(`^no answer from ${server.hostPort} within 500 ms \\(\\d attempts?\\)$`));
    expect(result.messages?.fr).toMatch(new RegExp(`^pas de réponse de ${server.hostPort} en 500 ms \\(\\d tentatives?\\)$`));
    expect(resolversOf(result)[0]?.failure).toBe('timeout');
    expect(server.queries.length).toBeGreaterThanOrEqual(1);
  });

  it('retransmits over UDP when the first query is lost', async () => {
    server.add({ name: 'www.example.test', type: 'A', ttl: 60, data: '192.0.2.1' });
    server.behave('*', { answerFromAttempt: 2 });
    const result = await check({ name: 'www.example.test' }, 3000);
    expect(result.status).toBe('up');
    expect(server.queries.filter((q) => q.transport === 'udp').length).toBe(2);
  });

  it('ignores stray packets with another id or question', async () => {
    server.add({ name: 'www.example.test', type: 'A', ttl: 60, data: '192.0.2.1' });
    server.behave('*', { sendStray: true });
    const result = await check({ name: 'www.example.test', expected: ['192.0.2.1'] });
    expect(result.status).toBe('up');
  });

  it('retries over TCP when the UDP answer is truncated', async () => {
    server.add({ name: 'big.example.test', type: 'TXT', ttl: 60, data: ['x'.repeat(200)] });
    server.behave('*', { truncateUdp: true });
    const result = await check({ name: 'big.example.test', record_type: 'TXT', expected: ['x'.repeat(200)] });
    expect(result.status).toBe('up');
    expect(resolversOf(result)[0]?.transport).toBe('tcp');
    expect(server.queries.map((q) => q.transport)).toEqual(['udp', 'tcp']);
  });
});

describe('dns check: several resolvers', () => {
  it('is degraded when one of two resolvers fails, and names it', async () => {
    server.add({ name: 'www.example.test', type: 'A', ttl: 60, data: '192.0.2.1' });
    other.behave('*', { rcode: 'SERVFAIL' });
    const result = await check({ name: 'www.example.test', resolvers: [server.hostPort, other.hostPort], expected: ['192.0.2.1'] });
    expect(result.status).toBe('degraded');
    expect(result.message).toMatch(new RegExp(`^1 of 2 resolvers failed \\(${other.hostPort}\\): SERVFAIL from ${other.hostPort}`));
    expect(result.messages?.fr).toMatch(new RegExp(`^1 résolveur sur 2 en échec \\(${other.hostPort}\\) : SERVFAIL de ${other.hostPort}`));
    expect(resolversOf(result).map((r) => [r.resolver, r.ok])).toEqual([
      [server.hostPort, true],
      [other.hostPort, false],
    ]);
    expect(result.details?.answers).toEqual([{ value: '192.0.2.1', ttl: 60 }]);
  });

  it('is down when all resolvers fail', async () => {
    const result = await check({ name: 'gone.example.test', resolvers: [server.hostPort, other.hostPort] });
    expect(result.status).toBe('down');
    expect(result.message).toMatch(/^all 2 resolvers failed: NXDOMAIN from .*; NXDOMAIN from /);
    expect(result.messages?.fr).toMatch(/^les 2 résolveurs ont échoué : NXDOMAIN de .* ; NXDOMAIN de /);
  });
});

describe('dns check: change events', () => {
  it('raises dns.answer_changed between two runs when alert_on_change is set', async () => {
    const config = { name: 'www.example.test', alert_on_change: true };
    server.set('www.example.test', 'A', [{ name: 'www.example.test', type: 'A', ttl: 60, data: '192.0.2.1' }]);
    const first = await check(config);
    const parsed = dnsCheck.schema.parse({ resolvers: [server.hostPort], ...config });
    expect(dnsCheck.diff!(parsed, first.details, first)).toEqual([]);

    server.set('www.example.test', 'A', [{ name: 'www.example.test', type: 'A', ttl: 60, data: '192.0.2.2' }]);
    const second = await check(config);
    expect(dnsCheck.diff!(parsed, first.details, second)).toEqual([
      {
        type: 'dns.answer_changed',
        message: 'A answers for www.example.test changed: 192.0.2.1 → 192.0.2.2',
        messages: { en: 'A answers for www.example.test changed: 192.0.2.1 → 192.0.2.2', fr: 'les réponses A pour www.example.test ont changé : 192.0.2.1 → 192.0.2.2' },
        before: ['192.0.2.1'],
        after: ['192.0.2.2'],
      },
    ]);
    const quiet = dnsCheck.schema.parse({ resolvers: [server.hostPort], name: 'www.example.test' });
    expect(dnsCheck.diff!(quiet, first.details, second)).toEqual([]);
  });
});

describe('dns check: every record type', () => {
  const name = 'rr.example.test';
  const cases = [
    { type: 'A', data: '192.0.2.1', expected: '192.0.2.1', other: '192.0.2.2' },
    { type: 'AAAA', data: '2001:db8::1', expected: '2001:DB8:0:0::1', other: '2001:db8::2' },
    { type: 'CNAME', data: 'target.example.test', expected: 'Target.Example.Test.', other: 'elsewhere.example.test' },
    { type: 'MX', data: { preference: 10, exchange: 'mail.example.test' }, expected: '10 mail.example.test.', other: '20 mail.example.test' },
    { type: 'NS', data: 'ns1.example.test', expected: 'ns1.example.test', other: 'ns2.example.test' },
    { type: 'TXT', data: ['v=spf1 ', '-all'], expected: 'v=spf1 -all', other: 'V=SPF1 -ALL' },
    { type: 'SRV', data: { priority: 10, weight: 5, port: 5060, target: 'sip.example.test' }, expected: '10 5 5060 sip.example.test', other: '10 5 5061 sip.example.test' },
    {
      type: 'SOA',
      data: { mname: 'ns1.example.test', rname: 'hostmaster.example.test', serial: 2024010101, refresh: 7200, retry: 3600, expire: 1209600, minimum: 300 },
      expected: 'ns1.example.test hostmaster.example.test 2024010101 7200 3600 1209600 300',
      other: 'ns1.example.test hostmaster.example.test 2024010102 7200 3600 1209600 300',
    },
    { type: 'CAA', data: { flags: 0, tag: 'issue', value: 'letsencrypt.org' }, expected: '0 issue letsencrypt.org', other: '0 issuewild "letsencrypt.org"' },
  ] as const;

  for (const c of cases) {
    it(`checks ${c.type} records`, async () => {
      server.add({ name, type: c.type, ttl: 120, data: c.data } as never);
      const result = await check({ name, record_type: c.type, expected: [c.expected] });
      expect(result.status, result.message).toBe('up');
      const wrong = await check({ name, record_type: c.type, expected: [c.other] });
      expect(wrong.status).toBe('down');
      expect(wrong.message).toContain(`wrong ${c.type} answer`);
    });
  }
});
