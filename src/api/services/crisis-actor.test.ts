import { describe, expect, it } from 'vitest';
import { personIdForToken, tokenActor } from './crisis-actor.js';

const people = [
  { id: 'alice', api_tokens: ['ops-console'] },
  { id: 'bob' },
  { id: 'ops-console' },
  { id: 'carol', api_tokens: ['carol-laptop', 'bob'] },
];

describe('personIdForToken', () => {
  it('finds the person listing the token in api_tokens', () => {
    expect(personIdForToken('carol-laptop', people)).toBe('carol');
  });

  it('prefers api_tokens over a person named like the token', () => {
    expect(personIdForToken('ops-console', people)).toBe('alice');
    expect(personIdForToken('bob', people)).toBe('carol');
  });

  it('falls back to the person whose id is the token name', () => {
    expect(personIdForToken('alice', people)).toBe('alice');
  });

  it('answers null for a token linked to nobody', () => {
    expect(personIdForToken('ci-bot', people)).toBeNull();
    expect(personIdForToken('alice', [])).toBeNull();
  });

  it('reads a Map of people as the notifications model holds them', () => {
    expect(personIdForToken('carol-laptop', new Map(people.map((p) => [p.id, p])).values())).toBe('carol');
  });
});

describe('tokenActor', () => {
  it('records the token name as author and the person it is', () => {
    expect(tokenActor({ tokenId: 't1', name: 'carol-laptop', role: 'editor' }, people)).toEqual({ author: 'carol-laptop', personId: 'carol' });
    expect(tokenActor({ tokenId: 't2', name: 'ci-bot', role: 'editor' }, people)).toEqual({ author: 'ci-bot', personId: null });
  });
});
