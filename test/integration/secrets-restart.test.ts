/**
 * Secrets at rest end to end: an API monitor's Authorization header is stored encrypted, and
 * after a restart the monitor still sends it to the server it checks (a loopback HTTP server).
 * The key file is created beside the SQLite file on first start and found again at the next one.
 * Push tokens are stored hashed, and pushes with the clear token still reach their monitor.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp } from '../../src/app.js';
import { generateToken, hashToken } from '../../src/api/tokens.js';
import { DIALECTS, dialectAvailable } from '../helpers/databases.js';
import { appDatabase, waitFor, type AppDatabase } from '../helpers/app-database.js';

for (const dialect of DIALECTS) {
  describe.skipIf(!(await dialectAvailable(dialect, 'secrets restart test')))(`secrets across a restart (${dialect})`, () => {
    let server: Server;
    let db: AppDatabase;
    let configPath: string;
    const received: Array<string | undefined> = [];
    const secret = generateToken();

    beforeAll(async () => {
      server = createServer((req, res) => {
        received.push(req.headers.authorization);
        res.end('ok');
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      db = appDatabase(dialect);
      configPath = join(db.dir, 'vigie.yaml');
      writeFileSync(configPath, 'server: { host: 127.0.0.1, port: 0 }\n');
    });
    afterAll(async () => {
      await new Promise((r) => server.close(r));
      await db.cleanup();
    });

    it('stores the header encrypted and still sends it after a restart', async () => {
      const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
      const first = await startApp({ ...db.appOptions(configPath), watch: false });
      expect(statSync(join(db.dir, 'secret.key')).mode & 0o777).toBe(0o600);
      await first.store.tokens.create({ id: 'ed', name: 'editor', role: 'editor', tokenHash: hashToken(secret) }, Date.now());
      const headers = { authorization: `Bearer ${secret}`, 'content-type': 'application/json' };
      const body = { id: 'guarded', interval: '1h', http: { url: `${origin}/health`, headers: { Authorization: 'Bearer s3cret-at-rest' } } };
      const created = await fetch(`${first.url}/api/v1/monitors`, { method: 'POST', headers, body: JSON.stringify(body) });
      expect(created.status).toBe(201);
      await first.close();

      const second = await startApp({ ...db.appOptions(configPath), watch: false });
      try {
        const row = await second.store.db.selectFrom('monitors').select('definition').where('id', '=', 'guarded').executeTakeFirstOrThrow();
        expect(row.definition).not.toContain('s3cret-at-rest');
        expect(row.definition).toContain(`"Authorization":"enc:v1:${second.store.secretKey.id}:`);
        received.length = 0;
        const run = await fetch(`${second.url}/api/v1/monitors/guarded/run`, { method: 'POST', headers: { authorization: `Bearer ${secret}` } });
        expect(run.status).toBe(200);
        expect(((await run.json()) as { status: string }).status).toBe('up');
        expect(received).toContain('Bearer s3cret-at-rest');
      } finally {
        await second.close();
      }
    });

    it('accepts pushes after a restart with push tokens stored hashed, and a config file may give the hash only', async () => {
      const fileToken = randomBytes(16).toString('hex');
      const apiToken = randomBytes(16).toString('hex');
      const hashed = `sha256:${createHash('sha256').update(fileToken).digest('hex')}`;
      const beatsConfig = join(db.dir, 'beats.yaml');
      writeFileSync(beatsConfig, `server: { host: 127.0.0.1, port: 0 }\nmonitors:\n  - id: file-beat\n    interval: 1s\n    confirmations: { up: 1 }\n    heartbeat: { token: "${hashed}", period: 1m }\n`);
      const first = await startApp({ ...db.appOptions(beatsConfig), watch: false });
      const body = { id: 'api-beat', interval: '1s', confirmations: { up: 1 }, heartbeat: { token: apiToken, period: '1m' } };
      const created = await fetch(`${first.url}/api/v1/monitors`, { method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(created.status).toBe(201);
      await first.close();

      const second = await startApp({ ...db.appOptions(beatsConfig), watch: false });
      try {
        const rows = await second.store.db.selectFrom('monitors').select('definition').where('id', 'in', ['file-beat', 'api-beat']).execute();
        expect(rows).toHaveLength(2);
        for (const row of rows) expect(row.definition).not.toMatch(new RegExp(`${fileToken}|${apiToken}`));
        for (const token of [fileToken, apiToken]) expect((await fetch(`${second.url}/api/v1/push/${token}`)).status).toBe(200);
        expect((await fetch(`${second.url}/api/v1/push/${hashed}`)).status).toBe(404);
        await waitFor('both heartbeat monitors up', () => second.engine.stateOf('file-beat')?.state === 'up' && second.engine.stateOf('api-beat')?.state === 'up', 20_000);
      } finally {
        await second.close();
      }
    });
  });
}
