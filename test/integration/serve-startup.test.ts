/**
 * How `vigie serve` starts, as a user runs it (child processes): one server per database (a
 * second one on the same SQLite file or PostgreSQL schema is refused, a server killed with
 * SIGKILL does not block the next), the CLI beside a running server, a taken port refused
 * before any check runs, and the log format.
 */
import { createServer, type Server } from 'node:net';
import { hostname } from 'node:os';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startApp } from '../../src/app.js';
import { appDatabase, type AppDatabase } from '../helpers/app-database.js';
import { DIALECTS, dialectAvailable } from '../helpers/databases.js';
import { runVigie, startVigieProcess, type VigieProcess } from '../helpers/vigie-process.js';

const CONFIG = 'server: { host: 127.0.0.1, port: 0 }\nmonitors: []\n';

for (const dialect of DIALECTS) {
  describe.skipIf(!(await dialectAvailable(dialect, 'serve start-up tests')))(`vigie serve start-up (${dialect})`, () => {
    let db: AppDatabase;
    let configPath: string;
    const running: VigieProcess[] = [];
    const serveArgs = () => ['serve', '--config', configPath, '--no-watch', ...(dialect === 'sqlite' ? ['--sqlite', db.sqlitePath] : [])];
    const dbArgs = () => (dialect === 'sqlite' ? ['--sqlite', db.sqlitePath] : []);
    const start = async () => {
      const server = await startVigieProcess(serveArgs(), db.env);
      running.push(server);
      return server;
    };

    beforeAll(() => {
      db = appDatabase(dialect);
      configPath = join(db.dir, 'vigie.yaml');
      writeFileSync(configPath, CONFIG);
    });
    afterEach(async () => {
      for (const server of running.splice(0)) {
        if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
        await server.exited;
      }
    });
    afterAll(() => db.cleanup());

    it('refuses a second server on the same database, naming the database and the holder, while the CLI still works beside the first', async () => {
      const first = await start();
      const second = await runVigie(serveArgs(), db.env, 60_000, { cwd: db.dir });
      expect(second.code).toBe(2);
      expect(second.stderr).toContain('vigie: Another Vigie server is already running on the');
      if (dialect === 'sqlite') expect(second.stderr).toContain(`SQLite database ${db.sqlitePath} (process ${first.child.pid} on host ${hostname()}`);
      else expect(second.stderr).toMatch(new RegExp(`PostgreSQL schema "${db.pgSchema}" at .*\\(vigie serve, pid ${first.child.pid} on ${hostname()}`));
      expect(second.stderr).toContain('would run every check twice');
      expect(second.stdout).not.toContain('engine started');

      // Only the server takes the lock: migrate, token and incident export work beside it.
      const migrate = await runVigie(['migrate', ...dbArgs()], db.env, 60_000, { cwd: db.dir });
      expect(migrate.stdout).toBe('database is up to date\n');
      const token = await runVigie(['token', 'create', '--name', 'beside', ...dbArgs()], db.env, 60_000, { cwd: db.dir });
      expect(token.code).toBe(0);
      const ok = await fetch(`${first.url}/api/v1/monitors`, { headers: { authorization: `Bearer ${token.stdout.trim()}` } });
      expect(ok.status).toBe(200);
      const incident = await runVigie(['incident', 'export', '1', ...dbArgs()], db.env, 60_000, { cwd: db.dir });
      expect(`${incident.code} ${incident.stderr}`).toBe('1 no incident with id 1\n');

      // The first server is untouched, and a clean stop frees the database at once.
      expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
      first.child.kill('SIGTERM');
      expect((await first.exited).code).toBe(0);
      const next = await start();
      expect((await fetch(`${next.url}/healthz`)).status).toBe(200);
    });

    it('closes what it opened when the port is taken: the database is free for the next start in the same process', async () => {
      const taken = createServer();
      await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
      const port = (taken.address() as { port: number }).port;
      try {
        await expect(startApp({ ...db.appOptions(configPath), host: '127.0.0.1', port, watch: false })).rejects.toThrow(`Cannot listen on 127.0.0.1:${port}: the port is already in use`);
      } finally {
        await new Promise((resolve) => taken.close(resolve));
      }
      const app = await startApp({ ...db.appOptions(configPath), host: '127.0.0.1', port: 0, watch: false });
      await expect(startApp({ ...db.appOptions(configPath), host: '127.0.0.1', port: 0, watch: false })).rejects.toThrow('Another Vigie server is already running');
      await app.close();
      await (await startApp({ ...db.appOptions(configPath), host: '127.0.0.1', port: 0, watch: false })).close();
    });

    it('starts again at once after the server holding the database was killed with SIGKILL', async () => {
      const first = await start();
      first.child.kill('SIGKILL');
      expect((await first.exited).signal).toBe('SIGKILL');
      const second = await start();
      expect((await fetch(`${second.url}/healthz`)).status).toBe(200);
      expect(second.logs.some((l) => l.msg === 'engine started')).toBe(true);
    });
  });
}

