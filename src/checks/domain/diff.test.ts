import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../types.js';
import { diffDomain } from './diff.js';
import type { DomainFacts } from './facts.js';

const base: DomainFacts = {
  name: 'ge.ch',
  source: 'rdap',
  server: 'https://rdap.nic.ch/',
  status: ['ok'],
  expiry: null,
  registered: null,
  lastChanged: '2025-11-02T09:15:00.000Z',
  lastTransferred: null,
  registrar: 'Registrar SA',
  registrarIanaId: null,
  nameservers: ['ns1.ge.ch', 'ns2.ge.ch'],
  delegationSigned: true,
};
const result = (over: Partial<DomainFacts>): CheckResult => ({ status: 'up', message: '', latencyMs: 1, details: { ...base, ...over, cached: false } });

describe('diffDomain', () => {
  it('raises nothing for the same facts, a first run or a failed run', () => {
    expect(diffDomain({ ...base }, result({}))).toEqual([]);
    expect(diffDomain(undefined, result({}))).toEqual([]);
    expect(diffDomain({ ...base }, { status: 'unknown', message: 'timeout', latencyMs: null })).toEqual([]);
  });

  it('compares the expiry by calendar day, as it is shown: a new time on the same day is no move', () => {
    const before = { ...base, expiry: '2028-01-07T10:00:00.000Z' };
    expect(diffDomain(before, result({ expiry: '2028-01-07T10:00:01.234Z' }))).toEqual([]);
    expect(diffDomain(before, result({ expiry: '2029-01-07T10:00:00.000Z' })).map((e) => e.message)).toEqual(['expiry of ge.ch moved: 2028-01-07 → 2029-01-07']);
  });

  it('raises a readable before → after for each change, in English and French', () => {
    const events = diffDomain(
      { ...base },
      result({ status: ['clientHold'], registrar: 'Other AG', lastChanged: '2026-03-01T10:31:00.000Z', delegationSigned: false, nameservers: ['ns1.parking.example'], expiry: '2027-01-01T00:00:00.000Z' }),
    );
    expect(events.map((e) => e.type)).toEqual([
      'domain.status_changed',
      'domain.nameservers_changed',
      'domain.registrar_changed',
      'domain.last_changed',
      'domain.dnssec_changed',
      'domain.expiry_changed',
    ]);
    expect(events[0]).toMatchObject({
      message: 'registry status of ge.ch changed: ok → clientHold',
      messages: { fr: 'statut de ge.ch au registre modifié : ok → clientHold' },
      before: ['ok'],
      after: ['clientHold'],
    });
    expect(events[1]!.message).toBe('name servers of ge.ch at the registry changed: ns1.ge.ch, ns2.ge.ch → ns1.parking.example');
    expect(events[2]).toMatchObject({ message: 'registrar of ge.ch changed: Registrar SA → Other AG', messages: { fr: "bureau d'enregistrement de ge.ch modifié : Registrar SA → Other AG" } });
    expect(events[3]!.message).toBe('ge.ch was changed at the registry: last changed 2025-11-02 09:15 UTC → 2026-03-01 10:31 UTC');
    expect(events[4]!.messages).toEqual({ en: 'DNSSEC delegation of ge.ch: signed → unsigned', fr: 'délégation DNSSEC de ge.ch : signée → non signée' });
    expect(events[5]!.message).toBe('expiry of ge.ch moved: none → 2027-01-01');
  });
});
