/**
 * @module The domain check against a local RDAP registry on 127.0.0.1: every registry status
 * that matters, expiry thresholds, drift events, and the failures (404, 429, 5xx, timeout,
 * malformed JSON, wrong content type), each with its state and its English and French message.
 * Also the bootstrap refresh, from a local stand-in for the IANA address.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { domainCheck, lookupDomain, RdapBootstrap, resetDomainState } from '../../src/checks/domain/index.js';
import { shippedBootstrap } from '../../src/checks/domain/bootstrap/iana-dns.js';
import type { CheckResult } from '../../src/checks/types.js';
import { startHttpServer, type TestServer } from '../helpers/http-server.js';
import { startRdapServer, type DomainRecord, type RdapServer } from '../helpers/rdap-server.js';

const DATE = '\\d{4}-\\d\\d-\\d\\d';
const MOMENT = `(${DATE} )?\\d\\d:\\d\\d:\\d\\d UTC`;
let registry: RdapServer;

function record(name: string, over: Partial<DomainRecord> = {}) {
  registry.set(name, { kind: 'record', record: { name, ...over } });
}

async function check(name: string, extra: Record<string, unknown> = {}, timeoutMs = 10_000, url = registry.url): Promise<CheckResult> {
  const config = domainCheck.schema.parse({ name, rdap_url: url, ...extra });
  return domainCheck.run(config, { signal: AbortSignal.timeout(timeoutMs), timeoutMs });
}

beforeAll(async () => {
  registry = await startRdapServer();
});
afterAll(() => registry.close());
beforeEach(() => resetDomainState());

describe('domain check (RDAP): registry statuses', () => {
  it('is up for an active domain, with the registration facts in details', async () => {
    record('active.test', { status: ['active', 'client transfer prohibited'], expiresInDays: 200.5 });
    const result = await check('active.test');
    expect(result.status, result.message).toBe('up');
    expect(result.messages?.en).toMatch(new RegExp(`^active\\.test is active at the registry; expires on ${DATE} \\(in 200 days\\); registrar Example Registrar SA$`));
    expect(result.messages?.fr).toMatch(new RegExp(`^active\\.test est actif au registre ; expire le ${DATE} \\(dans 200 jours\\) ; bureau d'enregistrement Example Registrar SA$`));
    expect(result.message).toBe(result.messages?.en);
    expect(result.details).toMatchObject({
      status: ['clientTransferProhibited', 'ok'],
      registrar: 'Example Registrar SA',
      nameservers: ['ns1.active.test', 'ns2.active.test'],
      delegationSigned: true,
      lastChanged: '2025-11-02T09:15:00.000Z',
      expiryPublished: true,
      source: 'rdap',
    });
    expect(result.latencyMs).toEqual(expect.any(Number));
  });

  it('is down on client hold, saying since when and what happens next', async () => {
    record('hold.test', { status: ['client hold'], lastChanged: '2024-06-02T10:31:00Z' });
    const result = await check('hold.test');
    expect(result.status).toBe('down');
    expect(result.messages).toEqual({
      en: 'hold.test is on hold at the registry (clientHold) since 2024-06-02 10:31 UTC — resolution will fail as caches expire',
      fr: "hold.test est suspendu au registre (clientHold) depuis 2024-06-02 10:31 UTC — le domaine cessera de résoudre à l'expiration des caches",
    });
  });

  it('is down on server hold (EPP code spelling accepted too)', async () => {
    record('serverhold.test', { status: ['serverHold'], lastChanged: '2024-06-02T10:31:00Z' });
    const result = await check('serverhold.test');
    expect(result.status).toBe('down');
    expect(result.messages?.en).toBe('serverhold.test is on hold at the registry (serverHold) since 2024-06-02 10:31 UTC — resolution will fail as caches expire');
    expect(result.messages?.fr).toContain('est suspendu au registre (serverHold)');
  });

  it('is down on pending delete', async () => {
    record('pending.test', { status: ['pending delete'], lastChanged: '2024-06-02T10:31:00Z' });
    const result = await check('pending.test');
    expect(result.status).toBe('down');
    expect(result.messages).toEqual({
      en: 'pending.test is pending deletion at the registry (pendingDelete) since 2024-06-02 10:31 UTC — the registry has stopped publishing it and will release it unless it is restored',
      fr: "pending.test est en attente de suppression au registre (pendingDelete) depuis 2024-06-02 10:31 UTC — le registre ne le publie plus et le libérera s'il n'est pas restauré",
    });
  });

  it('is down in the redemption period, naming it before pending delete', async () => {
    record('redemption.test', { status: ['redemption period', 'pending delete'], lastChanged: '2024-06-02T10:31:00Z' });
    const result = await check('redemption.test');
    expect(result.status).toBe('down');
    expect(result.messages).toEqual({
      en: 'redemption.test has been deleted and is in its redemption period (redemptionPeriod, pendingDelete) since 2024-06-02 10:31 UTC — the registry has stopped publishing it; the registrar can still restore it',
      fr: "redemption.test a été supprimé et se trouve en période de rédemption (redemptionPeriod, pendingDelete) depuis 2024-06-02 10:31 UTC — le registre ne le publie plus ; le bureau d'enregistrement peut encore le restaurer",
    });
  });

  it('is down when inactive', async () => {
    record('inactive.test', { status: ['inactive'], nameservers: [] });
    const result = await check('inactive.test');
    expect(result.status).toBe('down');
    expect(result.messages).toEqual({
      en: 'inactive.test is inactive at the registry (inactive) — without a delegation the registry does not publish it',
      fr: 'inactive.test est inactif au registre (inactive) — sans délégation, le registre ne le publie pas',
    });
  });
});

describe('domain check (RDAP): expiry', () => {
  it('is degraded when expiring in 20 days', async () => {
    record('soon.test', { expiresInDays: 20.5 });
    const result = await check('soon.test');
    expect(result.status).toBe('degraded');
    expect(result.messages?.en).toMatch(new RegExp(`^soon\\.test expires on ${DATE} \\(in 20 days\\), within the warning threshold of 30 days$`));
    expect(result.messages?.fr).toMatch(new RegExp(`^soon\\.test expire le ${DATE} \\(dans 20 jours\\), sous le seuil d'alerte de 30 jours$`));
  });

  it('is down when expiring in 3 days', async () => {
    record('critical.test', { expiresInDays: 3.5 });
    const result = await check('critical.test');
    expect(result.status).toBe('down');
    expect(result.messages?.en).toMatch(new RegExp(`^critical\\.test expires on ${DATE} \\(in 3 days\\), within the critical threshold of 7 days — renew it now$`));
    expect(result.messages?.fr).toMatch(new RegExp(`^critical\\.test expire le ${DATE} \\(dans 3 jours\\), sous le seuil critique de 7 jours — renouvelez-le maintenant$`));
  });

  it('says once that the registry publishes no expiry date, and stays up', async () => {
    record('noexpiry.test', { expiresInDays: null });
    const result = await check('noexpiry.test');
    expect(result.status).toBe('up');
    expect(result.messages).toEqual({
      en: 'noexpiry.test is active at the registry; the registry publishes no expiry date: monitoring status and delegation only; registrar Example Registrar SA',
      fr: "noexpiry.test est actif au registre ; le registre ne publie pas de date d'expiration : seuls le statut et la délégation sont surveillés ; bureau d'enregistrement Example Registrar SA",
    });
    expect(result.details).toMatchObject({ expiry: null, expiryPublished: false });
  });
});

describe('domain check (RDAP): drift between runs', () => {
  async function twoRuns(name: string, before: Partial<DomainRecord>, after: Partial<DomainRecord>, extra: Record<string, unknown> = {}) {
    const expiresAt = '2027-06-01T00:00:00Z';
    record(name, { expiresAt, ...before });
    const first = await check(name, extra);
    resetDomainState(); // the next run must reach the registry, not the half-second cache
    record(name, { expiresAt, ...after });
    const second = await check(name, extra);
    const config = domainCheck.schema.parse({ name, rdap_url: registry.url, ...extra });
    return { first, second, events: domainCheck.diff!(config, first.details, second) };
  }

  it('is down when the name servers no longer match the expected set, with the change as an event', async () => {
    const expected_nameservers = ['NS1.nschange.test.', 'ns2.nschange.test'];
    const { first, second, events } = await twoRuns('nschange.test', {}, { nameservers: ['ns1.parking.example', 'ns2.parking.example'] }, { expected_nameservers });
    expect(first.status).toBe('up');
    expect(second.status).toBe('down');
    expect(second.messages).toEqual({
      en: 'the name servers of nschange.test at the registry differ from the expected ones: missing ns1.nschange.test, ns2.nschange.test; unexpected ns1.parking.example, ns2.parking.example',
      fr: 'les serveurs de noms de nschange.test au registre diffèrent de ceux attendus : manquants : ns1.nschange.test, ns2.nschange.test ; inattendus : ns1.parking.example, ns2.parking.example',
    });
    expect(events).toEqual([
      expect.objectContaining({
        type: 'domain.nameservers_changed',
        message: 'name servers of nschange.test at the registry changed: ns1.nschange.test, ns2.nschange.test → ns1.parking.example, ns2.parking.example',
      }),
    ]);
  });

  it('raises an event when the registrar changes, while staying up', async () => {
    const { second, events } = await twoRuns('registrar.test', {}, { registrar: 'Other Registrar AG', lastChanged: '2026-01-10T08:00:00Z' });
    expect(second.status).toBe('up');
    expect(events.map((e) => e.type)).toEqual(['domain.registrar_changed', 'domain.last_changed']);
    expect(events[0]).toMatchObject({
      message: 'registrar of registrar.test changed: Example Registrar SA → Other Registrar AG',
      messages: { fr: "bureau d'enregistrement de registrar.test modifié : Example Registrar SA → Other Registrar AG" },
      before: 'Example Registrar SA',
      after: 'Other Registrar AG',
    });
  });

  it('raises an event when `last changed` moves, and when the status set or DNSSEC flag changes', async () => {
    const { events } = await twoRuns('moved.test', {}, { lastChanged: '2026-01-10T08:00:00Z' });
    expect(events).toEqual([
      expect.objectContaining({
        type: 'domain.last_changed',
        message: 'moved.test was changed at the registry: last changed 2025-11-02 09:15 UTC → 2026-01-10 08:00 UTC',
        messages: expect.objectContaining({ fr: 'moved.test a été modifié au registre : dernière modification 2025-11-02 09:15 UTC → 2026-01-10 08:00 UTC' }),
      }),
    ]);
    const flipped = await twoRuns('flip.test', {}, { status: ['client hold'], delegationSigned: false, expiresAt: '2028-06-01T00:00:00Z' });
    expect(flipped.second.status).toBe('down');
    expect(flipped.events.map((e) => e.message)).toEqual([
      'registry status of flip.test changed: ok → clientHold',
      'DNSSEC delegation of flip.test: signed → unsigned',
      'expiry of flip.test moved: 2027-06-01 → 2028-06-01',
    ]);
  });
});

describe('domain check (RDAP): registry failures', () => {
  it('is down when the registry does not know the domain (404)', async () => {
    const result = await check('missing.test');
    expect(result.status).toBe('down');
    expect(result.messages).toEqual({
      en: `domain not found at the registry: missing.test (${registry.url})`,
      fr: `domaine introuvable au registre : missing.test (${registry.url})`,
    });
  });

  it('is unknown on HTTP 500: the check could not run', async () => {
    registry.set('error.test', { kind: 'status', status: 500 });
    const result = await check('error.test');
    expect(result.status).toBe('unknown');
    expect(result.messages).toEqual({
      en: `the registry answered HTTP 500 (${registry.url}domain/error.test); the check could not run`,
      fr: `le registre a répondu HTTP 500 (${registry.url}domain/error.test) ; la vérification n'a pas pu se faire`,
    });
  });

  it('is unknown when the answer comes after the timeout', async () => {
    registry.set('slow.test', { kind: 'slow', delayMs: 20_000, record: { name: 'slow.test' } });
    const result = await check('slow.test', {}, 500);
    expect(result.status).toBe('unknown');
    expect(result.messages).toEqual({
      en: `the registry did not answer within 0.5 s (${registry.url}domain/slow.test)`,
      fr: `le registre n'a pas répondu en 0.5 s (${registry.url}domain/slow.test)`,
    });
  });

  it('is unknown on malformed JSON, naming the problem', async () => {
    registry.set('broken.test', { kind: 'raw', body: '{"objectClassName": "domain", ', contentType: 'application/rdap+json' });
    const result = await check('broken.test');
    expect(result.status).toBe('unknown');
    expect(result.messages?.en).toMatch(/^the registry answered malformed JSON \(.*\/domain\/broken\.test\): .+/);
    expect(result.messages?.fr).toMatch(/^le registre a répondu un JSON invalide \(.*\/domain\/broken\.test\) : .+/);
  });

  it('is unknown on a wrong content type, and accepts application/json', async () => {
    registry.set('html.test', { kind: 'raw', body: '<html>parked</html>', contentType: 'text/html; charset=utf-8' });
    const result = await check('html.test');
    expect(result.status).toBe('unknown');
    expect(result.messages).toEqual({
      en: `the registry answered text/html; charset=utf-8 instead of application/rdap+json (${registry.url}domain/html.test)`,
      fr: `le registre a répondu text/html; charset=utf-8 au lieu de application/rdap+json (${registry.url}domain/html.test)`,
    });
    registry.set('json.test', { kind: 'record', record: { name: 'json.test' }, contentType: 'application/json' });
    expect((await check('json.test')).status).toBe('up');
  });

  it('is unknown when the answer is JSON but not an RDAP domain object', async () => {
    registry.set('notdomain.test', { kind: 'raw', body: '{"objectClassName":"entity"}', contentType: 'application/rdap+json' });
    const result = await check('notdomain.test');
    expect(result.status).toBe('unknown');
    expect(result.message).toMatch(/^the registry's answer is not an RDAP domain object \(.*\): objectClassName: /);
  });
});

describe('domain check (RDAP): 429 and Retry-After', () => {
  let limited: RdapServer;
  beforeAll(async () => {
    limited = await startRdapServer();
  });
  afterAll(() => limited.close());

  it('honours Retry-After in seconds: unknown, and no query until then', async () => {
    limited.set('busy.test', { kind: 'status', status: 429, headers: { 'retry-after': '120' } });
    const first = await check('busy.test', {}, 10_000, limited.url);
    expect(first.status).toBe('unknown');
    const host = new URL(limited.url).host;
    expect(first.messages?.en).toMatch(new RegExp(`^the registry asked us to wait until ${MOMENT} \\(HTTP 429 Too Many Requests, Retry-After 120 s\\); not querying ${host} before then$`));
    expect(first.messages?.fr).toMatch(new RegExp(`^le registre nous a demandé d'attendre jusqu'à ${MOMENT} \\(HTTP 429 Too Many Requests, Retry-After 120 s\\) ; pas de nouvelle requête à ${host} d'ici là$`));

    limited.set('busy.test', { kind: 'record', record: { name: 'busy.test' } });
    limited.set('other.test', { kind: 'record', record: { name: 'other.test' } });
    const second = await check('busy.test', {}, 10_000, limited.url);
    const other = await check('other.test', {}, 10_000, limited.url);
    expect(second.status).toBe('unknown');
    expect(second.message).toBe(first.message);
    expect(other.status).toBe('unknown');
    expect(limited.requests('busy.test')).toBe(1);
    expect(limited.requests('other.test')).toBe(0);

    resetDomainState();
    expect((await check('busy.test', {}, 10_000, limited.url)).status).toBe('up');
  });

  it('honours Retry-After as an HTTP date', async () => {
    const until = new Date(Date.now() + 3_600_000);
    limited.set('dated.test', { kind: 'status', status: 429, headers: { 'retry-after': until.toUTCString() } });
    const result = await check('dated.test', {}, 10_000, limited.url);
    expect(result.status).toBe('unknown');
    const hhmm = until.toISOString().slice(11, 16);
    expect(result.message).toMatch(new RegExp(`^the registry asked us to wait until (${DATE} )?${hhmm}:\\d\\d UTC \\(HTTP 429 Too Many Requests, Retry-After \\d+ s\\)`));
  });
});

describe('domain lookup through the bootstrap', () => {
  let iana: TestServer;
  let requests = 0;
  let available = true;

  beforeAll(async () => {
    iana = await startHttpServer((_req, res) => {
      requests++;
      if (!available) return void res.writeHead(503).end();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ publication: '2026-11-01T00:00:00Z', services: [[['test'], [registry.url]]] }));
    });
  });
  afterAll(() => iana.close());

  it('refreshes from the official address at most daily, and finds the RDAP server there', async () => {
    let now = Date.parse('2026-11-23T00:00:00Z');
    const bootstrap = new RdapBootstrap(shippedBootstrap(), { refreshUrl: `${iana.origin}/rdap/dns.json`, now: () => now });
    expect(bootstrap.serverFor('boot.test')).toBeUndefined();
    record('boot.test');
    const config = domainCheck.schema.parse({ name: 'boot.test' });
    const found = await lookupDomain(config, { signal: AbortSignal.timeout(10_000), timeoutMs: 10_000 }, { bootstrap });
    expect(found).toMatchObject({ ok: true, plan: { kind: 'rdap', via: 'bootstrap', baseUrl: registry.url }, facts: { name: 'boot.test' } });
    expect(bootstrap.publication).toBe('2026-11-01T00:00:00Z');
    expect(requests).toBe(1);

    await bootstrap.refreshIfDue();
    now += 3_600_000;
    await bootstrap.refreshIfDue();
    expect(requests).toBe(1);
    now += 86_400_000;
    available = false;
    await bootstrap.refreshIfDue();
    expect(requests).toBe(2);
    expect(bootstrap.serverFor('boot.test')).toBe(registry.url);
  });

  it('falls back to the shipped copy silently when the address is unreachable', async () => {
    const closed = await startHttpServer(() => undefined);
    const url = `${closed.origin}/dns.json`;
    await closed.close();
    const bootstrap = new RdapBootstrap(shippedBootstrap(), { refreshUrl: url });
    await expect(bootstrap.refreshIfDue()).resolves.toBeUndefined();
    expect(bootstrap.serverFor('example.com')).toBe('https://rdap.verisign.com/com/v1/');
  });

  it('is unknown, saying what to configure, when no RDAP server is known', async () => {
    const bootstrap = new RdapBootstrap(shippedBootstrap(), { refreshUrl: null });
    const config = domainCheck.schema.parse({ name: 'example.zz' });
    const lookup = await lookupDomain(config, { signal: AbortSignal.timeout(1000), timeoutMs: 1000 }, { bootstrap });
    expect(lookup).toMatchObject({
      ok: false,
      status: 'unknown',
      text: { en: 'no RDAP server is known for .zz: set rdap_url, rdap_overrides or whois', fr: "aucun serveur RDAP n'est connu pour .zz : renseignez rdap_url, rdap_overrides ou whois" },
    });
  });
});
