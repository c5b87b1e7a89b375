import { describe, expect, it } from 'vitest';
import { accessCookie, accessCookieName, accessCookieValue, acceptedLanguages, cookieValues, hostName, notModified, pageAccess, pageForHost, pickHistoryPage, pickLanguage, pickTheme } from './page-request.js';
import { statusPageSchema } from './status.schema.js';

const page = (over: Record<string, unknown> = {}) => statusPageSchema.parse({ id: 'public', title: 'Status', components: [{ service: 'web' }], ...over });

describe('host routing', () => {
  it('reads the host name without port, case or trailing dot', () => {
    expect(hostName('Status.Example.org:8080')).toBe('status.example.org');
    expect(hostName('status.example.org.')).toBe('status.example.org');
    expect(hostName('[::1]:3000')).toBe('[::1]');
    expect(hostName(undefined)).toBe('');
  });

  it('finds the page that answers for a host, and none for an empty or unknown one', () => {
    const pages = [page({ id: 'a', hosts: ['status.example.org'] }), page({ id: 'b', hosts: ['etat.example.org'] })];
    expect(pageForHost(pages, 'etat.example.org')?.id).toBe('b');
    expect(pageForHost(pages, 'example.org')).toBeUndefined();
    expect(pageForHost(pages, '')).toBeUndefined();
  });
});

describe('language', () => {
  it('takes ?lang= first, then Accept-Language by weight, then the page first language', () => {
    expect(pickLanguage('fr', 'en', ['en', 'fr'])).toEqual({ lang: 'fr', negotiated: false });
    expect(pickLanguage(undefined, 'de-CH, fr-CH;q=0.8, en;q=0.5', ['en', 'fr'])).toEqual({ lang: 'fr', negotiated: true });
    expect(pickLanguage(undefined, 'en;q=0.2, fr;q=0.9', ['en', 'fr'])).toEqual({ lang: 'fr', negotiated: true });
    expect(pickLanguage(undefined, 'de', ['fr', 'en'])).toEqual({ lang: 'fr', negotiated: true });
    expect(pickLanguage(undefined, undefined, ['en', 'fr'])).toEqual({ lang: 'en', negotiated: true });
  });

  it('ignores a language the page does not offer and does not negotiate on a one-language page', () => {
    expect(pickLanguage('en', 'en', ['fr'])).toEqual({ lang: 'fr', negotiated: false });
    expect(pickLanguage('xx', 'fr', ['en', 'fr'])).toEqual({ lang: 'fr', negotiated: true });
    expect(pickLanguage(['fr'], 'en', ['en', 'fr']).lang).toBe('en');
  });

  it('drops ranges with q=0', () => {
    expect(acceptedLanguages('fr;q=0, en')).toEqual([{ tag: 'en', q: 1 }]);
  });
});

describe('theme and history page', () => {
  it('accepts light and dark, anything else is automatic', () => {
    expect([pickTheme('light'), pickTheme('dark'), pickTheme('blue'), pickTheme(undefined)]).toEqual(['light', 'dark', 'auto', 'auto']);
  });

  it('reads a history page from 1, clamped to the pages there are', () => {
    expect([pickHistoryPage('3', 5), pickHistoryPage('9', 5), pickHistoryPage('0', 5), pickHistoryPage('-2', 5), pickHistoryPage('x', 5)]).toEqual([3, 5, 1, 1, 1]);
  });
});

describe('private pages', () => {
  const secret = 's3cret-token-0123456789';
  const priv = page({ id: 'ops', private_token: secret });

  it('lets everyone read a public page', () => {
    expect(pageAccess(page(), undefined, undefined)).toEqual({ allowed: true, viaQuery: false });
  });

  it('needs the token in the URL or the cookie it sets', () => {
    expect(pageAccess(priv, undefined, undefined).allowed).toBe(false);
    expect(pageAccess(priv, 'wrong', undefined).allowed).toBe(false);
    expect(pageAccess(priv, secret, undefined)).toEqual({ allowed: true, viaQuery: true });
    const cookie = accessCookie(priv, '/status/ops', true);
    expect(cookie).toMatch(/^vigie_status_ops=[A-Za-z0-9_-]+; Path=\/status\/ops; Max-Age=\d+; HttpOnly; SameSite=Lax; Secure$/);
    expect(cookie).not.toContain(secret);
    const value = cookie.slice(cookie.indexOf('=') + 1, cookie.indexOf(';'));
    expect(pageAccess(priv, undefined, `other=1; ${accessCookieName('ops')}=${value}`)).toEqual({ allowed: true, viaQuery: false });
    expect(pageAccess(priv, undefined, `${accessCookieName('ops')}=${accessCookieValue('another-token-xyz')}`).allowed).toBe(false);
  });

  it('reads every value of a cookie name', () => {
    expect(cookieValues('a=1; b=2; a=3', 'a')).toEqual(['1', '3']);
    expect(cookieValues(undefined, 'a')).toEqual([]);
  });
});

describe('notModified', () => {
  const etag = '"abc"';
  const at = Date.parse('2026-06-01T10:00:00Z');

  it('answers 304 when If-None-Match names the ETag, whatever If-Modified-Since says', () => {
    expect(notModified('"x", "abc"', undefined, etag, at)).toBe(true);
    expect(notModified('W/"abc"', undefined, etag, at)).toBe(true);
    expect(notModified('*', undefined, etag, at)).toBe(true);
    expect(notModified('"abc-br"', undefined, '"abc-gzip"', at)).toBe(true);
    expect(notModified('"x"', new Date(at + 1000).toUTCString(), etag, at)).toBe(false);
  });

  it('falls back to If-Modified-Since', () => {
    expect(notModified(undefined, new Date(at).toUTCString(), etag, at)).toBe(true);
    expect(notModified(undefined, new Date(at - 1000).toUTCString(), etag, at)).toBe(false);
    expect(notModified(undefined, 'not a date', etag, at)).toBe(false);
    expect(notModified(undefined, undefined, etag, at)).toBe(false);
  });
});
