import { describe, expect, it } from 'vitest';
import { afnicWhois, icannWhois } from '../../../../test/helpers/whois-server.js';
import { keyValues, readWhois } from './whois-parse.js';

const SERVER = 'whois 127.0.0.1:43';

describe('readWhois: ICANN / Verisign format', () => {
  it('reads statuses, expiry, registrar, name servers and DNSSEC', () => {
    const text = icannWhois({
      name: 'example.com',
      status: ['clientHold', 'clientTransferProhibited'],
      expiry: '2027-08-13T04:00:00Z',
      registrar: 'Example Registrar, Inc.',
      nameservers: ['ns1.example.com', 'NS2.EXAMPLE.COM'],
      dnssec: 'signedDelegation',
      updated: '2026-02-01T10:31:00Z',
    });
    expect(readWhois(text, 'example.com', SERVER)).toEqual({
      kind: 'found',
      format: 'icann',
      facts: {
        name: 'example.com',
        source: 'whois',
        server: SERVER,
        status: ['clientHold', 'clientTransferProhibited'],
        expiry: '2027-08-13T04:00:00.000Z',
        registered: '1995-08-14T04:00:00.000Z',
        lastChanged: '2026-02-01T10:31:00.000Z',
        lastTransferred: null,
        registrar: 'Example Registrar, Inc.',
        registrarIanaId: '9999',
        nameservers: ['ns1.example.com', 'ns2.example.com'],
        delegationSigned: true,
      },
    });
  });

  it('stops at the end-of-record marker, ignoring the legal text', () => {
    const lines = keyValues(icannWhois({ name: 'a.com', status: ['ok'], expiry: '2027-01-01', registrar: 'R', nameservers: [] }));
    expect(lines.some((l) => l.key === 'notice' || l.key.includes('terms of use'))).toBe(false);
  });

  it('recognises "not found" and rate-limit answers', () => {
    expect(readWhois('No match for "NOPE.COM".\r\n>>> Last update of whois database <<<', 'nope.com', SERVER)).toEqual({ kind: 'not-found' });
    expect(readWhois('%% NOT FOUND\n', 'nope.fr', SERVER)).toEqual({ kind: 'not-found' });
    expect(readWhois('WHOIS LIMIT EXCEEDED - SEE WWW.EXAMPLE/WHOIS\n', 'a.com', SERVER)).toEqual({ kind: 'rate-limited', line: 'WHOIS LIMIT EXCEEDED - SEE WWW.EXAMPLE/WHOIS' });
    expect(readWhois('hello\nworld\n', 'a.com', SERVER)).toEqual({ kind: 'unreadable' });
  });
});

describe('readWhois: AFNIC (RIPE-style) format', () => {
  it('reads the domain block and the name-server block', () => {
    const text = afnicWhois({
      name: 'mairie.fr',
      status: 'ACTIVE',
      eppstatus: ['serverTransferProhibited'],
      expiry: '2026-12-31T23:00:00Z',
      registrar: 'Registrar Exemple',
      nameservers: ['ns1.mairie.fr', 'ns2.mairie.fr'],
    });
    const reading = readWhois(text, 'mairie.fr', SERVER);
    expect(reading).toMatchObject({
      kind: 'found',
      format: 'ripe',
      facts: {
        status: ['ok', 'serverTransferProhibited'],
        expiry: '2026-12-31T23:00:00.000Z',
        registered: '2004-03-01T10:00:00.000Z',
        lastChanged: '2025-12-01T08:30:00.000Z',
        registrar: 'Registrar Exemple',
        nameservers: ['ns1.mairie.fr', 'ns2.mairie.fr'],
        delegationSigned: null,
      },
    });
  });

  it('maps hold: YES, REDEMPTION and BLOCKED to the statuses that stop publication', () => {
    const base = { name: 'a.fr', expiry: '2026-12-31T23:00:00Z', registrar: 'R', nameservers: ['ns1.a.fr'] };
    const status = (text: string) => (readWhois(text, 'a.fr', SERVER) as { facts: { status: string[] } }).facts.status;
    expect(status(afnicWhois({ ...base, status: 'ACTIVE', hold: 'YES' }))).toEqual(['ok', 'serverHold']);
    expect(status(afnicWhois({ ...base, status: 'REDEMPTION' }))).toEqual(['redemptionPeriod']);
    expect(status(afnicWhois({ ...base, status: 'BLOCKED' }))).toEqual(['serverHold']);
  });
});
