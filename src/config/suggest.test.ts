/** @module Tests of "did you mean" suggestions. */
import { describe, it, expect } from 'vitest';
import { editDistance, suggest } from './suggest.js';

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('interval', 'intervall')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
    expect(editDistance('tsl', 'tls')).toBe(1);
  });
});

describe('suggest', () => {
  const keys = ['id', 'name', 'interval', 'timeout', 'http', 'tcp', 'dns', 'tls'];

  it('finds close misspellings', () => {
    expect(suggest('intervall', keys)).toBe('interval');
    expect(suggest('htp', keys)).toBe('http');
    expect(suggest('Timeuot', keys)).toBe('timeout');
  });

  it('finds prefixes', () => {
    expect(suggest('inter', keys)).toBe('interval');
    expect(suggest('timeout_ms', keys)).toBe('timeout');
  });

  it('prefers the closest candidate', () => {
    expect(suggest('tsl', ['tls', 'tcp'])).toBe('tls');
  });

  it('suggests nothing for unrelated or very short input', () => {
    expect(suggest('frequency', keys)).toBeUndefined();
    expect(suggest('x', keys)).toBeUndefined();
  });
});
