import { describe, expect, it } from 'vitest';
import type { Answer } from 'dns-packet';
import { answerSet, assessResolver, listValues, summarise, type DnsQuery } from './assess.js';
import type { QueryOutcome } from './dns-client.js';

const q: DnsQuery = { name: 'www.example.test', record_type: 'A' };
const FROM = '127.0.0.1:53';
const a = (data: string, ttl = 60): Answer => ({ name: 'www.example.test', type: 'A', ttl, data });
const response = (rcode: string, answers: Answer[] = []): QueryOutcome => ({
  kind: 'response',
  response: { rcode, authoritative: true, transport: 'udp', answers, authorities: [], additionals: [] },
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
  it('shortens long lists, in English and French', () => {
    expect(listValues([])).toBe('(none)');
    expect(listValues(['a', 'b', 'c'], 'en', 2)).toBe('a, b and 1 more');
    expect(listValues([], 'fr')).toBe('(aucune)');
    expect(listValues(['a', 'b', 'c', 'd'], 'fr', 2)).toBe('a, b et 2 autres');
    expect(listValues(['a', 'b', 'c'], 'fr', 2)).toBe('a, b et 1 autre');
  });
});

/** The report only (what `details.resolvers` keeps). */
const report = (outcome: QueryOutcome, query: DnsQuery = q) => assessResolver(query, FROM, outcome, 1, 500).report;
/** The failure reason in French. */
const fr = (outcome: QueryOutcome, query: DnsQuery = q) => assessResolver(query, FROM, outcome, 1, 500).fr;

describe('assessResolver', () => {
  it('tells each failure apart with its own message', () => {
    expect(report(response('NXDOMAIN'))).toMatchObject({ ok: false, failure: 'nxdomain', message: 'NXDOMAIN from 127.0.0.1:53: www.example.test does not exist' });
    expect(report(response('SERVFAIL'))).toMatchObject({ failure: 'servfail' });
    expect(report(response('REFUSED'))).toMatchObject({ failure: 'refused' });
    expect(report(response('NOTIMP'))).toMatchObject({ failure: 'rcode', message: 'NOTIMP from 127.0.0.1:53 for A www.example.test' });
    expect(report(response('NOERROR'))).toMatchObject({ failure: 'no_answer' });
    expect(assessResolver(q, FROM, { kind: 'timeout', attempts: 3 }, 500, 500).report).toMatchObject({
      failure: 'timeout',
      message: 'no answer from 127.0.0.1:53 within 500 ms (3 attempts)',
      latencyMs: null,
    });
    const refused = { kind: 'error', texts: { en: 'connection refused', fr: 'connexion refusée' } } as const;
    expect(report(refused)).toMatchObject({ failure: 'error', message: 'cannot query 127.0.0.1:53: connection refused' });
  });

  it('gives each failure in French', () => {
    expect(fr(response('NXDOMAIN'))).toBe('NXDOMAIN de 127.0.0.1:53 : www.example.test n’existe pas');
    expect(fr(response('SERVFAIL'))).toBe('SERVFAIL de 127.0.0.1:53 : le résolveur n’a pas pu obtenir de réponse pour A www.example.test (échec en amont ou DNSSEC)');
    expect(fr(response('REFUSED'))).toMatch(/^REFUSED de 127\.0\.0\.1:53 : le résolveur a refusé de répondre pour www\.example\.test /);
    expect(fr(response('NOTIMP'))).toBe('NOTIMP de 127.0.0.1:53 pour A www.example.test');
    expect(fr(response('NOERROR'))).toBe('aucun enregistrement A de 127.0.0.1:53 : www.example.test existe mais n’a pas d’enregistrement A (NOERROR, réponse vide)');
    expect(assessResolver(q, FROM, { kind: 'timeout', attempts: 1 }, 500, 500).fr).toBe('pas de réponse de 127.0.0.1:53 en 500 ms (1 tentative)');
    expect(fr({ kind: 'error', texts: { en: 'connection refused', fr: 'connexion refusée' } })).toBe('impossible d’interroger 127.0.0.1:53 : connexion refusée');
    expect(fr(response('NOERROR', [a('192.0.2.9')]), { ...q, expected: ['192.0.2.1'] })).toBe(
      'mauvaise réponse A de 127.0.0.1:53 pour www.example.test : attendu 192.0.2.1, reçu 192.0.2.9',
    );
    expect(fr(response('NOERROR', [a('192.0.2.1')]))).toBeUndefined();
  });

  it('compares with the expected set, order-insensitive, after normalisation', () => {
    const expected = { ...q, record_type: 'AAAA' as const, expected: ['2001:DB8::2', '2001:db8:0::1'] };
    const answers: Answer[] = [
      { name: 'www.example.test', type: 'AAAA', ttl: 1, data: '2001:db8::1' },
      { name: 'www.example.test', type: 'AAAA', ttl: 1, data: '2001:db8::2' },
    ];
    expect(report(response('NOERROR', answers), expected).ok).toBe(true);
    const wrong = report(response('NOERROR', answers.slice(0, 1)), expected);
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
    expect(result.messages).toEqual({ en: 'A www.example.test → 192.0.2.1 (2 of 2 resolvers)', fr: 'A www.example.test → 192.0.2.1 (2 résolveurs sur 2)' });
    expect(result.details?.answers).toEqual([{ value: '192.0.2.1', ttl: 20 }]);
    expect(result.details?.resolvers).toEqual([good.report, alsoGood.report]);
  });

  it('lists long answer sets with the language\'s words', () => {
    const many = ['192.0.2.1', '192.0.2.2', '192.0.2.3', '192.0.2.4', '192.0.2.5', '192.0.2.6', '192.0.2.7'].map((ip) => a(ip));
    const result = summarise(q, [assessResolver(q, FROM, response('NOERROR', many), 5, 500)], 6);
    expect(result.messages).toEqual({
      en: 'A www.example.test → 192.0.2.1, 192.0.2.2, 192.0.2.3, 192.0.2.4, 192.0.2.5 and 2 more',
      fr: 'A www.example.test → 192.0.2.1, 192.0.2.2, 192.0.2.3, 192.0.2.4, 192.0.2.5 et 2 autres',
    });
  });

  it('is degraded when some fail, naming them', () => {
    const result = summarise(q, [good, bad], 25);
    expect(result.status).toBe('degraded');
    expect(result.message).toMatch(/^1 of 2 resolvers failed \(r3:53\): SERVFAIL from r3:53/);
    expect(result.messages?.fr).toMatch(/^1 résolveur sur 2 en échec \(r3:53\) : SERVFAIL de r3:53 : /);
  });

  it('is down when all fail, with no answers and no latency', () => {
    const result = summarise(q, [bad], 25);
    expect(result).toMatchObject({ status: 'down', latencyMs: null });
    expect(result.message).toMatch(/^SERVFAIL from r3:53/);
    expect(result.messages?.fr).toMatch(/^SERVFAIL de r3:53/);
    expect(result.details?.answers).toEqual([]);
    const both = summarise(q, [bad, assessResolver(q, 'r4:53', response('NXDOMAIN'), 2, 500)], 25);
    expect(both.messages?.fr).toBe(`les 2 résolveurs ont échoué : ${bad.fr} ; NXDOMAIN de r4:53 : www.example.test n’existe pas`);
  });
});
