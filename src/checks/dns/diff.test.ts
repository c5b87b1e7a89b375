import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../types.js';
import { diffDnsAnswers, keepDnsBaseline } from './diff.js';

const details = (values: string[], name = 'www.example.test', type = 'A') => ({
  query: { name, type },
  answers: values.map((value) => ({ value, ttl: 60 })),
  resolvers: [],
});
const result = (values: string[], name?: string): CheckResult => ({ status: 'up', message: '', latencyMs: 1, details: details(values, name) });

describe('diffDnsAnswers', () => {
  it('raises dns.answer_changed with before and after', () => {
    expect(diffDnsAnswers(true, details(['192.0.2.1']), result(['192.0.2.2', '192.0.2.3']))).toEqual([
      {
        type: 'dns.answer_changed',
        message: 'A answers for www.example.test changed: 192.0.2.1 → 192.0.2.2, 192.0.2.3',
        messages: {
          en: 'A answers for www.example.test changed: 192.0.2.1 → 192.0.2.2, 192.0.2.3',
          fr: 'les réponses A pour www.example.test ont changé : 192.0.2.1 → 192.0.2.2, 192.0.2.3',
        },
        before: ['192.0.2.1'],
        after: ['192.0.2.2', '192.0.2.3'],
      },
    ]);
  });

  it('stays quiet when disabled, unchanged, reordered, failed, first run, or another question', () => {
    expect(diffDnsAnswers(false, details(['192.0.2.1']), result(['192.0.2.2']))).toEqual([]);
    expect(diffDnsAnswers(true, details(['192.0.2.2', '192.0.2.1']), result(['192.0.2.1', '192.0.2.2']))).toEqual([]);
    expect(diffDnsAnswers(true, details(['192.0.2.1']), result([]))).toEqual([]);
    expect(diffDnsAnswers(true, details([]), result(['192.0.2.1']))).toEqual([]);
    expect(diffDnsAnswers(true, undefined, result(['192.0.2.1']))).toEqual([]);
    expect(diffDnsAnswers(true, { unrelated: true }, result(['192.0.2.1']))).toEqual([]);
    expect(diffDnsAnswers(true, details(['192.0.2.1']), result(['192.0.2.2'], 'other.example.test'))).toEqual([]);
  });

  it('compares across failed runs with the answer set they carried: A → timeout → B raises, A → timeout → A does not', () => {
    const failed = result([]);
    const kept = keepDnsBaseline(details(['192.0.2.1']), failed);
    expect(kept).toMatchObject({ answers: [], lastAnswers: [{ value: '192.0.2.1' }] });
    const stillFailing = keepDnsBaseline(kept, failed);
    expect(stillFailing).toMatchObject({ lastAnswers: [{ value: '192.0.2.1' }] });
    expect(diffDnsAnswers(true, stillFailing, result(['192.0.2.2']))).toMatchObject([{ before: ['192.0.2.1'], after: ['192.0.2.2'] }]);
    expect(diffDnsAnswers(true, stillFailing, result(['192.0.2.1']))).toEqual([]);
  });

  it('keeps a successful run as it is, and carries nothing across another question or a first run', () => {
    const ok = result(['192.0.2.9']);
    expect(keepDnsBaseline(details(['192.0.2.1']), ok)).toBe(ok.details);
    const failedOther = result([], 'other.example.test');
    expect(keepDnsBaseline(details(['192.0.2.1']), failedOther)).toBe(failedOther.details);
    expect(keepDnsBaseline(undefined, result([]))).toEqual(details([]));
  });
});
