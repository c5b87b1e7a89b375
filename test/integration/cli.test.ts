/**
 * The `vigie` command line as a user runs it (child processes): validate, check, schema,
 * migrate, token create/list/revoke, a token created by the CLI working against `serve`, and
 * the commands finding the server's database through its configuration.
 */
import { createServer, type Server } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runVigie, startVigieProcess } from '../helpers/vigie-process.js';

describe('vigie CLI', () => {
  let dir: string;
  let server: Server;
  let port = 0;
  const env = { VIGIE_DATABASE_URL: '', VIGIE_CONFIG: '' };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigie-cli-'));
    server = createServer((req, res) => res.writeHead(req.url === '/down' ? 503 : 200, { connection: 'close' }).end('ok'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
    writeFileSync(join(dir, 'good.yaml'), `server: { host: 127.0.0.1, port: 0 }\nmonitors:\n  - id: web\n    interval: 30s\n    http: { url: "http://127.0.0.1:${port}/" }\n  - id: broken\n    interval: 30s\n    http: { url: "http://127.0.0.1:${port}/down" }\n`);
    writeFileSync(join(dir, 'bad.yaml'), 'monitors:\n  - id: web\n    intervall: 30s\n    http: { url: "nope" }\n');
  });

  afterAll(async () => {
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  it('validate: exit 0 with a summary for a valid file, 1 with every error and its position for a bad one', async () => {
    const good = await runVigie(['validate', join(dir, 'good.yaml')], env, 60_000, { cwd: dir });
    expect(good.code).toBe(0);
    expect(good.stdout).toContain('valid — 2 monitor(s) in 1 file(s)');
    const bad = await runVigie(['validate', join(dir, 'bad.yaml')], env, 60_000, { cwd: dir });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('bad.yaml:3:5 monitors[0].intervall: unknown field; did you mean "interval"?');
    expect(bad.stderr).toContain('bad.yaml:4:13 monitors[0].http.url: must be an absolute http(s) URL');
  });

  it('check: runs a configured monitor or an ad-hoc check once, exit 0 when up and 1 when down, 2 on bad input', async () => {
    const up = await runVigie(['check', 'web', '--config', join(dir, 'good.yaml')], env, 60_000, { cwd: dir });
    expect(up.code).toBe(0);
    expect(up.stdout).toMatch(/^web: UP in [\d.]+ ms — HTTP 200/);
    expect(up.stdout).toMatch(/timings: .*connect [\d.]+ ms.*total [\d.]+ ms/);
    const down = await runVigie(['check', '--type', 'http', '--url', `http://127.0.0.1:${port}/down`, '--json'], env, 60_000, { cwd: dir });
    expect(down.code).toBe(1);
    const json = JSON.parse(down.stdout) as { status: string; message: string };
    expect(json.status).toBe('down');
    expect(json.message).toContain('503');
    const bad = await runVigie(['check', '--type', 'http', '--url', 'not-a-url'], env, 60_000, { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('http.url (--url): must be an absolute http(s) URL');
    const badPort = await runVigie(['check', '--type', 'tcp', '--host', '127.0.0.1', '--port', 'eighty', '--timeout', 'soon'], env, 60_000, { cwd: dir });
    expect(badPort.code).toBe(2);
    expect(badPort.stderr).toContain('tcp.port (--port): expected a number, got "eighty"');
    expect(badPort.stderr).toContain('--timeout: "soon" is not a duration');
    const unknown = await runVigie(['check', 'nope', '--config', join(dir, 'good.yaml')], env, 60_000, { cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no monitor "nope"');
  });

  it('migrate: processes started together on a new SQLite file migrate it once, the others wait and find it up to date', async () => {
    // The first start creates the secret key file beside the databases: exactly one process says so.
    const keyNotice = `vigie: created a new secret key in ${join(dir, 'secret.key')}: it encrypts the secrets of stored monitors; back it up with the database (see docs/security.md)`;
    let notices = 0;
    for (let round = 0; round < 3; round++) {
      const db = join(dir, `together-${round}.db`);
      const runs = await Promise.all([0, 1, 2, 3].map(() => runVigie(['migrate', '--sqlite', db], env, 60_000, { cwd: dir })));
      const stderr = runs.map((r) => r.stderr.trim());
      notices += stderr.filter((text) => text === keyNotice).length;
      expect(runs.map((r, i) => `${r.code} ${stderr[i] === keyNotice ? '' : stderr[i]}`)).toEqual(['0 ', '0 ', '0 ', '0 ']);
      expect(runs.filter((r) => r.stdout.startsWith('applied: 0001-initial'))).toHaveLength(1);
      expect(runs.filter((r) => r.stdout === 'database is up to date\n')).toHaveLength(3);
    }
    expect(notices).toBe(1);
  });

  it('schema: prints a JSON Schema that describes the monitors', async () => {
    const out = await runVigie(['schema'], env, 60_000, { cwd: dir });
    expect(out.code).toBe(0);
    const schema = JSON.parse(out.stdout) as { properties: Record<string, unknown> };
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['server', 'storage', 'scheduler', 'monitors']));
  });

  it('migrate and token: a token created by the CLI is accepted by a running server, and refused once revoked', async () => {
    const db = join(dir, 'cli.db');
    const migrated = await runVigie(['migrate', '--sqlite', db], env, 60_000, { cwd: dir });
    expect(migrated.code).toBe(0);
    expect(migrated.stdout).toMatch(/^applied: 0001-initial/);
    expect((await runVigie(['migrate', '--sqlite', db], env, 60_000, { cwd: dir })).stdout).toBe('database is up to date\n');
    const created = await runVigie(['token', 'create', '--name', 'ci', '--role', 'viewer', '--sqlite', db], env, 60_000, { cwd: dir });
    expect(created.code).toBe(0);
    const secret = created.stdout.trim();
    expect(secret).toMatch(/^vigie_[A-Za-z0-9]{32}$/);
    const listed = await runVigie(['token', 'list', '--sqlite', db], env, 60_000, { cwd: dir });
    expect(listed.stdout).toMatch(/ ci {2}viewer {2}active /);
    expect(listed.stdout).not.toContain(secret);
    const tokenId = listed.stdout.split(/\s+/)[0]!;
    const duplicate = await runVigie(['token', 'create', '--name', 'ci', '--role', 'admin', '--sqlite', db], env, 60_000, { cwd: dir });
    expect(duplicate.code).toBe(1);
    expect(duplicate.stdout).toBe('');
    expect(duplicate.stderr).toContain(`a token named "ci" already exists (id ${tokenId}, viewer`);
    const spare = await runVigie(['token', 'create', '--name', 'spare', '--sqlite', db], env, 60_000, { cwd: dir });
    expect(spare.code).toBe(0);
    const revokedByName = await runVigie(['token', 'revoke', 'spare', '--sqlite', db], env, 60_000, { cwd: dir });
    expect(revokedByName.code).toBe(0);
    expect(revokedByName.stderr).toMatch(/^token "spare" \(viewer, id [0-9a-f-]{36}\) revoked/);
    const unknown = await runVigie(['token', 'revoke', 'spare', '--sqlite', db], env, 60_000, { cwd: dir });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('live token with id or name "spare" not found');

    const serve = await startVigieProcess(['serve', '--config', join(dir, 'good.yaml'), '--sqlite', db, '--port', '0', '--no-watch'], env, 60_000, { cwd: dir });
    try {
      const ok = await fetch(`${serve.url}/api/v1/monitors`, { headers: { authorization: `Bearer ${secret}` } });
      expect(ok.status).toBe(200);
      expect(((await ok.json()) as { total: number }).total).toBe(2);
      expect((await runVigie(['token', 'revoke', tokenId, '--sqlite', db], env, 60_000, { cwd: dir })).code).toBe(0);
      const refused = await fetch(`${serve.url}/api/v1/monitors`, { headers: { authorization: `Bearer ${secret}` } });
      expect(refused.status).toBe(401);
    } finally {
      serve.child.kill('SIGTERM');
      expect((await serve.exited).code).toBe(0);
    }
  });

  it("token create finds the server's database through --config from any working directory, and creates none where it runs", async () => {
    const elsewhere = join(dir, 'var', 'lib', 'vigie');
    const etc = join(dir, 'etc');
    const somewhere = join(dir, 'home');
    mkdirSync(etc, { recursive: true });
    mkdirSync(somewhere, { recursive: true });
    const configPath = join(etc, 'vigie.yaml');
    writeFileSync(configPath, `server: { host: 127.0.0.1, port: 0 }\nstorage: { sqlite_path: ${join(elsewhere, 'vigie.db')} }\nmonitors: []\n`);
    const serve = await startVigieProcess(['serve', '--config', configPath, '--no-watch'], env, 120_000, { cwd: etc });
    try {
      const created = await runVigie(['token', 'create', '--name', 'ops', '--config', configPath], env, 60_000, { cwd: somewhere });
      expect(`${created.code} ${created.stderr}`).toMatch(/^0 token "ops" \(viewer, id [0-9a-f-]{36}\) created/);
      const ok = await fetch(`${serve.url}/api/v1/monitors`, { headers: { authorization: `Bearer ${created.stdout.trim()}` } });
      expect(ok.status).toBe(200);
      // VIGIE_CONFIG says the same as --config.
      const listed = await runVigie(['token', 'list'], { ...env, VIGIE_CONFIG: configPath }, 60_000, { cwd: somewhere });
      expect(listed.stdout).toMatch(/ ops {2}viewer {2}active /);
      expect(existsSync(join(somewhere, 'data'))).toBe(false);
      expect(existsSync(join(etc, 'data'))).toBe(false);
    } finally {
      serve.child.kill('SIGTERM');
      expect((await serve.exited).code).toBe(0);
    }
  });

  it('a command that opens the database without a configuration or a database says so, and creates nothing', async () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty, { recursive: true });
    for (const args of [['token', 'create', '--name', 'x'], ['token', 'list'], ['migrate'], ['incident', 'export', '1']]) {
      const run = await runVigie(args, env, 60_000, { cwd: empty });
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toContain('vigie: no configuration found to tell where the database is: give the server\'s configuration with --config <path>');
      expect(run.stderr).toContain(`Looked for ./vigie.yaml and ./vigie.d/ in ${empty}`);
    }
    const missing = await runVigie(['token', 'list', '--config', join(empty, 'nope.yaml')], env, 60_000, { cwd: empty });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`${join(empty, 'nope.yaml')}: cannot read the config: no such file or directory`);
    expect(existsSync(join(empty, 'data'))).toBe(false);
  });
});
