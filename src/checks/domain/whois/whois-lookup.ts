/** @module Asks a WHOIS server about a domain and reads the answer into an outcome. */
import type { WhoisServerConfig } from '../domain.schema.js';
import { seconds, type QueryOutcome } from '../outcome.js';
import { queryWhois } from './whois-client.js';
import { readWhois } from './whois-parse.js';

/** Queries the WHOIS server for `name` (A-label); `label` names the server in messages. */
export async function askWhois(server: WhoisServerConfig, name: string, label: string, signal: AbortSignal, timeoutMs: number): Promise<QueryOutcome> {
  let text: string;
  try {
    text = await queryWhois(server.server, server.port, server.query.replaceAll('{name}', name), signal);
  } catch (error) {
    if (signal.aborted) {
      return {
        kind: 'failed',
        text: { en: `the WHOIS server did not answer within ${seconds(timeoutMs)} (${label})`, fr: `le serveur WHOIS n'a pas répondu en ${seconds(timeoutMs)} (${label})` },
      };
    }
    const reason = (error as { code?: string }).code ?? (error as Error).message;
    return { kind: 'failed', text: { en: `could not query the WHOIS server (${label}): ${reason}`, fr: `impossible d'interroger le serveur WHOIS (${label}) : ${reason}` } };
  }
  const reading = readWhois(text, name, label);
  switch (reading.kind) {
    case 'found':
      return { kind: 'answer', answer: { kind: 'found', facts: reading.facts } };
    case 'not-found':
      return { kind: 'answer', answer: { kind: 'not-found' } };
    case 'rate-limited':
      return { kind: 'refused', retryAfterMs: undefined, reason: `WHOIS: "${reading.line}"` };
    case 'unreadable':
      return {
        kind: 'failed',
        text: {
          en: `could not read the WHOIS answer (${label}): no status, expiry or name server lines`,
          fr: `réponse WHOIS illisible (${label}) : aucune ligne de statut, d'échéance ou de serveur de noms`,
        },
      };
  }
}
