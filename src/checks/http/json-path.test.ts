/** @module Unit tests of `json-path`. */
import { describe, it, expect } from 'vitest';
import { lookupJsonPath, parseJsonPath, type JsonPath } from './json-path.js';

function path(text: string): JsonPath {
  const parsed = parseJsonPath(text);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
}

describe('parseJsonPath', () => {
  it('accepts dot keys and [n] indexes with or without $', () => {
    expect(path('$.status')).toEqual({ steps: ['status'], display: '$.status' });
    expect(path('status.db')).toEqual({ steps: ['status', 'db'], display: '$.status.db' });
    expect(path('checks[0].state')).toEqual({ steps: ['checks', 0, 'state'], display: '$.checks[0].state' });
    expect(path('$[2][1]')).toEqual({ steps: [2, 1], display: '$[2][1]' });
    expect(path('$')).toEqual({ steps: [], display: '$' });
  });

  it('rejects what is outside the subset', () => {
    for (const bad of ['a..b', '$.a[*]', "$['a']", 'a[x]', 'a.', '$.a[?(@.b)]']) {
      expect(parseJsonPath(bad)).toMatch(/is not a supported path: use dot keys and \[n\] indexes/);
    }
  });
});

describe('lookupJsonPath', () => {
  const doc = { status: 'ok', checks: [{ state: 'up' }, { state: null }], empty: {} };

  it('finds values, including null and falsy ones', () => {
    expect(lookupJsonPath(doc, path('status'))).toEqual({ found: true, value: 'ok' });
    expect(lookupJsonPath(doc, path('checks[1].state'))).toEqual({ found: true, value: null });
    expect(lookupJsonPath(doc, path('$'))).toEqual({ found: true, value: doc });
  });

  it('reports missing keys, out-of-range indexes and wrong shapes', () => {
    expect(lookupJsonPath(doc, path('missing')).found).toBe(false);
    expect(lookupJsonPath(doc, path('checks[5]')).found).toBe(false);
    expect(lookupJsonPath(doc, path('status.db')).found).toBe(false);
    expect(lookupJsonPath(doc, path('checks.state')).found).toBe(false);
    expect(lookupJsonPath(doc, path('empty.toString')).found).toBe(false);
  });
});
