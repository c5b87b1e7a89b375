/**
 * @module What a request to a status page asks for, read from its URL and headers: the page
 * (by host name or id), the language (`?lang=`, else `Accept-Language` among the page's
 * languages, else its first), the theme, the history page, a private page's access (a token in
 * the URL or the cookie it set), and the validators of a conditional request. Pure.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { baseEtag } from './content-encoding.js';
import type { StatusPageDefinition } from './status.schema.js';

export type Lang = 'en' | 'fr';
export type Theme = 'auto' | 'light' | 'dark';

/** The host name of a `Host` header: lower case, without port or trailing dot; '' when absent or malformed. */
export function hostName(header: string | undefined): string {
  if (!header) return '';
  const text = header.trim().toLowerCase();
  const name = text.startsWith('[') ? text.slice(0, text.indexOf(']') + 1) : text.replace(/:\d*$/, '');
  return name.replace(/\.$/, '');
}

/** The page that answers at `/` for this host name. */
export function pageForHost(pages: readonly StatusPageDefinition[], host: string): StatusPageDefinition | undefined {
  return host === '' ? undefined : pages.find((p) => p.hosts.includes(host));
}

const acceptCache = new Map<string, Array<{ tag: string; q: number }>>();
const ACCEPT_CACHE_MAX = 500;

/** The language ranges of an `Accept-Language` header, best first (`q=0` dropped). */
export function acceptedLanguages(header: string): Array<{ tag: string; q: number }> {
  const cached = acceptCache.get(header);
  if (cached) return cached;
  const ranges = header
    .slice(0, 500)
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const q = qParam === undefined ? 1 : Number(qParam.slice(2));
      return { tag: tag.trim(), q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((r) => r.tag !== '' && r.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i)
    .map(({ tag, q }) => ({ tag, q }));
  if (acceptCache.size >= ACCEPT_CACHE_MAX) acceptCache.clear();
  acceptCache.set(header, ranges);
  return ranges;
}

/**
 * The language to answer in: `?lang=` when the page offers it; else the best `Accept-Language`
 * range the page offers (`fr-CH` is `fr`, `*` is the page's first); else the page's first.
 * `negotiated` is true when the answer depends on `Accept-Language` (so `Vary` must say so).
 */
export function pickLanguage(query: unknown, acceptLanguage: string | undefined, languages: readonly Lang[]): { lang: Lang; negotiated: boolean } {
  const first = languages[0] ?? 'en';
  if (typeof query === 'string' && (languages as readonly string[]).includes(query)) return { lang: query as Lang, negotiated: false };
  if (languages.length < 2) return { lang: first, negotiated: false };
  for (const { tag } of acceptedLanguages(acceptLanguage ?? '')) {
    if (tag === '*') return { lang: first, negotiated: true };
    const primary = tag.split('-')[0];
    const match = languages.find((l) => l === primary);
    if (match) return { lang: match, negotiated: true };
  }
  return { lang: first, negotiated: true };
}

/** `?theme=light|dark`, else automatic (the reader's `prefers-color-scheme`). */
export function pickTheme(query: unknown): Theme {
  return query === 'light' || query === 'dark' ? query : 'auto';
}

/** `?page=N` of the incident history: a whole number from 1 (anything else is 1), at most `max`. */
export function pickHistoryPage(query: unknown, max = 1000): number {
  const n = typeof query === 'string' && /^\d{1,6}$/.test(query) ? Number(query) : 1;
  return Math.min(Math.max(1, n), max);
}

/** The cookie a private page sets once its token was given: one per page, scoped to its path. */
export function accessCookieName(pageId: string): string {
  return `vigie_status_${pageId}`;
}

/** What the cookie holds: a hash of the token (the token itself never sits in the browser's cookie jar). */
export function accessCookieValue(token: string): string {
  return createHash('sha256').update(`vigie-status-access\n${token}`).digest('base64url');
}

function sameText(a: string, b: string): boolean {
  const x = createHash('sha256').update(a).digest();
  const y = createHash('sha256').update(b).digest();
  return timingSafeEqual(x, y);
}

/** The values of the cookie `name` in a `Cookie` header. */
export function cookieValues(header: string | undefined, name: string): string[] {
  if (!header) return [];
  const out: string[] = [];
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) out.push(part.slice(eq + 1).trim());
  }
  return out;
}

/**
 * Whether a request may read a page: a public page always; a private one with its token as
 * `?token=` (`viaQuery`: set the cookie) or the cookie a previous visit got.
 */
export function pageAccess(page: Pick<StatusPageDefinition, 'id' | 'private_token'>, queryToken: unknown, cookieHeader: string | undefined): { allowed: boolean; viaQuery: boolean } {
  const expected = page.private_token;
  if (expected === undefined) return { allowed: true, viaQuery: false };
  if (typeof queryToken === 'string' && sameText(queryToken, expected)) return { allowed: true, viaQuery: true };
  const wanted = accessCookieValue(expected);
  return { allowed: cookieValues(cookieHeader, accessCookieName(page.id)).some((v) => sameText(v, wanted)), viaQuery: false };
}

/** The `Set-Cookie` value giving access to a private page under `path`. */
export function accessCookie(page: Pick<StatusPageDefinition, 'id' | 'private_token'>, path: string, secure: boolean): string {
  return `${accessCookieName(page.id)}=${accessCookieValue(page.private_token ?? '')}; Path=${path || '/'}; Max-Age=${30 * 86_400}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

/**
 * True when a conditional GET may be answered 304: `If-None-Match` names the ETag (or `*`); else,
 * without `If-None-Match`, `If-Modified-Since` is at or after Last-Modified.
 */
export function notModified(ifNoneMatch: string | undefined, ifModifiedSince: string | undefined, etag: string, lastModified: number): boolean {
  if (ifNoneMatch !== undefined) {
    // The same document in another encoding (`"<hash>-br"`) is the same document.
    const wanted = baseEtag(etag);
    return ifNoneMatch.split(',').some((tag) => {
      const t = baseEtag(tag.trim().replace(/^W\//, ''));
      return t === '*' || t === wanted;
    });
  }
  if (ifModifiedSince === undefined) return false;
  const since = Date.parse(ifModifiedSince);
  return Number.isFinite(since) && lastModified <= since;
}
