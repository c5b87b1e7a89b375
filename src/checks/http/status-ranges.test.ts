/** @module Unit tests of `status-ranges`. */
import { describe, it, expect } from 'vitest';
import { compileStatusList, parseStatusItem, statusMatches } from './status-ranges.js';

describe('parseStatusItem', () => {
  it('reads codes, ranges and classes', () => {
    expect(parseStatusItem(204)).toEqual([204, 204]);
    expect(parseStatusItem('404')).toEqual([404, 404]);
    expect(parseStatusItem('200-299')).toEqual([200, 299]);
    expect(parseStatusItem(' 300 - 399 ')).toEqual([300, 399]);
    expect(parseStatusItem('5xx')).toEqual([500, 599]);
    expect(parseStatusItem('2XX')).toEqual([200, 299]);
  });

  it('explains what is wrong with an invalid item', () => {
    expect(parseStatusItem('299-200')).toBe('range "299-200" starts after it ends');
    expect(parseStatusItem(600)).toBe('"600" is not a status code (100-599), a range such as "200-299" or a class such as "2xx"');
    expect(parseStatusItem('ok')).toMatch(/^"ok" is not a status code/);
    expect(parseStatusItem('6xx')).toMatch(/is not a status code/);
  });
});

describe('compileStatusList', () => {
  it('matches any listed range and labels the list', () => {
    const matcher = compileStatusList(['2xx', 404, '500-502']);
    expect(matcher.label).toBe('200-299, 404, 500-502');
    expect([200, 299, 404, 501].map((s) => statusMatches(matcher, s))).toEqual([true, true, true, true]);
    expect([199, 300, 403, 503].map((s) => statusMatches(matcher, s))).toEqual([false, false, false, false]);
  });
});
