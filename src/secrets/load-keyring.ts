/**
 * @module Where the secret key comes from: `VIGIE_SECRET_KEY` when set, otherwise a key file
 * (`VIGIE_SECRET_KEY_FILE`, by default `secret.key` beside the SQLite database) created with
 * mode 0600 on first start and announced in the log. Older keys, still accepted for reading
 * during a rotation, come from `VIGIE_SECRET_KEY_PREVIOUS` (comma-separated) and from the lines
 * of the key file after the first.
 */
import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Logger } from 'pino';
import { KEY_BYTES, keyring, parseSecretKey, secretKey, type Keyring, type SecretKey } from './secret-key.js';

export const SECRET_KEY_ENV = 'VIGIE_SECRET_KEY';
export const PREVIOUS_KEYS_ENV = 'VIGIE_SECRET_KEY_PREVIOUS';
export const SECRET_KEY_FILE_ENV = 'VIGIE_SECRET_KEY_FILE';

export interface KeyringOptions {
  /** The key file, used when `VIGIE_SECRET_KEY` is not set; created when missing. */
  keyFile: string;
  /** Environment to read the variables from (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** Without `VIGIE_SECRET_KEY`, use a random key and no file (an in-memory database). */
  ephemeral?: boolean;
  /** Where to announce a created key file and warn about its mode; stderr without one. */
  logger?: Pick<Logger, 'info' | 'warn'>;
}

const FILE_HEADER = [
  '# Vigie secret key: it encrypts the secrets of monitors stored in the database (headers,',
  '# passwords). Back it up with the database: without it those secrets cannot be read.',
  '# Rotation: put a new key on the first line and keep the old one below it; see docs/security.md.',
].join('\n');

/** Loads the keyring of this process; throws a message naming the bad variable or file line. */
export function loadKeyring(opts: KeyringOptions): Keyring {
  const env = opts.env ?? process.env;
  const previous = (env[PREVIOUS_KEYS_ENV] ?? '')
    .split(',')
    .map((text) => text.trim())
    .filter((text) => text !== '')
    .map((text, i) => parseSecretKey(text, `${PREVIOUS_KEYS_ENV} (key ${i + 1})`));
  const fromEnv = env[SECRET_KEY_ENV]?.trim();
  if (fromEnv) return keyring(parseSecretKey(fromEnv, SECRET_KEY_ENV), previous, SECRET_KEY_ENV);
  if (opts.ephemeral) return keyring(secretKey(randomBytes(KEY_BYTES)), previous, 'a random key (in-memory database)');
  const path = resolve(opts.keyFile);
  const { keys, created } = readOrCreateKeyFile(path, opts.logger);
  const [current, ...older] = keys;
  return keyring(current!, [...older, ...previous], path, created);
}

/** The keys of a key file, first the current one; creates the file with a new key when missing. */
function readOrCreateKeyFile(path: string, logger: KeyringOptions['logger']): { keys: SecretKey[]; created: boolean } {
  let text: string;
  let created = false;
  try {
    text = readFileSync(path, 'utf8');
    warnIfShared(path, logger);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`Cannot read the secret key file ${path}: ${(error as Error).message}`, { cause: error });
    ({ text, created } = createKeyFile(path, logger));
  }
  const keys = text
    .split('\n')
    .map((line, i) => ({ line: line.trim(), at: i + 1 }))
    .filter(({ line }) => line !== '' && !line.startsWith('#'))
    .map(({ line, at }) => parseSecretKey(line, `The secret key file ${path}, line ${at},`));
  if (keys.length === 0) throw new Error(`The secret key file ${path} holds no key; restore it from a backup, or delete it to have a new key generated (only if no secret was stored with the old one).`);
  return { keys, created };
}

/**
 * Writes a new key file with mode 0600. The file is written under a temporary name and linked in
 * place, so of two processes starting together one creates it and the other reads that one.
 */
function createKeyFile(path: string, logger: KeyringOptions['logger']): { text: string; created: boolean } {
  const text = `${FILE_HEADER}\n${randomBytes(KEY_BYTES).toString('base64')}\n`;
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(temporary, text, { mode: 0o600, flag: 'wx' });
    linkSync(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { text: readFileSync(path, 'utf8'), created: false };
    throw new Error(`Cannot create the secret key file ${path}: ${(error as Error).message}. Make its folder writable, or set ${SECRET_KEY_FILE_ENV} or ${SECRET_KEY_ENV}.`, { cause: error });
  } finally {
    try {
      unlinkSync(temporary);
    } catch {
      // Not created.
    }
  }
  const message = `created a new secret key in ${path}: it encrypts the secrets of stored monitors; back it up with the database (see docs/security.md)`;
  if (logger) logger.warn({ keyFile: path }, message);
  else process.stderr.write(`vigie: ${message}\n`);
  return { text, created: true };
}

function warnIfShared(path: string, logger: KeyringOptions['logger']): void {
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) === 0) return;
  const message = `the secret key file ${path} can be read by other users (mode ${mode.toString(8)}); restrict it with: chmod 600 ${path}`;
  if (logger) logger.warn({ keyFile: path }, message);
  else process.stderr.write(`vigie: ${message}\n`);
}
