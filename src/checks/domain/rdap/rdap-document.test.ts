import { describe, expect, it } from 'vitest';
import { rdapDomain } from '../../../../test/helpers/rdap-server.js';
import { factsFromRdap, vcardName } from './rdap-document.js';

const NOW = Date.parse('2026-03-01T10:00:00Z');

describe('factsFromRdap', () => {
  it('reads status, events, name servers, DNSSEC and the registrar entity', () => {
    const doc = rdapDomain({ name: 'ge.ch', status: ['client hold', 'client transfer prohibited'], expiresInDays: 10, lastChanged: '2026-03-01T10:31:00Z', nameservers: ['NS1.GE.CH.', 'ns2.ge.ch'] }, NOW);
    expect(factsFromRdap(doc, 'ge.ch', 'http://127.0.0.1/')).toEqual({
      ok: true,
      facts: {
        name: 'ge.ch',
        source: 'rdap',
        server: 'http://127.0.0.1/',
        status: ['clientHold', 'clientTransferProhibited'],
        expiry: '2026-03-11T10:00:00.000Z',
        registered: '2001-05-04T10:00:00.000Z',
        lastChanged: '2026-03-01T10:31:00.000Z',
        lastTransferred: null,
        registrar: 'Example Registrar SA',
        registrarIanaId: '9999',
        nameservers: ['ns1.ge.ch', 'ns2.ge.ch'],
        delegationSigned: true,
      },
    });
  });

  it('gives null for what the registry does not publish', () => {
    const doc = { objectClassName: 'domain', ldhName: 'a.ch', status: ['active'] };
    expect(factsFromRdap(doc, 'a.ch', 's')).toMatchObject({ ok: true, facts: { expiry: null, registrar: null, delegationSigned: null, nameservers: [] } });
  });

  it('finds a registrar nested in another entity, falling back to its handle', () => {
    const doc = { objectClassName: 'domain', entities: [{ roles: ['registrant'], entities: [{ roles: ['registrar'], handle: 'REG-42' }] }] };
    expect(factsFromRdap(doc, 'a.ch', 's')).toMatchObject({ ok: true, facts: { registrar: 'REG-42' } });
  });

  it('says why an answer is not a domain object', () => {
    expect(factsFromRdap({ errorCode: 500 }, 'a.ch', 's')).toMatchObject({ ok: false, reason: expect.stringContaining('objectClassName') });
    expect(factsFromRdap({ objectClassName: 'domain', status: 'active' }, 'a.ch', 's')).toMatchObject({ ok: false, reason: expect.stringMatching(/^status: /) });
  });

  it('reads the fn of a jCard', () => {
    expect(vcardName(['vcard', [['version', {}, 'text', '4.0'], ['fn', {}, 'text', ' SWITCH ']]])).toBe('SWITCH');
    expect(vcardName(['vcard', []])).toBeUndefined();
    expect(vcardName('nope')).toBeUndefined();
  });
});
