/**
 * @module Secrets inside a monitor's stored input (a JSON document): sealed on the way into
 * the database, opened on the way out, so the rest of the config stays readable in the column
 * and callers only ever see clear values.
 *
 * Sealed: the string or number value of every secret-named key ({@link isSecretKey}), every URL
 * holding a secret (a password, a credential query value: sealed whole), and every string that itself starts like a sealed value (so that reading
 * never mistakes a clear value for a sealed one). The plain text is the value's JSON, so a
 * number comes back as a number.
 */
import { hasUrlSecret, isSecretKey } from './secret-keys.js';
import { isSealed, openSecret, sealedKeyId, sealSecret, SecretOpenError } from './secret-cipher.js';
import type { Keyring } from './secret-key.js';

type Json = unknown;

/** A sealed value of a monitor's input that cannot be opened, with where it is. */
export class SecretPathError extends SecretOpenError {
  constructor(
    readonly path: string,
    cause: SecretOpenError,
  ) {
    super(cause.reason, cause.keyId, cause.message);
    this.name = 'SecretPathError';
  }
}

/** Visits every string or number of a JSON value; `replace` returns the new value or undefined to keep it. */
function mapLeaves(value: Json, path: string, replace: (leaf: string | number, path: string, secretKey: boolean) => Json | undefined): Json {
  if (Array.isArray(value)) return value.map((v, i) => mapLeaves(v, `${path}[${i}]`, replace));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, Json> = {};
    for (const [key, v] of Object.entries(value as Record<string, Json>)) {
      const at = path === '' ? key : `${path}.${key}`;
      const secret = isSecretKey(key) && (typeof v === 'string' || typeof v === 'number');
      out[key] = secret ? (replace(v, at, true) ?? v) : mapLeaves(v, at, replace);
    }
    return out;
  }
  if (typeof value === 'string' || typeof value === 'number') return replace(value, path, false) ?? value;
  return value;
}

/** Whether a leaf must be stored sealed. */
function needsSeal(leaf: string | number, secretKey: boolean): boolean {
  return secretKey || (typeof leaf === 'string' && (hasUrlSecret(leaf) || isSealed(leaf)));
}

/** The input as it is stored: every secret sealed with the current key. */
export function sealInput(input: Record<string, Json>, ring: Keyring): Record<string, Json> {
  return mapLeaves(input, '', (leaf, _path, secretKey) => (needsSeal(leaf, secretKey) ? sealSecret(JSON.stringify(leaf), ring) : undefined)) as Record<string, Json>;
}

function open(sealed: string, path: string, ring: Keyring): Json {
  try {
    return JSON.parse(openSecret(sealed, ring)) as Json;
  } catch (error) {
    if (error instanceof SecretOpenError) throw new SecretPathError(path, error);
    throw new SecretPathError(path, new SecretOpenError('damaged', sealedKeyId(sealed), 'its decrypted text is not the JSON Vigie writes'));
  }
}

/** The stored input with every sealed value opened; throws {@link SecretPathError}. */
export function openInput(stored: Record<string, Json>, ring: Keyring): Record<string, Json> {
  return mapLeaves(stored, '', (leaf, path) => (typeof leaf === 'string' && isSealed(leaf) ? open(leaf, path, ring) : undefined)) as Record<string, Json>;
}

/**
 * The start-up pass over a stored input: clear secrets (from a version that stored them so)
 * sealed, values sealed with a previous key sealed again with the current one. Null when
 * nothing changes. Throws {@link SecretPathError} for a value no loaded key opens.
 */
export function resealInput(stored: Record<string, Json>, ring: Keyring): Record<string, Json> | null {
  let changed = false;
  const value = mapLeaves(stored, '', (leaf, path, secretKey) => {
    // Only a well-formed sealed value is taken as one: an older version stored look-alikes in clear.
    const keyId = typeof leaf === 'string' ? sealedKeyId(leaf) : null;
    if (typeof leaf === 'string' && keyId !== null) {
      if (keyId === ring.current.id) return undefined;
      changed = true;
      return sealSecret(JSON.stringify(open(leaf, path, ring)), ring);
    }
    if (!needsSeal(leaf, secretKey)) return undefined;
    changed = true;
    return sealSecret(JSON.stringify(leaf), ring);
  });
  return changed ? (value as Record<string, Json>) : null;
}

/** What to do about a secret no key opens, for error messages. */
export function unreadableSecretAdvice(error: SecretOpenError, ring: Keyring): string {
  if (error.reason === 'missing_key' && ring.created) {
    return `give Vigie the key file it was encrypted with: none was found at ${ring.source}, so a new key was just created there (${ring.current.id}). Restore the key file there, or point VIGIE_SECRET_KEY_FILE (or VIGIE_SECRET_KEY) to the key the other Vigie processes of this database use, then delete ${ring.source} (docs/security.md)`;
  }
  if (error.reason === 'missing_key') {
    return `start Vigie with the key that encrypted it (the key loaded now is ${ring.current.id}, from ${ring.source}): set VIGIE_SECRET_KEY (or VIGIE_SECRET_KEY_FILE) to it, or add it to VIGIE_SECRET_KEY_PREVIOUS while rotating (docs/security.md)`;
  }
  return 'set this secret again (in the configuration file, or through the API for an API monitor)';
}
