/** @module Who an API token acts as in a crisis: the person it is linked to, by the token's name. */
import type { Principal } from '../auth.js';
import type { Actor } from '../../crisis/crisis-service.js';

/** What is needed of a person to link tokens to them. */
export interface TokenHolder {
  id: string;
  api_tokens?: readonly string[] | undefined;
}

/**
 * The id of the person a token named `tokenName` acts as: the person listing it in `api_tokens`,
 * else the person whose id is the token name, else null (the token is nobody in particular).
 */
export function personIdForToken(tokenName: string, people: Iterable<TokenHolder>): string | null {
  let byId: string | null = null;
  for (const person of people) {
    if (person.api_tokens?.includes(tokenName)) return person.id;
    if (person.id === tokenName) byId = person.id;
  }
  return byId;
}

/** The actor of a crisis action taken with a token: its name as author, and the person it is. */
export function tokenActor(principal: Principal | null, people: Iterable<TokenHolder>): Actor {
  if (!principal) return { author: 'api', personId: null };
  return { author: principal.name, personId: personIdForToken(principal.name, people) };
}
