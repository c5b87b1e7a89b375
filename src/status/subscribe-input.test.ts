import { describe, expect, it } from 'vitest';
import { parseEmailAddress, readSubscribeInput } from './subscribe-input.js';

describe('parseEmailAddress', () => {
  it('keeps a usable address in lower case, international domains in ASCII', () => {
    expect(parseEmailAddress('  Claire.Martin+status@Example.ORG ')).toEqual({ address: 'claire.martin+status@example.org' });
    expect(parseEmailAddress('anne@mairie.genève.ch')).toEqual({ address: 'anne@mairie.xn--genve-6ra.ch' });
    expect(parseEmailAddress("o'brien@example.co.uk")).toEqual({ address: "o'brien@example.co.uk" });
  });

  it.each([
    ['', 'is empty'],
    ['claire', 'one @'],
    ['claire@', 'one @'],
    ['@example.org', 'one @'],
    ['claire@@example.org', 'before @'],
    ['cl aire@example.org', 'before @'],
    ['claire..m@example.org', 'before @'],
    ['claire@example', 'after @'],
    ['claire@-example.org', 'after @'],
    ['claire@10.0.0.1', 'after @'],
    ['claire@example.org\r\nBcc: x@example.org', 'before @'],
    [`${'a'.repeat(65)}@example.org`, 'before @'],
    [`a@${'b'.repeat(250)}.org`, 'longer than 254'],
  ])('refuses %j, saying why', (text, why) => {
    const result = parseEmailAddress(text);
    expect('error' in result).toBe(true);
    if ('error' in result) {
      expect(result.error.en).toContain(why);
      expect(result.error.fr.length).toBeGreaterThan(10);
    }
  });

  it('shows the value it refuses without control characters', () => {
    const result = parseEmailAddress('x\u0007@@y');
    expect('error' in result && result.error.en).toContain('"x\uFFFD@@y"');
  });
});

describe('readSubscribeInput', () => {
  it('reads a form with repeated checkboxes and a JSON body alike', () => {
    expect(readSubscribeInput({ email: 'A@Example.org', language: 'fr', 'components[]': ['c1', 'c2', 'c1'] })).toEqual({ target: { kind: 'email', address: 'a@example.org' }, language: 'fr', components: ['c1', 'c2'] });
    expect(readSubscribeInput({ email: 'a@example.org', 'components[]': 'c1' })).toEqual({ target: { kind: 'email', address: 'a@example.org' }, language: undefined, components: ['c1'] });
    expect(readSubscribeInput({ webhook: ' https://hooks.example.org/x ', components: [] })).toEqual({ target: { kind: 'webhook', url: 'https://hooks.example.org/x' }, language: undefined, components: [] });
  });

  it('names the field that is wrong', () => {
    expect(readSubscribeInput(undefined)).toMatchObject({ field: 'email', message: { en: expect.stringContaining('missing') } });
    expect(readSubscribeInput('email=a@example.org')).toMatchObject({ field: 'email' });
    expect(readSubscribeInput({ email: 'nope' })).toMatchObject({ field: 'email' });
    expect(readSubscribeInput({ email: 'a@example.org', language: 3 })).toMatchObject({ field: 'language' });
    expect(readSubscribeInput({ email: 'a@example.org', components: [1] })).toMatchObject({ field: 'components' });
    expect(readSubscribeInput({ email: 'a@example.org', components: { a: 1 } })).toMatchObject({ field: 'components' });
    expect(readSubscribeInput({ email: 'a@example.org', webhook: 'https://x.example.org' })).toMatchObject({ field: 'webhook' });
  });
});
