/**
 * @module Secrets at rest, on every dialect: what a monitor's definition row holds in the
 * database (no clear secret), what reads give back (the clear value), the start-up pass over
 * rows written in clear by an older version, key rotation, and a missing key.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { openSecret, sealedKeyId } from '../../src/secrets/secret-cipher.js';
import { keyring, secretKey, type Keyring } from '../../src/secrets/secret-key.js';
import { openStore } from '../../src/storage/open-store.js';
import type { MonitorRecord, Store } from '../../src/storage/store.js';
import { DIALECTS, dialectAvailable, TEST_PG_URL } from '../helpers/databases.js';

const newKey = () => secretKey(randomBytes(32));

const CLEAR = ['Bearer s3cret-header', 'k-123', 'ld4p-pass', 'url-pa55'];

function monitor(id: string): Omit<MonitorRecord, 'createdAt' | 'updatedAt'> {
  return {
    id,
    name: `Monitor ${id}`,
    type: 'http',
    source: 'api',
    input: {
      id,
      http: { url: 'https://ops:url-pa55@127.0.0.1/health', headers: { Authorization: 'Bearer s3cret-header', 'X-Api-Key': 'k-123', Accept: 'text/plain' } },
      ldap: { password: 'ld4p-pass', port: 389 },
    },
    tags: ['edge'],
    paused: false,
  };
}

for (const dialect of DIALECTS) {
  describe.skipIf(!(await dialectAvailable(dialect, 'secrets-at-rest contract')))(`secrets at rest (${dialect})`, () => {
    const schema = `vigie_test_${randomBytes(6).toString('hex')}`;
    let dir: string;
    const opened: Store[] = [];
    const open = async (ring: Keyring): Promise<Store> => {
      const store = await (dialect === 'postgres' ? openStore({ url: TEST_PG_URL, pgSchema: schema, keyring: ring }) : openStore({ sqlitePath: join(dir, 'vigie.db'), keyring: ring }));
      opened.push(store);
      return store;
    };
    const raw = async (store: Store, id: string): Promise<string> =>
      (await store.db.selectFrom('monitors').select('definition').where('id', '=', id).executeTakeFirstOrThrow()).definition;
    const keyIds = (text: string) => new Set([...text.matchAll(/enc:v1:([0-9a-f]{8}):/g)].map((m) => m[1]));

    const first = keyring(newKey(), [], 'first key');
    let store: Store;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'vigie-secrets-'));
      store = await open(first);
      await store.migrate();
    }, 180_000);

    afterAll(async () => {
      for (const s of opened) await s.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
      if (dialect === 'postgres') {
        const client = new pg.Client({ connectionString: TEST_PG_URL });
        await client.connect();
        await client.query(`drop schema if exists "${schema}" cascade`);
        await client.end();
      }
    }, 180_000);

    it('stores no clear secret, keeps the rest readable, and gives the clear values back on every read', async () => {
      await store.monitors.upsert(monitor('api'), 1000);
      const text = await raw(store, 'api');
      for (const secret of CLEAR) expect(text).not.toContain(secret);
      expect(keyIds(text)).toEqual(new Set([first.current.id]));
      const stored = JSON.parse(text) as { http: { headers: Record<string, string> }; ldap: { port: number } };
      expect(stored.http.headers.Accept).toBe('text/plain');
      expect(stored.ldap.port).toBe(389);

      const expected = monitor('api').input;
      expect((await store.monitors.get('api'))?.input).toEqual(expected);
      expect((await store.monitors.all()).find((m) => m.id === 'api')?.input).toEqual(expected);
      expect((await store.monitors.list({ tag: 'edge' }, { limit: 10, offset: 0 })).items[0]?.input).toEqual(expected);
    });

    it('encrypts, at start, secrets an older version stored in clear, losing nothing', async () => {
      const old = monitor('old');
      await store.db
        .insertInto('monitors')
        .values({ id: 'old', name: old.name, type: old.type, source: old.source, definition: JSON.stringify(old.input), tags: '[]', paused: 0, created_at: 1, updated_at: 1, deleted_at: null })
        .execute();
      expect(await raw(store, 'old')).toContain('Bearer s3cret-header');

      expect(await store.migrate()).toEqual([]);
      const text = await raw(store, 'old');
      for (const secret of CLEAR) expect(text).not.toContain(secret);
      expect((await store.monitors.get('old'))?.input).toEqual(old.input);
      // Nothing left to do on the next start.
      expect(await store.monitors.resealSecrets()).toBe(0);
    });

    it('stores push tokens hashed (then encrypted), never in clear, and hashes those an older version stored in clear', async () => {
      const token = 'push-token-0123456789';
      const hashed = `sha256:${createHash('sha256').update(token).digest('hex')}`;
      const beat = { id: 'beat', name: 'beat', type: 'heartbeat', source: 'api' as const, input: { id: 'beat', heartbeat: { token, period: '1m' } }, tags: [], paused: false };
      await store.monitors.upsert(beat, 1000);
      const stored = JSON.parse(await raw(store, 'beat')) as { heartbeat: { token: string; period: string } };
      expect(openSecret(stored.heartbeat.token, first)).toBe(JSON.stringify(hashed));
      expect((await store.monitors.get('beat'))?.input).toEqual({ id: 'beat', heartbeat: { token: hashed, period: '1m' } });
      // Written back as read (an API client's PUT with the token redacted): the hash is kept, not hashed again.
      await store.monitors.upsert({ ...beat, input: { id: 'beat', heartbeat: { token: hashed, period: '2m' } } }, 2000);
      expect((await store.monitors.get('beat'))?.input).toEqual({ id: 'beat', heartbeat: { token: hashed, period: '2m' } });

      await store.db
        .insertInto('monitors')
        .values({ id: 'old-beat', name: 'old', type: 'traffic', source: 'file', definition: JSON.stringify({ id: 'old-beat', traffic: { token, volume: 'calls' } }), tags: '[]', paused: 0, created_at: 1, updated_at: 1, deleted_at: null })
        .execute();
      expect(await store.monitors.resealSecrets()).toBe(1);
      expect(await raw(store, 'old-beat')).not.toContain(token);
      expect((await store.monitors.get('old-beat'))?.input).toEqual({ id: 'old-beat', traffic: { token: hashed, volume: 'calls' } });
      await store.monitors.remove('beat', 3000);
      await store.monitors.remove('old-beat', 3000);
    });

    it('rotates: a new key with the old one as previous reads everything, and the start-up pass re-encrypts it all with the new key', async () => {
      const second = keyring(newKey(), [first.current], 'second key');
      const rotating = await open(second);
      expect((await rotating.monitors.get('api'))?.input).toEqual(monitor('api').input);
      // Every row, deleted ones included (they keep their history and may be revived).
      expect(await rotating.monitors.resealSecrets()).toBe(4);
      for (const id of ['api', 'old', 'beat', 'old-beat']) expect(keyIds(await raw(rotating, id))).toEqual(new Set([second.current.id]));

      const newOnly = await open(keyring(second.current, [], 'second key only'));
      expect((await newOnly.monitors.get('old'))?.input).toEqual(monitor('old').input);
    });

    it('refuses, naming the monitors and what to do, when the key that encrypted a secret is missing; no row is rewritten', async () => {
      const stranger = keyring(newKey(), [], '/somewhere/secret.key');
      const wrong = await open(stranger);
      const before = await raw(wrong, 'api');
      // A row in clear too: it must not be encrypted with a key that may be the wrong one.
      const clear = JSON.stringify({ id: 'late', http: { url: 'http://127.0.0.1/', headers: { Authorization: 'Bearer late' } } });
      await wrong.db
        .insertInto('monitors')
        .values({ id: 'late', name: 'late', type: 'http', source: 'api', definition: clear, tags: '[]', paused: 0, created_at: 1, updated_at: 1, deleted_at: null })
        .execute();
      const needed = sealedKeyId(JSON.parse(before).http.url as string);
      await expect(wrong.monitors.get('api')).rejects.toThrow(
        `The secret at http.url of monitor "api" cannot be read: it was encrypted with secret key ${needed}, which is not loaded. To fix it, start Vigie with the key that encrypted it (the key loaded now is ${stranger.current.id}, from /somewhere/secret.key)`,
      );
      await expect(wrong.migrate()).rejects.toThrow(/The secrets of 4 stored monitors \("api", "beat", "old", "old-beat"\) cannot be read; the first, at http\.url of "api": it was encrypted with secret key [0-9a-f]{8}, which is not loaded\. To fix it, .*VIGIE_SECRET_KEY_PREVIOUS/);
      expect(await raw(wrong, 'api')).toBe(before);
      expect(await raw(wrong, 'late')).toBe(clear);
    });
  });
}

describe('openStore: where the secret key comes from', () => {
  const saved = { ...process.env };
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigie-keysource-'));
  });
  afterAll(() => {
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
  });
  const clearEnv = () => {
    for (const name of ['VIGIE_SECRET_KEY', 'VIGIE_SECRET_KEY_FILE', 'VIGIE_SECRET_KEY_PREVIOUS']) delete process.env[name];
  };

  it('creates secret.key beside the SQLite file, 0600, and finds it again on the next open', async () => {
    clearEnv();
    const path = join(dir, 'beside', 'vigie.db');
    const first = await openStore({ sqlitePath: path });
    await first.close();
    expect(first.secretKey.source).toBe(join(dir, 'beside', 'secret.key'));
    expect(statSync(join(dir, 'beside', 'secret.key')).mode & 0o777).toBe(0o600);
    const second = await openStore({ sqlitePath: path });
    await second.close();
    expect(second.secretKey.id).toBe(first.secretKey.id);
  });

  it('takes VIGIE_SECRET_KEY_FILE over the default place, and VIGIE_SECRET_KEY over both', async () => {
    clearEnv();
    process.env.VIGIE_SECRET_KEY_FILE = join(dir, 'keys', 'vigie.key');
    const fromFile = await openStore({ sqlitePath: join(dir, 'elsewhere', 'vigie.db') });
    await fromFile.close();
    expect(fromFile.secretKey.source).toBe(join(dir, 'keys', 'vigie.key'));
    expect(existsSync(join(dir, 'elsewhere', 'secret.key'))).toBe(false);

    const key = randomBytes(32);
    process.env.VIGIE_SECRET_KEY = key.toString('base64');
    const fromEnv = await openStore({ sqlitePath: join(dir, 'elsewhere', 'vigie.db') });
    await fromEnv.close();
    expect(fromEnv.secretKey).toEqual({ id: secretKey(key).id, source: 'VIGIE_SECRET_KEY' });
  });

  it('says so when the key it needs is missing because its key file was just created (a database moved without it)', async () => {
    clearEnv();
    const path = join(dir, 'moved', 'vigie.db');
    const before = await openStore({ sqlitePath: path, keyring: keyring(newKey(), [], 'the old place') });
    await before.migrate();
    await before.monitors.upsert(monitor('moved'), 1000);
    await before.close();
    const after = await openStore({ sqlitePath: path });
    const keyFile = join(dir, 'moved', 'secret.key');
    await expect(after.migrate()).rejects.toThrow(
      `To fix it, give Vigie the key file it was encrypted with: none was found at ${keyFile}, so a new key was just created there (${after.secretKey.id}). Restore the key file there, or point VIGIE_SECRET_KEY_FILE`,
    );
    await after.close();
  });

  it('gives an in-memory database a key of its own, with no file, and explains a bad VIGIE_SECRET_KEY', async () => {
    clearEnv();
    const memory = await openStore({ sqlitePath: ':memory:' });
    await memory.close();
    expect(memory.secretKey.source).toBe('a random key (in-memory database)');
    process.env.VIGIE_SECRET_KEY = 'changeme';
    await expect(openStore({ sqlitePath: ':memory:' })).rejects.toThrow(/^VIGIE_SECRET_KEY must be a 32-byte key in hex \(64 characters\) or base64 \(44 characters\), or a passphrase of at least 16 characters/);
  });
});
