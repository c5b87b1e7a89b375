/**
 * @module The domain check over WHOIS against a local WHOIS server on 127.0.0.1: the ICANN /
 * Verisign format and the AFNIC format, "not found", rate limiting, timeouts, the per-TLD
 * fallback when no RDAP server is known, and a custom query line.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { domainCheck, resetDomainState } from '../../src/checks/domain/index.js';
import type { CheckResult } from '../../src/checks/types.js';
import { afnicWhois, icannWhois, startWhoisServer, type WhoisServer } from '../helpers/whois-server.js';

const DAY = 86_400_000;
let whois: WhoisServer;
let label: string;

async function check(input: Record<string, unknown>, timeoutMs = 10_000): Promise<CheckResult> {
  const config = domainCheck.schema.parse(input);
  return domainCheck.run(config, { signal: AbortSignal.timeout(timeoutMs), timeoutMs });
}
const viaWhois = (name: string, extra: Record<string, unknown> = {}) => check({ name, whois: { server: '127.0.0.1', port: whois.port }, ...extra });
const inDays = (n: number) => new Date(Date.now() + n * DAY).toISOString().replace(/\.\d+Z$/, 'Z');

beforeAll(async () => {
  whois = await startWhoisServer();
  label = `whois 127.0.0.1:${whois.port}`;
});
afterAll(() => whois.close());
beforeEach(() => resetDomainState());

describe('domain check (WHOIS): ICANN / Verisign format', () => {
  it('is up for an active domain, with the same facts as RDAP gives', async () => {
    whois.set('active.example', icannWhois({ name: 'active.example', status: ['clientTransferProhibited'], expiry: inDays(120.5), registrar: 'Example Registrar, Inc.', nameservers: ['ns1.active.example', 'ns2.active.example'], dnssec: 'signedDelegation' }));
    const result = await viaWhois('active.example', { expected_nameservers: ['ns1.active.example', 'ns2.active.example'] });
    expect(result.status, result.message).toBe('up');
    expect(result.messages?.en).toMatch(/^active\.example is active at the registry; expires on \d{4}-\d\d-\d\d \(in 120 days\); registrar Example Registrar, Inc\.$/);
    expect(result.messages?.fr).toMatch(/^active\.example est actif au registre ; expire le \d{4}-\d\d-\d\d \(dans 120 jours\) ; bureau d'enregistrement Example Registrar, Inc\.$/);
    expect(result.details).toMatchObject({ source: 'whois', server: label, status: ['clientTransferProhibited'], delegationSigned: true, registrarIanaId: '9999' });
  });

  it('is down on client hold, since the last update', async () => {
    whois.set('hold.example', icannWhois({ name: 'hold.example', status: ['clientHold'], expiry: inDays(120), registrar: 'R', nameservers: ['ns1.hold.example'], updated: '2024-06-02T10:31:00Z' }));
    const result = await viaWhois('hold.example');
    expect(result.status).toBe('down');
    expect(result.messages).toEqual({
      en: 'hold.example is on hold at the registry (clientHold) since 2024-06-02 10:31 UTC — resolution will fail as caches expire',
      fr: "hold.example est suspendu au registre (clientHold) depuis 2024-06-02 10:31 UTC — le domaine cessera de résoudre à l'expiration des caches",
    });
  });

  it('is degraded when expiring within the warning threshold', async () => {
    whois.set('soon.example', icannWhois({ name: 'soon.example', status: ['ok'], expiry: inDays(20.5), registrar: 'R', nameservers: ['ns1.soon.example'] }));
    const result = await viaWhois('soon.example');
    expect(result.status).toBe('degraded');
    expect(result.message).toMatch(/^soon\.example expires on \d{4}-\d\d-\d\d \(in 20 days\), within the warning threshold of 30 days$/);
  });

  it('is down when the domain is not found', async () => {
    const result = await viaWhois('nope.example');
    expect(result.status).toBe('down');
    expect(result.messages).toEqual({ en: `domain not found at the registry: nope.example (${label})`, fr: `domaine introuvable au registre : nope.example (${label})` });
  });
});

describe('domain check (WHOIS): AFNIC format', () => {
  it('is up for an active .fr domain', async () => {
    whois.set('mairie.fr', afnicWhois({ name: 'mairie.fr', status: 'ACTIVE', eppstatus: ['serverTransferProhibited'], expiry: inDays(300.5), registrar: 'Registrar Exemple', nameservers: ['ns1.mairie.fr', 'ns2.mairie.fr'] }));
    const result = await viaWhois('mairie.fr');
    expect(result.status, result.message).toBe('up');
    expect(result.messages?.fr).toMatch(/^mairie\.fr est actif au registre ; expire le \d{4}-\d\d-\d\d \(dans 300 jours\) ; bureau d'enregistrement Registrar Exemple$/);
    expect(result.details).toMatchObject({ status: ['ok', 'serverTransferProhibited'], nameservers: ['ns1.mairie.fr', 'ns2.mairie.fr'] });
  });

  it('is down when the registry holds it (hold: YES) or it is in redemption', async () => {
    whois.set('suspendu.fr', afnicWhois({ name: 'suspendu.fr', status: 'ACTIVE', hold: 'YES', expiry: inDays(300), registrar: 'R', nameservers: ['ns1.suspendu.fr'] }));
    const held = await viaWhois('suspendu.fr');
    expect(held.status).toBe('down');
    expect(held.messages?.fr).toBe(
      "suspendu.fr est suspendu au registre (serverHold) depuis 2025-12-01 08:30 UTC — le domaine cessera de résoudre à l'expiration des caches",
    );
    whois.set('supprime.fr', afnicWhois({ name: 'supprime.fr', status: 'REDEMPTION', expiry: inDays(300), registrar: 'R', nameservers: [] }));
    const deleted = await viaWhois('supprime.fr');
    expect(deleted.status).toBe('down');
    expect(deleted.message).toContain('supprime.fr has been deleted and is in its redemption period (redemptionPeriod)');
  });
});

describe('domain check (WHOIS): being a good citizen, failures, fallback', () => {
  it('backs off after a rate-limit answer instead of asking again', async () => {
    const limited = await startWhoisServer();
    try {
      limited.set('busy.example', 'WHOIS LIMIT EXCEEDED - SEE WWW.EXAMPLE/WHOIS FOR DETAILS\r\n');
      const input = { name: 'busy.example', whois: { server: '127.0.0.1', port: limited.port } };
      const first = await check(input);
      expect(first.status).toBe('unknown');
      expect(first.messages?.en).toMatch(/^the registry asked us to wait until (\d{4}-\d\d-\d\d )?\d\d:\d\d:\d\d UTC \(WHOIS: "WHOIS LIMIT EXCEEDED - SEE WWW\.EXAMPLE\/WHOIS FOR DETAILS"\); not querying 127\.0\.0\.1:\d+ before then$/);
      expect(first.messages?.fr).toMatch(/^le registre nous a demandé d'attendre jusqu'à /);
      const second = await check(input);
      expect(second.status).toBe('unknown');
      expect(limited.queries).toEqual(['busy.example']);
    } finally {
      await limited.close();
    }
  });

  it('is unknown when the server answers after the timeout', async () => {
    whois.set('slow.example', { delayMs: 20_000, answer: 'too late' });
    const timed = await check({ name: 'slow.example', whois: { server: '127.0.0.1', port: whois.port } }, 500);
    expect(timed.status).toBe('unknown');
    expect(timed.messages).toEqual({ en: `the WHOIS server did not answer within 0.5 s (${label})`, fr: `le serveur WHOIS n'a pas répondu en 0.5 s (${label})` });
  });

  it('is unknown when the answer cannot be read', async () => {
    whois.set('garbage.example', 'Welcome!\r\nPlease try again later.\r\n');
    const result = await viaWhois('garbage.example');
    expect(result.status).toBe('unknown');
    expect(result.messages?.en).toBe(`could not read the WHOIS answer (${label}): no status, expiry or name server lines`);
  });

  it('falls back to the per-TLD WHOIS server when no RDAP server is known, with a custom query line', async () => {
    whois.set('-t dn example.zz', icannWhois({ name: 'example.zz', status: ['ok'], expiry: inDays(90.5), registrar: 'ZZ Registry', nameservers: ['ns1.example.zz'] }));
    const result = await check({ name: 'example.zz', whois_servers: { zz: { server: '127.0.0.1', port: whois.port, query: '-T dn {name}' } } });
    expect(result.status, result.message).toBe('up');
    expect(result.details).toMatchObject({ source: 'whois', registrar: 'ZZ Registry' });
    expect(whois.queries).toContain('-T dn example.zz');
  });
});
