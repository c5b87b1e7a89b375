/**
 * @module Sealing one secret value: AES-256-GCM with a random 96-bit IV per value, written as
 * `enc:v1:<key id>:<base64url(iv | tag | ciphertext)>`. The prefix makes a sealed value
 * recognisable inside a JSON document, and the key id says which key opens it.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { findKey, type Keyring } from './secret-key.js';

export const SEALED_PREFIX = 'enc:v1:';
const SEALED = /^enc:v1:([0-9a-f]{8}):([A-Za-z0-9_-]+)$/;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Why a sealed value could not be opened. */
export type OpenFailure = 'missing_key' | 'damaged';

/** A sealed value that cannot be opened: its key is not loaded, or it was altered. */
export class SecretOpenError extends Error {
  constructor(
    readonly reason: OpenFailure,
    readonly keyId: string | null,
    message: string,
  ) {
    super(message);
    this.name = 'SecretOpenError';
  }
}

/** True when a stored string is a sealed value (or claims to be one). */
export function isSealed(value: string): boolean {
  return value.startsWith(SEALED_PREFIX);
}

/** The key id of a sealed value, or null when it is not one. */
export function sealedKeyId(value: string): string | null {
  return SEALED.exec(value)?.[1] ?? null;
}

/** Seals `plain` with the keyring's current key. */
export function sealSecret(plain: string, ring: Keyring): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', ring.current.key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return `${SEALED_PREFIX}${ring.current.id}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
}

/** Opens a sealed value with whichever key of the ring it names; throws {@link SecretOpenError}. */
export function openSecret(sealed: string, ring: Keyring): string {
  const match = SEALED.exec(sealed);
  if (!match) throw new SecretOpenError('damaged', null, 'the sealed value is malformed');
  const [, id, text] = match as unknown as [string, string, string];
  const key = findKey(ring, id);
  if (!key) throw new SecretOpenError('missing_key', id, `it was encrypted with secret key ${id}, which is not loaded`);
  const raw = Buffer.from(text, 'base64url');
  if (raw.length < IV_BYTES + TAG_BYTES) throw new SecretOpenError('damaged', id, 'the sealed value is truncated');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, raw.subarray(0, IV_BYTES));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretOpenError('damaged', id, `it does not decrypt with secret key ${id} (the stored value was altered or damaged)`);
  }
}
