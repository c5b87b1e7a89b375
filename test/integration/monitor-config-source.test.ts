/**
 * `GET /api/v1/monitors/:id` says where a file monitor is written (`configSource`: the file
 * relative to the config folder and the line of its entry, or of the `domains` entry that makes
 * it), follows a reload that moves it, and gives none for a monitor created through the API. A
 * monitor with `locations` shows what each location sees (`locations`), from a real probe of a
 * loopback server (`local`) and a result posted for `paris`.
 */
import { createServer, type Server } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../src/app.js';
import { generateToken, hashToken } from '../../src/api/tokens.js';
import { appDatabase, waitFor, type AppDatabase } from '../helpers/app-database.js';

const base = `server: { host: 127.0.0.1, port: 0 }
monitors:
  - id: lyon-hb
    heartbeat: { token: lyon-token-0123456789abcdef, period: 1h, grace: 1h, reboot_loop: false }
`;

const more = (port: number, padding = '') => `${padding}monitors:
  - id: site
    name: Web site
    interval: 30s
    confirmations: { down: 1, up: 1 }
    locations: [local, paris]
    http: { url: "http://127.0.0.1:${port}/health" }
domains:
  - ge.ch
`;

describe('config source and location states of monitors in the API', () => {
  let server: Server;
  let port = 0;
  let db: AppDatabase;
  let app: App;
  let dir: string;
  const editor = generateToken();

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${app.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${editor}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };

  beforeAll(async () => {
    server = createServer((_req, res) => res.writeHead(200, { connection: 'close' }).end('ok'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
    db = appDatabase('sqlite');
    dir = join(db.dir, 'config');
    mkdirSync(dir);
    writeFileSync(join(dir, '10-base.yaml'), base);
    writeFileSync(join(dir, '20-more.yaml'), more(port));
    app = await startApp({ ...db.appOptions(dir), watch: false });
    await app.store.tokens.create({ id: 'source-editor', name: 'editor', role: 'editor', tokenHash: hashToken(editor) }, Date.now());
  });

  afterAll(async () => {
    await app?.close();
    await new Promise((r) => server?.close(r));
    await db?.cleanup();
  });

  it('names the file and line of each file monitor, and of a monitor made by a domains entry', async () => {
    expect((await call('GET', '/api/v1/monitors/lyon-hb')).body.configSource).toEqual({ file: '10-base.yaml', line: 3 });
    expect((await call('GET', '/api/v1/monitors/site')).body.configSource).toEqual({ file: '20-more.yaml', line: 2 });
    expect((await call('GET', '/api/v1/monitors/domain-ge-ch')).body.configSource).toEqual({ file: '20-more.yaml', line: 9 });
    expect((await call('GET', '/api/v1/monitors/delegation-ge-ch')).body.configSource).toEqual({ file: '20-more.yaml', line: 9 });
  });

  it('follows a reload that moves a monitor to other lines', async () => {
    writeFileSync(join(dir, '20-more.yaml'), more(port, '# Web front ends\n\n'));
    await app.reload();
    expect((await call('GET', '/api/v1/monitors/site')).body.configSource).toEqual({ file: '20-more.yaml', line: 4 });
    expect((await call('GET', '/api/v1/monitors/domain-ge-ch')).body.configSource).toEqual({ file: '20-more.yaml', line: 11 });
  });

  it('gives no config source for a monitor created through the API, nor locations for a single-location one', async () => {
    const created = await call('POST', '/api/v1/monitors', { id: 'api-made', heartbeat: { token: 'api-made-token-0123456789abcdef', period: '1h', grace: '1h' } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const read = await call('GET', '/api/v1/monitors/api-made');
    expect(read.body.source).toBe('api');
    expect(read.body).not.toHaveProperty('configSource');
    expect(read.body).not.toHaveProperty('locations');
    expect((await call('GET', '/api/v1/monitors/lyon-hb')).body).not.toHaveProperty('locations');
  });

  it('shows what each declared location sees', async () => {
    await waitFor('site seen up from local', () => app.engine.stateOf('site')?.state === 'up');
    const posted = await call('POST', '/api/v1/monitors/site/results', { location: 'paris', status: 'down', message: 'connection refused (paris)', latency_ms: 12 });
    expect(posted.status, JSON.stringify(posted.body)).toBe(200);
    const read = await call('GET', '/api/v1/monitors/site');
    expect(read.body.locations).toHaveLength(2);
    const [local, paris] = read.body.locations as Array<Record<string, any>>;
    expect(local).toMatchObject({ name: 'local', state: 'up', silent: false, lastResult: { status: 'up' } });
    expect(paris).toMatchObject({ name: 'paris', state: 'down', silent: false, lastResult: { status: 'down', message: 'connection refused (paris)', latencyMs: 12 } });
    expect(Date.parse(String(paris?.since))).toBeGreaterThan(0);
  });
});