describe('vigie serve on a port already in use', () => {
  let db: AppDatabase;
  let taken: Server;
  let port: number;

  beforeAll(async () => {
    db = appDatabase('sqlite');
    taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    port = (taken.address() as { port: number }).port;
    writeFileSync(join(db.dir, 'vigie.yaml'), `server: { host: 127.0.0.1, port: ${port} }\nmonitors:\n  - id: web\n    interval: 1s\n    tcp: { host: 127.0.0.1, port: ${port} }\n`);
  });
  afterAll(async () => {
    await new Promise((resolve) => taken.close(resolve));
    await db.cleanup();
  });

  it('exits 2 with a message naming the address, before the engine starts, and frees the database', async () => {
    const run = await runVigie(['serve', '--config', join(db.dir, 'vigie.yaml'), '--sqlite', db.sqlitePath, '--no-watch'], { ...db.env, VIGIE_LOG_LEVEL: 'info' }, 60_000, { cwd: db.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`vigie: Cannot listen on 127.0.0.1:${port}: the port is already in use by another process`);
    expect(run.stderr).toContain(`server.port in ${join(db.dir, 'vigie.yaml')}`);
    expect(run.stdout).not.toContain('engine started');
    expect(run.stdout).toContain('opened SQLite store');
    // Nothing was left holding the database: a server on a free port starts on it.
    const next = await startVigieProcess(['serve', '--config', join(db.dir, 'vigie.yaml'), '--sqlite', db.sqlitePath, '--port', '0', '--no-watch'], db.env, 60_000, { cwd: db.dir });
    next.child.kill('SIGTERM');
    expect((await next.exited).code).toBe(0);
  });
});

describe('vigie serve log format', () => {
  let db: AppDatabase;
  beforeAll(() => {
    db = appDatabase('sqlite');
    writeFileSync(join(db.dir, 'vigie.yaml'), CONFIG);
  });
  afterAll(() => db.cleanup());

  const serve = (env: Record<string, string>) =>
    startVigieProcess(['serve', '--config', join(db.dir, 'vigie.yaml'), '--sqlite', db.sqlitePath, '--no-watch'], { ...db.env, ...env }, 60_000, { cwd: db.dir });

  it('writes JSON lines when stdout is a pipe', async () => {
    const server = await serve({ VIGIE_LOG_FORMAT: '' });
    server.child.kill('SIGTERM');
    await server.exited;
    expect(server.lines.length).toBeGreaterThan(2);
    for (const line of server.lines) expect(() => JSON.parse(line), line).not.toThrow();
    expect(server.logs.map((l) => l.msg)).toEqual(expect.arrayContaining(['opened SQLite store', 'engine started']));
  });

  it('writes readable lines when VIGIE_LOG_FORMAT=pretty, even on a pipe', async () => {
    const server = await serve({ VIGIE_LOG_FORMAT: 'pretty', NO_COLOR: '1' });
    server.child.kill('SIGTERM');
    await server.exited;
    expect(server.logs).toEqual([]);
    expect(server.lines.join('\n')).toMatch(/^\[[\d-]+ [\d:.]+\] INFO: engine started\n {4}monitors: 0$/m);
    expect(server.lines.join('\n')).toMatch(/INFO: Vigie is listening on http:\/\/127\.0\.0\.1:\d+/);
  });
});
