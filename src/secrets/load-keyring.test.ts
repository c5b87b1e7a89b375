import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadKeyring } from './load-keyring.js';
import { parseSecretKey } from './secret-key.js';

let dir: string;
const logged: Array<{ level: string; message: string }> = [];
const logger = {
  info: (_fields: object, message: string) => void logged.push({ level: 'info', message }),
  warn: (_fields: object, message: string) => void logged.push({ level: 'warn', message }),
} as unknown as Parameters<typeof loadKeyring>[0]['logger'];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigie-keys-'));
  logged.length = 0;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('loadKeyring', () => {
  it('creates a key file with mode 0600 on first start, says so in the log, and reads the same key afterwards', () => {
    const keyFile = join(dir, 'sub', 'secret.key');
    const first = loadKeyring({ keyFile, env: {}, logger });
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(logged).toEqual([{ level: 'warn', message: expect.stringContaining(`created a new secret key in ${keyFile}`) as string }]);
    expect(logged[0]!.message).toContain('back it up with the database');
    expect(first.source).toBe(keyFile);
    const again = loadKeyring({ keyFile, env: {}, logger });
    expect(again.current.id).toBe(first.current.id);
    expect(logged).toHaveLength(1);
  });

  it('takes VIGIE_SECRET_KEY over the key file, without creating the file', () => {
    const hex = randomBytes(32).toString('hex');
    const keyFile = join(dir, 'secret.key');
    const ring = loadKeyring({ keyFile, env: { VIGIE_SECRET_KEY: hex } });
    expect(ring.current.id).toBe(parseSecretKey(hex, 'x').id);
    expect(ring.source).toBe('VIGIE_SECRET_KEY');
    expect(() => statSync(keyFile)).toThrow();
  });

  it('accepts previous keys from VIGIE_SECRET_KEY_PREVIOUS and from the later lines of the key file', () => {
    const [a, b, c] = [randomBytes(32), randomBytes(32), randomBytes(32)].map((k) => k.toString('base64'));
    const keyFile = join(dir, 'secret.key');
    writeFileSync(keyFile, `# comment\n${a}\n\n${b}\n`, { mode: 0o600 });
    const ring = loadKeyring({ keyFile, env: { VIGIE_SECRET_KEY_PREVIOUS: ` ${c} , ${a}` } });
    expect(ring.current.id).toBe(parseSecretKey(a!, 'x').id);
    expect(ring.previous.map((k) => k.id)).toEqual([parseSecretKey(b!, 'x').id, parseSecretKey(c!, 'x').id]);
  });

  it('names the file and line of a bad key, and warns about a key file others can read', () => {
    const keyFile = join(dir, 'secret.key');
    writeFileSync(keyFile, '# comment\nshort\n', { mode: 0o644 });
    expect(() => loadKeyring({ keyFile, env: {}, logger })).toThrow(`The secret key file ${keyFile}, line 2, must be a 32-byte key`);
    expect(logged[0]!.message).toBe(`the secret key file ${keyFile} can be read by other users (mode 644); restrict it with: chmod 600 ${keyFile}`);
    writeFileSync(keyFile, '# only a comment\n');
    expect(() => loadKeyring({ keyFile, env: {} })).toThrow(`The secret key file ${keyFile} holds no key`);
  });

  it('gives an in-memory database a random key and no file', () => {
    const keyFile = join(dir, 'secret.key');
    const a = loadKeyring({ keyFile, env: {}, ephemeral: true });
    const b = loadKeyring({ keyFile, env: {}, ephemeral: true });
    expect(a.current.id).not.toBe(b.current.id);
    expect(() => readFileSync(keyFile)).toThrow();
  });
});
