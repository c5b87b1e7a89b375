/**
 * @module Secret keys: 32-byte AES-256 keys read from text (hex, base64, or a passphrase run
 * through scrypt), each known by a short id (the start of its SHA-256) that sealed values carry,
 * so a value names the key it needs and keys can be rotated.
 */
import { createHash, scryptSync } from 'node:crypto';

/** A 32-byte key and its id (8 hex characters). */
export interface SecretKey {
  readonly id: string;
  readonly key: Buffer;
}

/** The keys of a process: the current one seals, the previous ones only open (rotation). */
export interface Keyring {
  readonly current: SecretKey;
  readonly previous: readonly SecretKey[];
  /** Where the current key comes from, for messages: `VIGIE_SECRET_KEY`, a file path… */
  readonly source: string;
  /** True when the key file was created by this process, finding none. */
  readonly created?: boolean;
}

export const KEY_BYTES = 32;
/** The shortest passphrase accepted in place of a 32-byte key. */
export const MIN_PASSPHRASE = 16;
const SCRYPT_SALT = 'vigie-secret-key-v1';
const HOW_TO_GENERATE = 'generate one with: openssl rand -base64 32';

/** The key with its id. */
export function secretKey(key: Buffer): SecretKey {
  if (key.length !== KEY_BYTES) throw new Error(`a secret key must be ${KEY_BYTES} bytes, got ${key.length}`);
  return { id: createHash('sha256').update(key).digest('hex').slice(0, 8), key };
}

/**
 * Reads a key written as 64 hex characters, as base64 of 32 bytes, or as a passphrase of at least
 * 16 characters (derived with scrypt). `what` names the source in errors (`VIGIE_SECRET_KEY`).
 */
export function parseSecretKey(text: string, what: string): SecretKey {
  const value = text.trim();
  if (/^[0-9a-f]{64}$/i.test(value)) return secretKey(Buffer.from(value, 'hex'));
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) {
    const bytes = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (bytes.length === KEY_BYTES) return secretKey(bytes);
  }
  if (value.length < MIN_PASSPHRASE) {
    throw new Error(`${what} must be a 32-byte key in hex (64 characters) or base64 (44 characters), or a passphrase of at least ${MIN_PASSPHRASE} characters (${HOW_TO_GENERATE})`);
  }
  return secretKey(scryptSync(value, SCRYPT_SALT, KEY_BYTES, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }));
}

/** A keyring; previous keys equal to the current one (or to each other) are dropped. */
export function keyring(current: SecretKey, previous: readonly SecretKey[], source: string, created = false): Keyring {
  const seen = new Set([current.id]);
  const rest = previous.filter((k) => !seen.has(k.id) && seen.add(k.id));
  return { current, previous: rest, source, ...(created ? { created } : {}) };
}

/** The key with this id, if the keyring holds it. */
export function findKey(ring: Keyring, id: string): SecretKey | undefined {
  return ring.current.id === id ? ring.current : ring.previous.find((k) => k.id === id);
}
