/** @module Unit tests of `texts`. */
import { describe, expect, it } from 'vitest';
import { decimalFr, eventWith, ms, netErrorTexts, resultWith } from './texts.js';

const err = (code: string, message = 'x', extra: Record<string, unknown> = {}) => Object.assign(new Error(message), { code, ...extra });

describe('netErrorTexts', () => {
  it('describes a refused connection in English and French, naming the phase', () => {
    const texts = netErrorTexts(err('ECONNREFUSED', 'connect ECONNREFUSED'), 'connect', '192.0.2.1', 5060);
    expect(texts.en).toBe('connection refused by 192.0.2.1:5060 (nothing is listening on that port, or a firewall rejects it) while connecting (ECONNREFUSED)');
    expect(texts.fr).toBe('connexion refusée par 192.0.2.1:5060 (aucun service n’écoute sur ce port, ou un pare-feu la rejette) pendant la connexion (ECONNREFUSED)');
    expect(netErrorTexts(err('ECONNRESET'), 'headers', '10.0.0.1', 80).fr).toBe('connexion réinitialisée par 10.0.0.1:80 en attendant les en-têtes de la réponse (ECONNRESET)');
  });

  it('describes DNS failures with the name', () => {
    expect(netErrorTexts(err('ENOTFOUND'), 'dns', 'api.example', 443).fr).toBe('échec de la résolution DNS de « api.example » : ce nom n’existe pas (ENOTFOUND)');
    expect(netErrorTexts(err('EAI_AGAIN'), 'connect', 'ldap.example', 389).fr).toBe('échec de la résolution DNS de « ldap.example » : le serveur DNS n’a pas répondu (échec temporaire) (EAI_AGAIN)');
  });

  it('describes certificate problems', () => {
    expect(netErrorTexts(err('CERT_HAS_EXPIRED'), 'tls', 'a.example', 443).fr).toBe('le certificat TLS de a.example:443 a expiré (CERT_HAS_EXPIRED)');
    expect(netErrorTexts(err('DEPTH_ZERO_SELF_SIGNED_CERT'), 'tls', '::1', 443).fr).toMatch(/^certificat TLS de \[::1\]:443 auto-signé et non approuvé/);
    const altName = err('ERR_TLS_CERT_ALTNAME_INVALID', 'm', { cert: { subjectaltname: 'DNS:b.example' } });
    expect(netErrorTexts(altName, 'tls', 'a.example', 443).fr).toBe(
      'le certificat TLS de a.example:443 ne couvre pas le nom « a.example » : il n’est valable que pour DNS:b.example (ERR_TLS_CERT_ALTNAME_INVALID)',
    );
  });

  it('falls back to the error text, with the phase', () => {
    expect(netErrorTexts(new Error('boom'), 'connect', '::1', 389).fr).toBe('échec de la connexion à [::1]:389 pendant la connexion : boom');
    expect(netErrorTexts(err('ERR_X', 'bad record mac'), 'tls', 'h', 1).fr).toBe('échec de la négociation TLS avec h:1 : bad record mac (ERR_X)');
    expect(netErrorTexts(err('HPE_INVALID_CONSTANT', 'Expected HTTP/'), 'headers', 'h', 80).fr).toBe('réponse HTTP invalide de h:80 : Expected HTTP/ (HPE_INVALID_CONSTANT)');
  });
});

describe('results, events and numbers', () => {
  it('builds results and events with the English message and both languages', () => {
    expect(resultWith('down', { en: 'a', fr: 'b' }, { latencyMs: null })).toEqual({ status: 'down', message: 'a', messages: { en: 'a', fr: 'b' }, latencyMs: null });
    expect(eventWith('x.changed', { en: 'a', fr: 'b' }, 1, 2)).toEqual({ type: 'x.changed', message: 'a', messages: { en: 'a', fr: 'b' }, before: 1, after: 2 });
  });

  it('writes milliseconds and decimals as each language does', () => {
    expect([ms(0.4), ms(12.6)]).toEqual(['<1', '13']);
    expect([decimalFr(41.2), decimalFr(3), decimalFr(0.5)]).toEqual(['41,2', '3', '0,5']);
  });
});
