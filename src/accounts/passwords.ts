/**
 * @module Password hashing with scrypt (memory-hard; node:crypto, run off the event loop), written
 * `scrypt$<log2 N>$<r>$<p>$<salt base64url>$<hash base64url>` so the parameters can be raised later
 * while old hashes still verify. Passwords are never logged or stored in clear.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** The cost used for new hashes: N = 2^15, r = 8, p = 1 (32 MiB per hash). */
export const SCRYPT_COST = { log2N: 15, r: 8, p: 1 } as const;
/** The shortest password accepted. */
export const MIN_PASSWORD_LENGTH = 12;
/** The longest (hashing a megabyte would be a cheap denial of service). */
export const MAX_PASSWORD_LENGTH = 1024;

const KEY_BYTES = 32;
const SALT_BYTES = 16;
const HASH = /^scrypt\$(\d{1,2})\$(\d{1,3})\$(\d{1,3})\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;

function derive(password: string, salt: Buffer, cost: { log2N: number; r: number; p: number }, bytes: number): Promise<Buffer> {
  const N = 2 ** cost.log2N;
  const options: ScryptOptions = { N, r: cost.r, p: cost.p, maxmem: 256 * N * cost.r + 1024 * 1024 };
  return new Promise((resolve, reject) => scrypt(password.normalize('NFC'), salt, bytes, options, (error, key) => (error ? reject(error) : resolve(key))));
}

/** Hashes a password with a new random salt. */
export async function hashPassword(password: string, cost: { log2N: number; r: number; p: number } = SCRYPT_COST): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, cost, KEY_BYTES);
  return `scrypt$${cost.log2N}$${cost.r}$${cost.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** Whether the password matches the stored hash (constant-time comparison); false for a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const match = HASH.exec(stored);
  if (!match) return false;
  const [, log2N, r, p, salt, hash] = match as unknown as [string, string, string, string, string, string];
  const expected = Buffer.from(hash, 'base64url');
  if (expected.length < 16 || Number(log2N) > 20) return false;
  const key = await derive(password, Buffer.from(salt, 'base64url'), { log2N: Number(log2N), r: Number(r), p: Number(p) }, expected.length);
  return timingSafeEqual(key, expected);
}

let dummy: Promise<string> | undefined;

/**
 * Spends the time of one verification for a user name that does not exist, so the answer's
 * timing does not tell whether it does.
 */
export async function verifyNothing(password: string): Promise<false> {
  await verifyPassword(password, await (dummy ??= hashPassword('vigie-no-such-user-dummy-password')));
  return false;
}
