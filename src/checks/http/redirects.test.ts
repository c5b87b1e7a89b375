/** @module Unit tests of `redirects`. */
import { describe, it, expect } from 'vitest';
import type { Hop } from './http-request.js';
import { isRedirect, nextHop } from './redirects.js';

const post: Hop = {
  url: new URL('https://a.example/form'),
  method: 'POST',
  body: 'x=1',
  headers: { authorization: 'Bearer t', 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'ua' },
};

describe('redirects', () => {
  it('follows only redirect statuses with a location', () => {
    expect(isRedirect(302, '/x')).toBe(true);
    expect(isRedirect(304, '/x')).toBe(false);
    expect(isRedirect(301, undefined)).toBe(false);
    expect(isRedirect(308, '')).toBe(false);
  });

  it('turns a POST into a GET on 303 and drops its body and content type', () => {
    const hop = nextHop(post, 303, '/done') as Hop;
    expect(hop.url.href).toBe('https://a.example/done');
    expect(hop).toMatchObject({ method: 'GET', body: undefined });
    expect(hop.headers['content-type']).toBeUndefined();
    expect(hop.headers.authorization).toBe('Bearer t');
  });

  it('keeps method and body on 307 and drops credentials across origins', () => {
    const hop = nextHop(post, 307, 'https://b.example/form') as Hop;
    expect(hop).toMatchObject({ method: 'POST', body: 'x=1' });
    expect(hop.headers.authorization).toBeUndefined();
    expect(hop.headers['user-agent']).toBe('ua');
  });

  it('drops every secret-looking header across origins (API keys, tokens), not only Authorization and Cookie', () => {
    const withKeys: Hop = { ...post, headers: { ...post.headers, 'x-api-key': 'k', 'x-auth-token': 't', 'private-token': 'p', accept: 'text/plain' } };
    const away = nextHop(withKeys, 302, 'https://evil.example/') as Hop;
    expect(Object.keys(away.headers).sort()).toEqual(['accept', 'user-agent']);
    const same = nextHop(withKeys, 302, '/elsewhere') as Hop;
    expect(same.headers['x-api-key']).toBe('k');
  });

  it('refuses non-http targets and invalid locations, in English and French', () => {
    expect(nextHop(post, 302, 'mailto:a@b.example')).toEqual({
      en: 'redirected to mailto:a@b.example, which is not an http(s) URL',
      fr: 'redirection vers mailto:a@b.example, qui n’est pas une URL http(s)',
    });
    expect(nextHop(post, 302, 'http://[bad')).toEqual({
      en: 'redirect Location "http://[bad" is not a valid URL',
      fr: 'l’en-tête Location "http://[bad" de la redirection n’est pas une URL valide',
    });
  });
});
