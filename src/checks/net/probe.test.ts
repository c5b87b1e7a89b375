/** @module Unit tests of `probe`. */
import { describe, expect, it } from 'vitest';
import { abortedResult, isTimeout, startProbe } from './probe.js';

function aborted(reason?: unknown): AbortSignal {
  const controller = new AbortController();
  controller.abort(reason);
  return controller.signal;
}

describe('abortedResult', () => {
  it('is down on the timeout, naming the phase in both languages', () => {
    const signal = aborted(new DOMException('timeout', 'TimeoutError'));
    const result = abortedResult({ signal, timeoutMs: 400 }, startProbe('headers'), { en: '; nothing was received', fr: ' ; rien n’a été reçu' });
    expect(result).toMatchObject({ status: 'down', latencyMs: null });
    expect(result.messages).toEqual({
      en: 'timed out after 400 ms while waiting for the response headers; nothing was received',
      fr: 'délai de 400 ms dépassé en attendant les en-têtes de la réponse ; rien n’a été reçu',
    });
    expect(result.message).toBe(result.messages?.en);
  });

  it('is unknown when cancelled before the timeout', () => {
    const result = abortedResult({ signal: aborted(), timeoutMs: 60_000 }, startProbe('connect'));
    expect(result.status).toBe('unknown');
    expect(result.messages).toEqual({
      en: 'the check was cancelled while connecting (shutdown or reload)',
      fr: 'la vérification a été annulée pendant la connexion (arrêt ou rechargement)',
    });
  });
});

describe('isTimeout', () => {
  it('tells a timeout from a shutdown by the reason or the time spent', () => {
    const now = performance.now();
    expect(isTimeout(aborted(new DOMException('timeout', 'TimeoutError')), now, 60_000)).toBe(true);
    expect(isTimeout(aborted(), now, 60_000)).toBe(false);
    expect(isTimeout(aborted(), now - 1_000, 1_000)).toBe(true);
  });
});
