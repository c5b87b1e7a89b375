/** @module Unit tests of `http-verdict`. */
import { describe, expect, it } from 'vitest';
import { atFinalUrl, httpResult, statusFailure, tooManyRedirects } from './http-verdict.js';

const timings = { connect: 1.5, firstByte: 30.1, total: 41.2 };

describe('httpResult', () => {
  it('is up with the status and total time, in English and French', () => {
    const result = httpResult({ status: 200 }, timings, undefined);
    expect(result).toMatchObject({ status: 'up', message: 'HTTP 200 in 41.2 ms', latencyMs: 41.2, timings, details: { status: 200 } });
    expect(result.messages).toEqual({ en: 'HTTP 200 in 41.2 ms', fr: 'HTTP 200 en 41,2 ms' });
  });

  it('is degraded over max_latency', () => {
    const result = httpResult({ status: 200 }, timings, 40);
    expect(result.status).toBe('degraded');
    expect(result.messages).toEqual({
      en: 'response took 41.2 ms, over the max_latency of 40 ms',
      fr: 'la réponse a pris 41,2 ms, au-delà du max_latency de 40 ms',
    });
  });

  it('is down on a failure, keeping the final status and URL in details', () => {
    const failure = atFinalUrl(statusFailure('200-399', 503), 'https://b.example/');
    const result = httpResult({ failure, status: 503, finalUrl: 'https://b.example/' }, timings, undefined);
    expect(result).toMatchObject({ status: 'down', message: 'expected status 200-399, got 503 at https://b.example/', details: { status: 503, finalUrl: 'https://b.example/' } });
    expect(result.messages?.fr).toBe('statut attendu 200-399, reçu 503 à l’adresse https://b.example/');
  });
});

describe('failure texts', () => {
  it('says the status without a final URL when nothing was redirected', () => {
    expect(atFinalUrl(statusFailure('200', 302), undefined)).toEqual({ en: 'expected status 200, got 302', fr: 'statut attendu 200, reçu 302' });
  });

  it('counts redirects in both languages', () => {
    expect(tooManyRedirects(10, '/loop?n=11')).toEqual({ en: 'more than 10 redirects (the last one to /loop?n=11)', fr: 'plus de 10 redirections (la dernière vers /loop?n=11)' });
  });
});
