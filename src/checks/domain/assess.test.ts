import { describe, expect, it } from 'vitest';
import { domainProblems, domainVerdict, type DomainPolicy } from './assess.js';
import type { DomainFacts } from './facts.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-03-01T12:00:00Z');
const policy: DomainPolicy = { warn_days: 30, critical_days: 7 };
const facts = (over: Partial<DomainFacts> = {}): DomainFacts => ({
  name: 'ge.ch',
  source: 'rdap',
  server: 'https://rdap.nic.ch/',
  status: ['ok'],
  expiry: new Date(NOW + 200 * DAY).toISOString(),
  registered: null,
  lastChanged: '2026-03-01T10:31:00Z',
  lastTransferred: null,
  registrar: 'Registrar SA',
  registrarIanaId: null,
  nameservers: ['ns1.ge.ch', 'ns2.ge.ch'],
  delegationSigned: true,
  ...over,
});
const verdict = (f: DomainFacts, p: DomainPolicy = policy, ttl?: number) => domainVerdict(f, domainProblems(f, p, NOW, ttl), NOW);

describe('domain verdict', () => {
  it('is up for an active domain, with expiry and registrar', () => {
    expect(verdict(facts())).toEqual({
      status: 'up',
      message: 'ge.ch is active at the registry; expires on 2026-09-17 (in 200 days); registrar Registrar SA',
      messages: {
        en: 'ge.ch is active at the registry; expires on 2026-09-17 (in 200 days); registrar Registrar SA',
        fr: "ge.ch est actif au registre ; expire le 2026-09-17 (dans 200 jours) ; bureau d'enregistrement Registrar SA",
      },
    });
  });

  it('says once that the registry publishes no expiry date', () => {
    expect(verdict(facts({ expiry: null }))).toMatchObject({
      status: 'up',
      messages: {
        en: 'ge.ch is active at the registry; the registry publishes no expiry date: monitoring status and delegation only; registrar Registrar SA',
        fr: "ge.ch est actif au registre ; le registre ne publie pas de date d'expiration : seuls le statut et la délégation sont surveillés ; bureau d'enregistrement Registrar SA",
      },
    });
  });

  it('is down on hold, naming the status and since when, with the TTL when known', () => {
    expect(verdict(facts({ status: ['clientHold'] }), policy, 3600).messages).toEqual({
      en: 'ge.ch is on hold at the registry (clientHold) since 10:31 UTC — resolution will fail as caches expire (TTL 3600 s)',
      fr: "ge.ch est suspendu au registre (clientHold) depuis 10:31 UTC — le domaine cessera de résoudre à l'expiration des caches (TTL 3600 s)",
    });
    expect(verdict(facts({ status: ['serverHold'], lastChanged: '2026-02-27T08:00:00Z' })).message).toBe(
      'ge.ch is on hold at the registry (serverHold) since 2026-02-27 08:00 UTC — resolution will fail as caches expire',
    );
  });

  it('is down for each status that stops publication', () => {
    for (const [status, en] of [
      ['pendingDelete', 'is pending deletion at the registry (pendingDelete)'],
      ['redemptionPeriod', 'has been deleted and is in its redemption period (redemptionPeriod)'],
      ['pendingRestore', 'is being restored at the registry (pendingRestore)'],
      ['inactive', 'is inactive at the registry (inactive)'],
    ] as const) {
      const v = verdict(facts({ status: [status] }));
      expect(v.status, status).toBe('down');
      expect(v.message).toContain(en);
    }
  });

  it('is degraded within the warning threshold, down within the critical one and once expired', () => {
    expect(verdict(facts({ expiry: new Date(NOW + 20 * DAY + 3_600_000).toISOString() }))).toMatchObject({
      status: 'degraded',
      messages: {
        en: 'ge.ch expires on 2026-03-21 (in 20 days), within the warning threshold of 30 days',
        fr: "ge.ch expire le 2026-03-21 (dans 20 jours), sous le seuil d'alerte de 30 jours",
      },
    });
    expect(verdict(facts({ expiry: new Date(NOW + 3 * DAY + 3_600_000).toISOString() }))).toMatchObject({
      status: 'down',
      messages: {
        en: 'ge.ch expires on 2026-03-04 (in 3 days), within the critical threshold of 7 days — renew it now',
        fr: 'ge.ch expire le 2026-03-04 (dans 3 jours), sous le seuil critique de 7 jours — renouvelez-le maintenant',
      },
    });
    expect(verdict(facts({ expiry: new Date(NOW - 2 * DAY).toISOString() })).message).toBe('ge.ch expired on 2026-02-27 (2 days ago)');
  });

  it('is down when name servers or registrar differ from the expected ones (case and trailing dots ignored)', () => {
    expect(verdict(facts(), { ...policy, expected_nameservers: ['NS1.ge.ch.', 'ns2.ge.ch'] }).status).toBe('up');
    expect(verdict(facts({ nameservers: ['ns1.parking.example'] }), { ...policy, expected_nameservers: ['ns1.ge.ch', 'ns2.ge.ch'] }).messages).toEqual({
      en: 'the name servers of ge.ch at the registry differ from the expected ones: missing ns1.ge.ch, ns2.ge.ch; unexpected ns1.parking.example',
      fr: 'les serveurs de noms de ge.ch au registre diffèrent de ceux attendus : manquants : ns1.ge.ch, ns2.ge.ch ; inattendus : ns1.parking.example',
    });
    expect(verdict(facts(), { ...policy, expected_registrar: 'registrar sa' }).status).toBe('up');
    expect(verdict(facts(), { ...policy, expected_registrar: 'Other AG' })).toMatchObject({ status: 'down', message: 'the registrar of ge.ch is Registrar SA, expected Other AG' });
  });

  it('reports every problem, the worst deciding', () => {
    const v = verdict(facts({ status: ['clientHold'], expiry: new Date(NOW + 20 * DAY).toISOString() }));
    expect(v.status).toBe('down');
    expect(v.message).toMatch(/^ge\.ch is on hold .*; ge\.ch expires on /);
  });
});
