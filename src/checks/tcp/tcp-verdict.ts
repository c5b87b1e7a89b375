/** @module The messages and results of a `tcp` run, in English and French. */
import { quote } from '../net/quote.js';
import { decimalFr, type Texts } from '../net/texts.js';
import type { CheckResult, PhaseTimings } from '../types.js';
import type { BannerOutcome } from './banner.js';

/** How the expectation reads: `"SSH-2.0"`, `/^220 /`, or both joined by "and" / "et". */
export function expectationTexts(expect: string | undefined, regex: RegExp | undefined): Texts {
  const parts = [expect !== undefined ? quote(expect) : '', regex ? `/${regex.source}/` : ''].filter(Boolean);
  return { en: parts.join(' and '), fr: parts.join(' et ') };
}

/** What an up result says before ` in 3.2 ms`: `received "SSH-2.0"`, `TLS connection established` or `connected`. */
export function upTexts(expected: Texts | undefined, tls: boolean): Texts {
  if (expected) return { en: `received ${expected.en}`, fr: `reçu ${expected.fr}` };
  return tls ? { en: 'TLS connection established', fr: 'connexion TLS établie' } : { en: 'connected', fr: 'connecté' };
}

/** Why reading stopped without the expected text, quoting what was received. */
export function bannerFailure(expected: Texts, outcome: Exclude<BannerOutcome, 'matched'>, received: string): Texts {
  if (received === '') {
    return { en: 'the connection was closed by the server before any data was received', fr: 'le serveur a fermé la connexion avant d’envoyer la moindre donnée' };
  }
  const got = quote(received);
  if (outcome === 'closed') {
    return { en: `expected ${expected.en} before the connection closed; received ${got}`, fr: `${expected.fr} attendu avant la fermeture de la connexion ; reçu ${got}` };
  }
  const n = received.length;
  return { en: `expected ${expected.en} in the first ${n} characters; received ${got}`, fr: `${expected.fr} attendu dans les ${n} premiers caractères ; reçu ${got}` };
}

/** What a timed-out banner wait had received, ending the timeout message. */
export function receivedSoFar(received: string): Texts {
  if (received === '') return { en: '; nothing was received', fr: ' ; rien n’a été reçu' };
  const got = quote(received);
  return { en: `; received ${got}`, fr: ` ; reçu ${got}` };
}

/** The result of a probe that got what it expected: `up`, or `degraded` when slower than `maxLatency`. */
export function tcpSuccess(up: Texts, timings: PhaseTimings, maxLatency: number | undefined): CheckResult {
  const took = timings.total;
  if (maxLatency !== undefined && took > maxLatency) {
    const en = `took ${took} ms, over the max_latency of ${maxLatency} ms`;
    return { status: 'degraded', message: en, messages: { en, fr: `durée de ${decimalFr(took)} ms, au-delà du max_latency de ${maxLatency} ms` }, latencyMs: took, timings };
  }
  const en = `${up.en} in ${took} ms`;
  return { status: 'up', message: en, messages: { en, fr: `${up.fr} en ${decimalFr(took)} ms` }, latencyMs: took, timings };
}
