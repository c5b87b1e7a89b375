/**
 * @module API token secrets: `vigie_` followed by 32 random base62 characters.
 *
 * Only the SHA-256 of a secret is stored; the secret is shown once, when it is created.
 */
import { createHash, randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SECRET_LENGTH = 32;

/** The shape of a token secret; anything else is refused before touching the database. */
export const TOKEN_PATTERN = /^vigie_[0-9A-Za-z]{32}$/;

/** Generates a new token secret (unbiased base62, by rejection sampling); store only its {@link hashToken}. */
export function generateToken(): string {
  let body = '';
  while (body.length < SECRET_LENGTH) {
    for (const byte of randomBytes(SECRET_LENGTH * 2)) {
      // 248 = 4 * 62: bytes above it would favour the first characters.
      if (byte < 248 && body.length < SECRET_LENGTH) body += ALPHABET[byte % 62];
    }
  }
  return `vigie_${body}`;
}

/** The SHA-256 of a secret, in lowercase hex, as stored in `api_tokens.token_hash`. */
export function hashToken(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}
