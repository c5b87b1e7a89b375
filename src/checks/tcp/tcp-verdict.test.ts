/** @module Unit tests of `tcp-verdict`. */
import { describe, expect, it } from 'vitest';
import { bannerFailure, expectationTexts, receivedSoFar, tcpSuccess, upTexts } from './tcp-verdict.js';

const timings = { connect: 1.2, total: 3.5 };

describe('tcp messages', () => {
  it('names the expectation and what an up result received', () => {
    const both = expectationTexts('SSH-2.0', /^SSH/);
    expect(both).toEqual({ en: '"SSH-2.0" and /^SSH/', fr: '"SSH-2.0" et /^SSH/' });
    expect(upTexts(both, false)).toEqual({ en: 'received "SSH-2.0" and /^SSH/', fr: 'reçu "SSH-2.0" et /^SSH/' });
    expect(upTexts(undefined, true)).toEqual({ en: 'TLS connection established', fr: 'connexion TLS établie' });
    expect(upTexts(undefined, false)).toEqual({ en: 'connected', fr: 'connecté' });
  });

  it('is up, or degraded over max_latency, in English and French', () => {
    const up = tcpSuccess(upTexts(undefined, false), timings, undefined);
    expect(up).toMatchObject({ status: 'up', message: 'connected in 3.5 ms', messages: { en: 'connected in 3.5 ms', fr: 'connecté en 3,5 ms' }, latencyMs: 3.5 });
    const slow = tcpSuccess(upTexts(undefined, false), timings, 2);
    expect(slow.status).toBe('degraded');
    expect(slow.messages).toEqual({ en: 'took 3.5 ms, over the max_latency of 2 ms', fr: 'durée de 3,5 ms, au-delà du max_latency de 2 ms' });
  });

  it('explains a banner mismatch, quoting what was received', () => {
    const expected = expectationTexts('SSH-2.0', undefined);
    expect(bannerFailure(expected, 'closed', '220 smtp\r\n')).toEqual({
      en: 'expected "SSH-2.0" before the connection closed; received "220 smtp\\r\\n"',
      fr: '"SSH-2.0" attendu avant la fermeture de la connexion ; reçu "220 smtp\\r\\n"',
    });
    expect(bannerFailure(expected, 'too-long', 'xyz').fr).toBe('"SSH-2.0" attendu dans les 3 premiers caractères ; reçu "xyz"');
    expect(bannerFailure(expected, 'closed', '')).toEqual({
      en: 'the connection was closed by the server before any data was received',
      fr: 'le serveur a fermé la connexion avant d’envoyer la moindre donnée',
    });
  });

  it('ends a timeout message with what was received so far', () => {
    expect(receivedSoFar('')).toEqual({ en: '; nothing was received', fr: ' ; rien n’a été reçu' });
    expect(receivedSoFar('SSH')).toEqual({ en: '; received "SSH"', fr: ' ; reçu "SSH"' });
  });
});
