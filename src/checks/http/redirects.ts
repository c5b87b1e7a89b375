/**
 * @module Following HTTP redirects: which statuses redirect, and the request for the next hop.
 */
import { isSecretKey } from '../../core/url-secrets.js';
import type { Texts } from '../net/texts.js';
import type { Hop } from './http-request.js';

/** At most this many redirects are followed in one run. */
export const MAX_REDIRECTS = 10;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** True when the status is a redirect with a `Location` to follow. */
export function isRedirect(status: number, location: string | undefined): location is string {
  return REDIRECT_STATUSES.has(status) && location !== undefined && location !== '';
}

/**
 * Headers not carried to another origin, so credentials do not leak: `Authorization`, `Cookie`
 * and every header whose name says it holds a secret (`X-Api-Key`, `X-Auth-Token`…), the same
 * rule the API uses to redact them.
 */
function droppedAcrossOrigins(name: string): boolean {
  return isSecretKey(name);
}

/**
 * The next hop after a redirect, or a readable reason it cannot be followed (in English and French).
 * Like browsers: 303 (and 301/302 after a POST) become a GET without body; 307/308 keep both.
 */
export function nextHop(previous: Hop, status: number, location: string): Hop | Texts {
  if (!URL.canParse(location, previous.url.href)) {
    const quoted = JSON.stringify(location);
    return { en: `redirect Location ${quoted} is not a valid URL`, fr: `l’en-tête Location ${quoted} de la redirection n’est pas une URL valide` };
  }
  const url = new URL(location, previous.url);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { en: `redirected to ${url.href}, which is not an http(s) URL`, fr: `redirection vers ${url.href}, qui n’est pas une URL http(s)` };
  }
  const toGet = (status === 303 && previous.method !== 'HEAD') || ((status === 301 || status === 302) && previous.method === 'POST');
  let headers = previous.headers;
  if (url.origin !== previous.url.origin && Object.keys(headers).some(droppedAcrossOrigins)) {
    headers = Object.fromEntries(Object.entries(headers).filter(([name]) => !droppedAcrossOrigins(name)));
  }
  if (toGet && 'content-type' in headers) {
    headers = { ...headers };
    delete headers['content-type'];
  }
  return { url, method: toGet ? 'GET' : previous.method, body: toGet ? undefined : previous.body, headers };
}
