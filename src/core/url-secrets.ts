/**
 * @module Secrets written inside URLs: the password of `scheme://user:password@host` (and of
 * `sip:user:password@host`) and the values of credential-like query parameters (`?api_key=`,
 * `&token=`, `?sig=`…). Finds them in a URL or in any text that quotes URLs (check messages),
 * hides them as `[redacted]`, and puts stored ones back where a client sent the placeholder.
 */

/** What a hidden secret reads as. */
export const REDACTED = '[redacted]';

const SECRET_NAME = /token|password|passwd|passphrase|secret|authorization|cookie|credential|api[-_]?key|private[-_]?key/i;
const SECRET_PARAM = /^(?:sig|signature|key|auth|pwd|pass|code|x-amz-signature|x-goog-signature)$/i;

/** True when a field, header or parameter with this name holds a secret (`password`, `X-Api-Key`, `token`…). */
export function isSecretKey(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** True when a query parameter with this name carries a credential (`api_key`, `access_token`, `sig`…). */
export function isSecretParam(name: string): boolean {
  return isSecretKey(name) || SECRET_PARAM.test(name);
}

// `scheme://user:password@`: the password is group 2. Hosts and paths cannot hold `@` before it.
const USERINFO = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s/?#@:]*:)([^\s/?#@]*)(@)/gi;
// `sip:user:password@` and `sips:…`: the deprecated password form of SIP URIs (RFC 3261 §19.1.1).
const SIP_USERINFO = /(\bsips?:[^\s/?#@:;]+:)([^\s/?#@;]*)(@)/gi;
// `?name=value` or `&name=value`: the value is group 3.
const QUERY_PARAM = /([?&]([^\s=&#?]+)=)([^\s&#]*)/g;
const URL_START = /^(?:[a-z][a-z0-9+.-]*:\/\/|sips?:)/i;

/** True when `text` is written as a URL (`scheme://…`, `sip:…`), as opposed to free text. */
export function looksLikeUrl(text: string): boolean {
  return URL_START.test(text);
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** True when a URL part is the placeholder, as written or percent-encoded by a URL parser. */
export function isPlaceholder(part: string): boolean {
  return part === REDACTED || decoded(part) === REDACTED;
}

/** `text` with every URL password and credential-like query value replaced by `[redacted]`. */
export function redactUrlSecrets(text: string): string {
  if (!text.includes('@') && !text.includes('=')) return text;
  return text
    .replace(USERINFO, (_m, before: string, password: string, at: string) => `${before}${password === '' ? '' : REDACTED}${at}`)
    .replace(SIP_USERINFO, (_m, before: string, password: string, at: string) => `${before}${password === '' ? '' : REDACTED}${at}`)
    .replace(QUERY_PARAM, (m, before: string, name: string, value: string) => (value !== '' && isSecretParam(decoded(name)) ? `${before}${REDACTED}` : m));
}

/** The secrets written in one URL: its password and its credential values by parameter name, in order. */
interface UrlSecrets {
  password: string | undefined;
  params: Map<string, string[]>;
}

function secretsOf(url: string): UrlSecrets {
  const password = new RegExp(USERINFO.source, 'i').exec(url)?.[2] ?? new RegExp(SIP_USERINFO.source, 'i').exec(url)?.[2];
  const params = new Map<string, string[]>();
  for (const [, , name, value] of url.matchAll(QUERY_PARAM)) {
    const key = decoded(name!);
    if (!isSecretParam(key)) continue;
    params.set(key, [...(params.get(key) ?? []), value!]);
  }
  return { password: password === '' ? undefined : password, params };
}

/**
 * Where a URL points: scheme, host and port, lower-cased, without credentials, path or query.
 * Two URLs with the same endpoint send what they carry to the same place.
 */
export function urlEndpoint(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'sip:' || parsed.protocol === 'sips:') throw new Error('opaque');
    return `${parsed.protocol}//${parsed.host}`.toLowerCase();
  } catch {
    const match = /^([a-z][a-z0-9+.-]*:(?:\/\/)?)(?:[^@/?#]*@)?([^/?#;]*)/i.exec(url);
    return match ? `${match[1]}${match[2]}`.toLowerCase() : url;
  }
}

/** What {@link restoreUrlSecrets} made of a URL sent back with placeholders. */
export interface RestoredUrl {
  value: string;
  /** The placeholders with no stored secret behind them (`password`, `query parameter "api_key"`). */
  missing: string[];
  /** True when at least one placeholder was replaced by a stored secret. */
  restored: boolean;
}

/**
 * `sent` with each `[redacted]` password or query value replaced by the one `stored` holds at the
 * same place (the same parameter name, the same occurrence). The caller decides whether the
 * endpoint may change (see {@link urlEndpoint}); this only matches parts.
 */
export function restoreUrlSecrets(sent: string, stored: string | undefined): RestoredUrl {
  const secrets = stored === undefined ? { password: undefined, params: new Map<string, string[]>() } : secretsOf(stored);
  const missing: string[] = [];
  let restored = false;
  const password = (_m: string, before: string, value: string, at: string) => {
    if (!isPlaceholder(value)) return `${before}${value}${at}`;
    if (secrets.password === undefined) missing.push('password');
    else restored = true;
    return `${before}${secrets.password ?? value}${at}`;
  };
  const seen = new Map<string, number>();
  const value = sent
    .replace(new RegExp(USERINFO.source, 'i'), password)
    .replace(new RegExp(SIP_USERINFO.source, 'i'), password)
    .replace(QUERY_PARAM, (m, before: string, name: string, part: string) => {
      const key = decoded(name);
      if (!isSecretParam(key)) return m;
      const index = seen.get(key) ?? 0;
      seen.set(key, index + 1);
      if (!isPlaceholder(part)) return m;
      const kept = secrets.params.get(key)?.[index];
      if (kept === undefined) {
        missing.push(`query parameter ${JSON.stringify(key)}`);
        return m;
      }
      restored = true;
      return `${before}${kept}`;
    });
  return { value, missing, restored };
}

/**
 * False when no string in a JSON-like value (at any depth) has an `@` or a `=`, so that
 * {@link redactUrlSecretsIn} would only copy it: lets hot paths skip the copy. No allocation
 * for flat objects.
 */
export function mayHoldUrlSecrets(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('@') || value.includes('=');
  if (value === null || typeof value !== 'object') return false;
  const stack: object[] = [value];
  for (let from = stack.pop(); from !== undefined; from = stack.pop()) {
    if (from instanceof Date) continue;
    for (const key in from) {
      const item: unknown = (from as Record<string, unknown>)[key];
      if (typeof item === 'string') {
        if (item.includes('@') || item.includes('=')) return true;
      } else if (item !== null && typeof item === 'object') stack.push(item);
    }
  }
  return false;
}

/**
 * A copy of a JSON-like value (check details, messages) with {@link redactUrlSecrets} applied
 * to every string, keys left alone. Iterative: any depth is safe.
 */
export function redactUrlSecretsIn<T>(value: T): T {
  const holder: Record<string, unknown> = {};
  const stack: Array<{ from: unknown; into: Record<string, unknown>; key: string }> = [{ from: value, into: holder, key: 'value' }];
  for (let frame = stack.pop(); frame; frame = stack.pop()) {
    const { from, into, key } = frame;
    if (typeof from === 'string') {
      into[key] = redactUrlSecrets(from);
    } else if (from !== null && typeof from === 'object' && !(from instanceof Date)) {
      const copy: Record<string, unknown> = Array.isArray(from) ? (new Array(from.length) as unknown as Record<string, unknown>) : {};
      for (const k of Object.keys(from)) Object.defineProperty(copy, k, { value: undefined, enumerable: true, writable: true, configurable: true });
      into[key] = copy;
      for (const [k, v] of Object.entries(from)) stack.push({ from: v, into: copy, key: k });
    } else {
      into[key] = from;
    }
  }
  return holder.value as T;
}
