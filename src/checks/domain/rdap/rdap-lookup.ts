/** @module Asks an RDAP server about a domain and reads the answer into an outcome. */
import type { QueryOutcome } from '../outcome.js';
import { factsFromRdap } from './rdap-document.js';
import { fetchRdapDomain } from './rdap-fetch.js';

/** Queries `baseUrl` for `name` (A-label) and turns the answer into facts, "not found", a refusal or a failure. */
export async function askRdap(baseUrl: string, name: string, signal: AbortSignal, timeoutMs: number): Promise<QueryOutcome> {
  const fetched = await fetchRdapDomain(baseUrl, name, signal, timeoutMs);
  switch (fetched.kind) {
    case 'not-found':
      return { kind: 'answer', answer: { kind: 'not-found' } };
    case 'rate-limited': {
      const after = fetched.retryAfterMs === undefined ? 'no Retry-After' : `Retry-After ${Math.round(fetched.retryAfterMs / 1000)} s`;
      return { kind: 'refused', retryAfterMs: fetched.retryAfterMs, reason: `HTTP 429 Too Many Requests, ${after}` };
    }
    case 'failed':
      return { kind: 'failed', text: fetched.text };
    case 'json': {
      const read = factsFromRdap(fetched.json, name, baseUrl);
      if (read.ok) return { kind: 'answer', answer: { kind: 'found', facts: read.facts } };
      return {
        kind: 'failed',
        text: {
          en: `the registry's answer is not an RDAP domain object (${fetched.url}): ${read.reason}`,
          fr: `la réponse du registre n'est pas un objet domaine RDAP (${fetched.url}) : ${read.reason}`,
        },
      };
    }
  }
}
