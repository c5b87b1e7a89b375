import type { Answer } from 'dns-packet';
import { describe, expect, it } from 'vitest';
import { glueOf, nsRecordsOf, readParentOutcome } from './parent.js';

const ns = (name: string, data: string, ttl: number): Answer => ({ name, type: 'NS', ttl, data });
const response = (rcode: string, sections: Partial<Record<'answers' | 'authorities' | 'additionals', Answer[]>>) => ({
  kind: 'response' as const,
  response: { rcode, authoritative: false, transport: 'udp' as const, answers: [], authorities: [], additionals: [], ...sections },
});

describe('nsRecordsOf', () => {
  it('keeps the NS records owned by the name, normalised and sorted, with the lowest TTL', () => {
    const records = [ns('Example.ORG.', 'NS2.example.org.', 7200), ns('example.org', 'ns1.example.org', 3600), ns('org', 'a0.org.afilias-nst.info', 1)];
    expect(nsRecordsOf('example.org', records)).toEqual({ nameservers: ['ns1.example.org', 'ns2.example.org'], ttl: 3600 });
  });

  it('gives an empty set and no TTL when there is none', () => {
    expect(nsRecordsOf('example.org', [])).toEqual({ nameservers: [], ttl: null });
  });
});

describe('glueOf', () => {
  it('keeps A and AAAA records of the delegated name servers only', () => {
    const additionals: Answer[] = [
      { name: 'ns1.example.org', type: 'A', ttl: 1, data: '192.0.2.1' },
      { name: 'ns1.example.org', type: 'AAAA', ttl: 1, data: '2001:DB8:0::1' },
      { name: 'other.example.net', type: 'A', ttl: 1, data: '192.0.2.9' },
    ];
    expect(glueOf(['ns1.example.org', 'ns2.example.org'], additionals)).toEqual({ 'ns1.example.org': ['192.0.2.1', '2001:db8::1'] });
  });
});

describe('readParentOutcome', () => {
  it('reads a referral (NS in the authority section) or an answer', () => {
    const referral = readParentOutcome('example.org', 'p', response('NOERROR', { authorities: [ns('example.org', 'ns1.example.org', 86400)] }), 1000);
    expect(referral).toEqual({ server: 'p', status: 'delegated', nameservers: ['ns1.example.org'], ttl: 86400, glue: {} });
    const answer = readParentOutcome('example.org', 'p', response('NOERROR', { answers: [ns('example.org', 'ns1.example.org', 60)] }), 1000);
    expect(answer.status).toBe('delegated');
  });

  it('tells NXDOMAIN, NOERROR without delegation, other RCODEs and timeouts apart', () => {
    expect(readParentOutcome('example.org', 'p', response('NXDOMAIN', {}), 1000).status).toBe('nxdomain');
    expect(readParentOutcome('example.org', 'p', response('NOERROR', { authorities: [ns('org', 'a.nic.org', 1)] }), 1000).status).toBe('no_delegation');
    expect(readParentOutcome('example.org', 'p', response('REFUSED', {}), 1000)).toMatchObject({ status: 'failed', problem: 'REFUSED' });
    expect(readParentOutcome('example.org', 'p', { kind: 'timeout' }, 1500)).toMatchObject({ status: 'failed', problem: 'no answer within 1500 ms' });
  });
});
