import { describe, expect, it } from 'vitest';
import type { Answer } from 'dns-packet';
import { canonicalIPv6, formatAnswer, normaliseExpected, normaliseName, RECORD_FORM_EXAMPLES, DNS_RECORD_TYPES } from './record-format.js';

describe('normaliseName', () => {
  it('lower-cases and drops the trailing dot', () => {
    expect(normaliseName('WWW.Example.ORG.')).toBe('www.example.org');
    expect(normaliseName('_sip._udp.example.org')).toBe('_sip._udp.example.org');
    expect(normaliseName('.')).toBe('.');
  });
  it('rejects what is not a name', () => {
    expect(normaliseName('')).toBeUndefined();
    expect(normaliseName('a..b')).toBeUndefined();
    expect(normaliseName('-a.example')).toBeUndefined();
    expect(normaliseName('has space.example')).toBeUndefined();
    expect(normaliseName(`${'a'.repeat(64)}.example`)).toBeUndefined();
  });
});

describe('normaliseExpected', () => {
  it('accepts every documented example as already normal', () => {
    for (const type of DNS_RECORD_TYPES) expect(normaliseExpected(type, RECORD_FORM_EXAMPLES[type])).toBe(RECORD_FORM_EXAMPLES[type]);
  });
  it('normalises case, trailing dots, IPv6 form, spacing and CAA quotes', () => {
    expect(normaliseExpected('AAAA', '2001:DB8:0:0:0:0:0:1')).toBe('2001:db8::1');
    expect(normaliseExpected('CNAME', 'WWW.Example.org.')).toBe('www.example.org');
    expect(normaliseExpected('MX', ' 010   Mail.Example.org. ')).toBe('10 mail.example.org');
    expect(normaliseExpected('SRV', '10 5 5060 SIP.example.org.')).toBe('10 5 5060 sip.example.org');
    expect(normaliseExpected('CAA', '0 ISSUE letsencrypt.org')).toBe('0 issue "letsencrypt.org"');
    expect(normaliseExpected('TXT', 'Keep Case ')).toBe('Keep Case ');
  });
  it('rejects values of the wrong form', () => {
    expect(normaliseExpected('A', '2001:db8::1')).toBeUndefined();
    expect(normaliseExpected('A', '192.0.2.256')).toBeUndefined();
    expect(normaliseExpected('AAAA', '192.0.2.1')).toBeUndefined();
    expect(normaliseExpected('MX', 'mail.example.org')).toBeUndefined();
    expect(normaliseExpected('MX', '70000 mail.example.org')).toBeUndefined();
    expect(normaliseExpected('SRV', '10 5 sip.example.org')).toBeUndefined();
    expect(normaliseExpected('SOA', 'ns1.example.org hostmaster.example.org 1')).toBeUndefined();
    expect(normaliseExpected('CAA', 'issue letsencrypt.org')).toBeUndefined();
  });
});

describe('formatAnswer', () => {
  const rr = (type: string, data: unknown) => ({ name: 'x.example', type, ttl: 60, data }) as Answer;
  it('gives the documented textual form per type', () => {
    expect(formatAnswer(rr('A', '192.0.2.1'))).toBe('192.0.2.1');
    expect(formatAnswer(rr('AAAA', '2001:0db8::0001'))).toBe('2001:db8::1');
    expect(formatAnswer(rr('NS', 'NS1.Example.org'))).toBe('ns1.example.org');
    expect(formatAnswer(rr('MX', { preference: 10, exchange: 'Mail.example.org' }))).toBe('10 mail.example.org');
    expect(formatAnswer(rr('TXT', [Buffer.from('v=spf1 '), Buffer.from('-all')]))).toBe('v=spf1 -all');
    expect(formatAnswer(rr('SRV', { priority: 1, weight: 2, port: 3, target: 'T.example' }))).toBe('1 2 3 t.example');
    expect(formatAnswer(rr('SOA', { mname: 'ns.example', rname: 'h.example', serial: 5, refresh: 1, retry: 2, expire: 3, minimum: 4 }))).toBe(
      'ns.example h.example 5 1 2 3 4',
    );
    expect(formatAnswer(rr('CAA', { flags: 128, tag: 'issue', value: 'ca.example' }))).toBe('128 issue "ca.example"');
    expect(formatAnswer(rr('PTR', 'x.example'))).toBeUndefined();
  });
  it('formats answers and expected values the same way', () => {
    expect(formatAnswer(rr('MX', { preference: 10, exchange: 'mail.example.org' }))).toBe(normaliseExpected('MX', '10 MAIL.example.org.'));
  });
  it('canonicalises IPv6', () => {
    expect(canonicalIPv6('::FFFF:192.0.2.1')).toBe('::ffff:c000:201');
  });
});
