import { describe, expect, it } from 'vitest';
import type { Answer } from 'dns-packet';
import { answerSet, assessResolver, listValues, summarise, type DnsQuery } from './assess.js';
import type { QueryOutcome } from './dns-client.js';

const q: DnsQuery = { name: 'www.example.test', record_type: 'A' };
const FROM = '127.0.0.1:53';
const a = (data: string, ttl = 60): Answer => ({ name: 'www.example.test', type: 'A', ttl, data });
const response = (rcode: string, answers: Answer[] = []): QueryOutcome => ({
  kind: 'response',
  response: { rcode, authoritative: true, transport: 'udp', answers },
});

describe('answerSet', () => {
  it('keeps the asked type, de-duplicates with the lowest TTL and sorts', () => {
    const cname: Answer = { name: 'alias.example.test', type: 'CNAME', ttl: 5, data: 'www.example.test' };
    expect(answerSet([a('192.0.2.2', 30), cname, a('192.0.2.1'), a('192.0.2.2', 10)], 'A')).toEqual([
      { value: '192.0.2.1', ttl: 60 },
      { value: '192.0.2.2', ttl: 10 },
    ]);
  });
});

describe('listValues', () => {
  it('shortens long lists', () => {
    expect(listValues([])).toBe('(none)');
    expect(listValues(['a', 'b', 'c'], 2)).toBe('a, b and 1 more');
  });
});

describe('assessResolver', () => {
  it('tells each failure apart with its own message', () => {
    expect(assessResolver(q, FROM, response('NXDOMAIN'), 1, 500)).toMatchObject({ ok: false, failure: 'nxdomain', message: 'NXDOMAIN from 127.0.0.1:53: www.example.test does not exist' });
    expect(assessResolver(q, FROM, response('SERVFAIL'), 1, 500)).toMatchObject({ failure: 'servfail' });
    expect(assessResolver(q, FROM, response('REFUSED'), 1, 500)).toMatchObject({ failure: 'refused' });
    expect(assessResolver(q, FROM, response('NOTIMP'), 1, 500)).toMatchObject({ failure: 'rcode', message: 'NOTIMP from 127.0.0.1:53 for A www.example.test' });
    expect(assessResolver(q, FROM, response('NOERROR'), 1, 500)).toMatchObject({ failure: 'no_answer' });
    expect(assessResolver(q, FROM, { kind: 'timeout', attempts: 3 }, 500, 500)).toMatchObject({
      failure: 'timeout',
      message: 'no answer from 127.0.0.1:53 within 500 ms (3 attempts)',
      latencyMs: null,
    });
    expect(assessResolver(q, FROM, { kind: 'error', message: 'connection refused' }, 1, 500)).toMatchObject({ failure: 'error', message: 'cannot query 127.0.0.1:53: connection refused' });
  });

  it('compares with the expected set, order-insensitive, after normalisation', () => {
    const expected = { ...q, record_type: 'AAAA' as const, expected: ['2001:DB8::2', '2001:db8:0::1'] };
    const answers: Answer[] = [
      { name: 'www.example.test', type: 'AAAA', ttl: 1, data: '2001:db8::1' },
      { name: 'www.example.test', type: 'AAAA', ttl: 1, data: '2001:db8::2' },
    ];
    expect(assessResolver(expected, FROM, response('NOERROR', answers), 1, 500).ok).toBe(true);
    const wrong = assessResolver(expected, FROM, response('NOERROR', answers.slice(0, 1)), 1, 500);
    expect(wrong).toMatchObject({ ok: false, failure: 'wrong_answer', message: 'wrong AAAA answer from 127.0.0.1:53 for www.example.test: expected 2001:db8::1, 2001:db8::2, got 2001:db8::1' });
  });
});

describe('summarise', () => {
  const good = assessResolver(q, 'r1:53', response('NOERROR', [a('192.0.2.1', 30)]), 12, 500);
  const alsoGood = assessResolver(q, 'r2:53', response('NOERROR', [a('192.0.2.1', 20)]), 20, 500);
  const bad = assessResolver(q, 'r3:53', response('SERVFAIL'), 3, 500);

  it('is up when all agree, with the merged answers and the slowest latency', () => {
    const result = summarise(q, [good, alsoGood], 25);
    expect(result).toMatchObject({ status: 'up', message: 'A www.example.test → 192.0.2.1 (2 of 2 resolvers)', latencyMs: 20 });
    expect(result.details?.answers).toEqual([{ value: '192.0.2.1', ttl: 20 }]);
  });

  it('is degraded when some fail, naming them', () => {
    const result = summarise(q, [good, bad], 25);
    expect(result.status).toBe('degraded');
    expect(result.message).toMatch(/^1 of 2 resolvers failed \(r3:53\): SERVFAIL from r3:53/);
  });

  it('is down when all fail, with no answers and no latency', () => {
    const result = summarise(q, [bad], 25);
    expect(result).toMatchObject({ status: 'down', latencyMs: null });
    expect(result.message).toMatch(/^SERVFAIL from r3:53/);
    expect(result.details?.answers).toEqual([]);
  });
});
