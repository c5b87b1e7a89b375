/**
 * `vigie agent` (a child process, from the sources through tsx) against a running Vigie: one
 * push with this machine's boot id and uptime, a refused token, and a clean stop on SIGTERM.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import { appDatabase, waitFor, type AppDatabase } from '../helpers/app-database.js';

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const TOKEN = randomBytes(16).toString('hex');
const BOOT_ID_FILE = '/proc/sys/kernel/random/boot_id';

function agent(args: string[], token: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'agent', ...args], {
    env: { ...process.env, VIGIE_PUSH_TOKEN: token },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const deadline = setTimeout(() => child.kill('SIGKILL'), 90_000);
  void exited.then(() => clearTimeout(deadline));
  return { child, exited, stderr: () => stderr };
}

describe('vigie agent', () => {
  let db: AppDatabase;
  let app: App;

  beforeAll(async () => {
    db = appDatabase('sqlite');
    const configPath = join(db.dir, 'vigie.yaml');
    writeFileSync(configPath, `server: { host: 127.0.0.1, port: 0 }\nmonitors:\n  - id: server-1\n    interval: 1s\n    confirmations: { down: 1, up: 1 }\n    heartbeat: { token: ${TOKEN}, period: 1m }\n`);
    app = await startApp({ configPath, sqlitePath: db.sqlitePath, logger: createLogger('silent'), engine: { jitter: false }, watch: false });
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await db?.cleanup();
  });

  it('--once pushes one heartbeat with the boot id and uptime of this machine, and exits 0', async () => {
    const run = agent(['--url', app.url, '--once'], TOKEN);
    const { code } = await run.exited;
    expect(code, run.stderr()).toBe(0);
    const stored = await app.store.passive.lastHeartbeat('server-1');
    expect(stored).toMatchObject({ status: 'up' });
    if (existsSync(BOOT_ID_FILE)) {
      expect(stored!.bootId).toBe(readFileSync(BOOT_ID_FILE, 'utf8').trim());
      expect(stored!.uptimeS).toBeGreaterThan(0);
    }
    await waitFor('server-1 up', () => app.engine.stateOf('server-1')?.state === 'up', 20_000);
  }, 120_000);

  it('exits 1 without retrying when the token is refused', async () => {
    const run = agent(['--url', app.url, '--once'], randomBytes(16).toString('hex'));
    const { code } = await run.exited;
    expect(code).toBe(1);
    expect(run.stderr()).toContain('heartbeat refused (HTTP 404');
  }, 120_000);

  it('keeps pushing every --every and stops cleanly on SIGTERM', async () => {
    const before = (await app.store.passive.lastHeartbeat('server-1'))!.at;
    const run = agent(['--url', app.url, '--every', '1s'], TOKEN);
    const seen = new Set<number>();
    await waitFor('two more heartbeats', async () => {
      const last = await app.store.passive.lastHeartbeat('server-1');
      if (last && last.at > before) seen.add(last.at);
      return seen.size >= 2;
    }, 60_000);
    run.child.kill('SIGTERM');
    const { code, signal } = await run.exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
  }, 120_000);

  it('retries while the server is unreachable, then gives up with --once after --retry-for', async () => {
    const run = agent(['--url', 'http://127.0.0.1:9', '--once', '--retry-for', '3s'], TOKEN);
    const { code } = await run.exited;
    expect(code).toBe(1);
    expect(run.stderr()).toMatch(/retrying in 1 s[\s\S]*heartbeat not delivered/);
  }, 120_000);
});
