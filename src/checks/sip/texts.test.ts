import { describe, expect, it } from 'vitest';
import { ms, netErrorTexts, resultWith } from './texts.js';

describe('texts', () => {
  it('describes network errors in English and French', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const texts = netErrorTexts(refused, 'connect', '192.0.2.1', 5060);
    expect(texts.en).toMatch(/^connection refused by 192\.0\.2\.1:5060 .*\(ECONNREFUSED\)$/);
    expect(texts.fr).toMatch(/^connexion refusée par 192\.0\.2\.1:5060 .*\(ECONNREFUSED\)$/);
  });

  it('falls back to the error text in French for unknown codes', () => {
    expect(netErrorTexts(new Error('boom'), 'connect', '::1', 389).fr).toBe('échec de connexion à [::1]:389 : boom');
  });

  it('builds results with the English message and both languages', () => {
    expect(resultWith('down', { en: 'a', fr: 'b' }, { latencyMs: null })).toEqual({ status: 'down', message: 'a', messages: { en: 'a', fr: 'b' }, latencyMs: null });
    expect([ms(0.4), ms(12.6)]).toEqual(['<1', '13']);
  });
});
