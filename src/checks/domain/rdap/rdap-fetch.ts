/**
 * @module One RDAP query over HTTP(S): follows up to 3 redirects, checks the content type
 * (`application/rdap+json`, `application/json` accepted), reads at most 2 MiB and parses JSON.
 * Every failure is reported as a reason in English and French, never thrown.
 */
import { request } from 'undici';
import type { Bilingual } from '../messages.js';
import { seconds } from '../outcome.js';
import { parseRetryAfter } from '../../../core/retry-after.js';

/** What one query gave. */
export type RdapFetch =
  | { kind: 'json'; json: unknown; url: string }
  | { kind: 'not-found'; url: string }
  | { kind: 'rate-limited'; url: string; retryAfterMs: number | undefined }
  | { kind: 'failed'; url: string; text: Bilingual };

const MAX_REDIRECTS = 3;
const MAX_BODY_BYTES = 2 * 1024 * 1024;
const ACCEPT = 'application/rdap+json, application/json;q=0.9';
const USER_AGENT = 'Vigie domain monitor (RDAP)';

/** The RDAP URL for a domain under a base URL (RFC 9082 §3.1.3). */
export function domainUrl(baseUrl: string, name: string): string {
  return new URL(`domain/${encodeURIComponent(name)}`, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`).toString();
}

function errorCode(error: unknown): string {
  const e = error as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  return e.cause?.code ?? e.code ?? e.cause?.message ?? e.message ?? String(error);
}

async function readLimited(body: AsyncIterable<Buffer>): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function failed(url: string, en: string, fr: string): RdapFetch {
  return { kind: 'failed', url, text: { en, fr } };
}

function isRdapType(contentType: string): boolean {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return type === 'application/rdap+json' || type === 'application/json';
}

async function judge(url: string, response: Awaited<ReturnType<typeof request>>, now: number): Promise<RdapFetch> {
  const { statusCode: status, headers } = response;
  if (status === 404) {
    await response.body.dump();
    return { kind: 'not-found', url };
  }
  if (status === 429) {
    await response.body.dump();
    return { kind: 'rate-limited', url, retryAfterMs: parseRetryAfter(headers['retry-after'], now) };
  }
  if (status >= 500) {
    await response.body.dump();
    return failed(url, `the registry answered HTTP ${status} (${url}); the check could not run`, `le registre a répondu HTTP ${status} (${url}) ; la vérification n'a pas pu se faire`);
  }
  if (status !== 200) {
    await response.body.dump();
    return failed(url, `the registry refused the query with HTTP ${status} (${url})`, `le registre a refusé la requête avec HTTP ${status} (${url})`);
  }
  const contentType = String(headers['content-type'] ?? '(none)');
  if (!isRdapType(contentType)) {
    await response.body.dump();
    return failed(url, `the registry answered ${contentType} instead of application/rdap+json (${url})`, `le registre a répondu ${contentType} au lieu de application/rdap+json (${url})`);
  }
  const text = await readLimited(response.body as AsyncIterable<Buffer>);
  if (text === undefined) return failed(url, `the registry's answer is larger than 2 MiB (${url})`, `la réponse du registre dépasse 2 Mio (${url})`);
  try {
    return { kind: 'json', json: JSON.parse(text), url };
  } catch (error) {
    const reason = (error as Error).message;
    return failed(url, `the registry answered malformed JSON (${url}): ${reason}`, `le registre a répondu un JSON invalide (${url}) : ${reason}`);
  }
}

/** Queries `baseUrl` for `name`. `timeoutMs` is only used to word the timeout message. */
export async function fetchRdapDomain(baseUrl: string, name: string, signal: AbortSignal, timeoutMs: number): Promise<RdapFetch> {
  let url = domainUrl(baseUrl, name);
  try {
    for (let hop = 0; ; hop++) {
      const response = await request(url, { method: 'GET', headers: { accept: ACCEPT, 'user-agent': USER_AGENT }, signal });
      const location = response.headers['location'];
      if (response.statusCode >= 300 && response.statusCode < 400 && typeof location === 'string' && hop < MAX_REDIRECTS) {
        await response.body.dump();
        url = new URL(location, url).toString();
        continue;
      }
      return await judge(url, response, Date.now());
    }
  } catch (error) {
    if (signal.aborted) {
      const limit = seconds(timeoutMs);
      return failed(url, `the registry did not answer within ${limit} (${url})`, `le registre n'a pas répondu en ${limit} (${url})`);
    }
    const code = errorCode(error);
    return failed(url, `could not reach the registry (${url}): ${code}`, `impossible de joindre le registre (${url}) : ${code}`);
  }
}
