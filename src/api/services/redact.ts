/**
 * @module Hides secrets (push tokens, passwords, credentials in headers, passwords and
 * credential query values inside URLs) in monitor configs shown through the API. A client that
 * reads a monitor, edits it and sends it back keeps the stored secrets: every `[redacted]` it
 * sends stands for the value stored at the same place — whether that place may still use it
 * (the target did not change) is for the caller to decide, from the paths listed in `restored`.
 *
 * Both walks are iterative: a body nested 100,000 levels deep costs memory, never the stack.
 */
import { REDACTED, isSecretKey, looksLikeUrl, redactUrlSecrets, restoreUrlSecrets, urlEndpoint } from '../../core/url-secrets.js';

export { REDACTED, isSecretKey } from '../../core/url-secrets.js';

type Container = Record<string, unknown> | unknown[];

/** Sets an own property, even one named `__proto__` (a JSON key like any other). */
function put(target: Container, key: string | number, value: unknown): void {
  if (Array.isArray(target)) target[key as number] = value;
  else Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The redacted form of a leaf: whole secrets under secret keys, secret parts of URLs elsewhere. */
function redactLeaf(key: string | number | undefined, value: unknown): unknown {
  if (typeof key === 'string' && isSecretKey(key) && (typeof value === 'string' || typeof value === 'number')) return REDACTED;
  if (typeof value === 'string' && looksLikeUrl(value)) return redactUrlSecrets(value);
  return value;
}

/**
 * A deep copy of `value` with the values of secret-looking keys replaced by `[redacted]`, and
 * the password and credential query values of every URL-valued string too.
 */
export function redactSecrets<T>(value: T): T {
  const holder: unknown[] = [];
  const stack: Array<{ from: unknown; into: Container; key: string | number }> = [{ from: value, into: holder, key: 0 }];
  for (let frame = stack.pop(); frame; frame = stack.pop()) {
    const { from, into, key } = frame;
    if (Array.isArray(from)) {
      const copy: unknown[] = new Array(from.length);
      put(into, key, copy);
      for (let i = from.length - 1; i >= 0; i--) stack.push({ from: from[i], into: copy, key: i });
    } else if (isObject(from)) {
      const copy: Record<string, unknown> = {};
      put(into, key, copy);
      const entries = Object.entries(from);
      for (const [k] of entries) put(copy, k, undefined); // keys keep their order
      for (let i = entries.length - 1; i >= 0; i--) stack.push({ from: entries[i]![1], into: copy, key: entries[i]![0] });
    } else {
      put(into, key, redactLeaf(into === holder ? undefined : key, from));
    }
  }
  return holder[0] as T;
}

/** The outcome of {@link restoreRedacted}: the body with secrets put back, and where. */
export interface Restored {
  value: unknown;
  /** Field paths (`http.headers.Authorization`) where `[redacted]` was sent but no secret is stored. */
  unmatched: string[];
  /** Field paths where a placeholder was replaced by the stored secret. */
  restored: string[];
  /** URL-valued fields whose placeholders were sent with the URL pointing at another scheme, host or port. */
  retargeted: string[];
}

/** A node of the walk; paths are spelled only when needed, so deep bodies do not cost quadratic memory. */
interface Frame {
  sent: unknown;
  stored: unknown;
  into: Container;
  key: string | number;
  parent: Frame | undefined;
}

/** Paths name at most this many levels (the deepest ones), so an absurdly deep body cannot make huge messages. */
const PATH_LEVELS = 32;

function pathOf(frame: Frame): string {
  const parts: string[] = [];
  let f: Frame | undefined = frame;
  for (; f?.parent && parts.length < PATH_LEVELS; f = f.parent) parts.push(typeof f.key === 'number' ? `[${f.key}]` : `.${f.key}`);
  const path = parts.reverse().join('');
  return f?.parent ? `…${path}` : path.replace(/^\./, '');
}

/**
 * `sent` with every `[redacted]` under a secret-looking key replaced by the value `stored` holds
 * at the same path, and every `[redacted]` password or query value of a URL by the one in the
 * URL stored at the same path. Placeholders with no stored secret behind them are listed, not
 * kept, so a literal "[redacted]" never becomes a password; a URL whose scheme, host or port
 * changed gets nothing back (listed in `retargeted`).
 */
export function restoreRedacted(sent: unknown, stored: unknown): Restored {
  const result: Restored = { value: undefined, unmatched: [], restored: [], retargeted: [] };
  const holder: unknown[] = [];
  const root: Frame = { sent, stored, into: holder, key: 0, parent: undefined };
  const stack: Frame[] = [root];
  for (let frame = stack.pop(); frame; frame = stack.pop()) {
    const { sent: value, stored: before, into, key } = frame;
    if (Array.isArray(value)) {
      const copy: unknown[] = new Array(value.length);
      put(into, key, copy);
      for (let i = value.length - 1; i >= 0; i--) stack.push({ sent: value[i], stored: Array.isArray(before) ? before[i] : undefined, into: copy, key: i, parent: frame });
    } else if (isObject(value)) {
      const copy: Record<string, unknown> = {};
      put(into, key, copy);
      const previous = isObject(before) ? before : {};
      const entries = Object.entries(value);
      for (const [k] of entries) put(copy, k, undefined); // keys keep their order
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, v] = entries[i]!;
        stack.push({ sent: v, stored: Object.hasOwn(previous, k) ? previous[k] : undefined, into: copy, key: k, parent: frame });
      }
    } else {
      restoreLeaf(frame, result);
    }
  }
  result.value = holder[0];
  return result;
}

function restoreLeaf(frame: Frame, result: Restored): void {
  const { sent, stored, into, key } = frame;
  if (sent === REDACTED && typeof key === 'string' && isSecretKey(key)) {
    if (typeof stored === 'string' || typeof stored === 'number') {
      put(into, key, stored);
      result.restored.push(pathOf(frame));
    } else {
      result.unmatched.push(pathOf(frame));
    }
    return;
  }
  if (typeof sent !== 'string' || !sent.includes('redacted') || !looksLikeUrl(sent)) return put(into, key, sent);
  const url = restoreUrlSecrets(sent, typeof stored === 'string' ? stored : undefined);
  if (url.missing.length > 0) result.unmatched.push(pathOf(frame));
  if (url.restored && typeof stored === 'string' && urlEndpoint(sent) !== urlEndpoint(stored)) {
    result.retargeted.push(pathOf(frame));
    return put(into, key, sent);
  }
  if (url.restored) result.restored.push(pathOf(frame));
  put(into, key, url.value);
}
