import { describe, expect, it } from 'vitest';
import * as packet from 'dns-packet';
import { matchesQuery } from './dns-client.js';

const q = { name: 'www.example.test', type: 'A' as const };
const decoded = (id: number, name: string, type: 'A' | 'AAAA', kind: 'response' | 'query' = 'response') =>
  packet.decode(packet.encode({ type: kind, id, questions: [{ name, type }] }));

describe('matchesQuery', () => {
  it('matches the same id and question, whatever the case or trailing dot', () => {
    expect(matchesQuery(decoded(7, 'WWW.example.test.', 'A'), 7, q)).toBe(true);
  });
  it('ignores another id, question, type, or a query', () => {
    expect(matchesQuery(decoded(8, 'www.example.test', 'A'), 7, q)).toBe(false);
    expect(matchesQuery(decoded(7, 'stray.example.test', 'A'), 7, q)).toBe(false);
    expect(matchesQuery(decoded(7, 'www.example.test', 'AAAA'), 7, q)).toBe(false);
    expect(matchesQuery(decoded(7, 'www.example.test', 'A', 'query'), 7, q)).toBe(false);
  });
});
