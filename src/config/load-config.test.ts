/** @module Tests of loading config files: every malformed case names file:line:col and path. */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './load-config.js';
import { ConfigError } from './config-error.js';
import { CHECK_TYPE_NAMES } from '../checks/registry.js';

let root: string;
let count = 0;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'vigie-config-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Writes `files` into a fresh directory and returns its path. */
async function writeDir(files: Record<string, string>): Promise<string> {
  const dir = join(root, `case-${++count}`);
  await mkdir(dir);
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

/** Loads `path` and returns the error message, with the temporary directory removed from file names. */
async function errorOf(path: string, env: Record<string, string> = {}): Promise<string> {
  try {
    await loadConfig(path, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message.replaceAll(`${path}/`, '').replaceAll(path, 'vigie.yaml');
  }
  throw new Error('expected the config to be refused');
}

async function errorOfText(text: string, env: Record<string, string> = {}): Promise<string> {
  const dir = await writeDir({ 'vigie.yaml': text });
  return errorOf(join(dir, 'vigie.yaml'), env);
}

const monitor = (lines: string) => `monitors:\n  - id: api\n${lines}`;

describe('loadConfig refuses malformed files with file:line:col and path', () => {
  it('bad URL in a check block', async () => {
    expect(await errorOfText(monitor('    http:\n      url: localhost/health\n'))).toBe(
      'vigie.yaml:4:7 monitors[0].http.url: must be an absolute http(s) URL',
    );
  });

  it('unknown top-level key, with a suggestion', async () => {
    expect(await errorOfText('server:\n  port: 3000\nschedular:\n  concurrency: 10\n')).toBe(
      'vigie.yaml:3:1 schedular: unknown field; did you mean "scheduler"?',
    );
  });

  it('unknown monitor-level key, with a suggestion', async () => {
    expect(await errorOfText(monitor('    intervall: 30s\n    http:\n      url: https://api.example.test/health\n'))).toBe(
      'vigie.yaml:3:5 monitors[0].intervall: unknown field; did you mean "interval"?',
    );
  });

  it('unknown key inside a check block, with a suggestion', async () => {
    expect(await errorOfText(monitor('    http:\n      url: https://api.example.test/health\n      urll: https://x.test\n'))).toBe(
      'vigie.yaml:5:7 monitors[0].http.urll: unknown field; did you mean "url"?',
    );
  });

  it('misspelt check block, suggesting the check type', async () => {
    expect(await errorOfText(monitor('    htp:\n      url: https://api.example.test/health\n'))).toBe(
      [
        `vigie.yaml:2:5 monitors[0]: needs exactly one check block: one of ${CHECK_TYPE_NAMES.join(', ')}`,
        'vigie.yaml:3:5 monitors[0].htp: unknown field; did you mean "http"?',
      ].join('\n'),
    );
  });

  it('unknown key far from every field lists the valid ones', async () => {
    expect(await errorOfText('log:\n  colour_scheme: dark\n')).toBe('vigie.yaml:2:3 log.colour_scheme: unknown field; expected one of: level');
  });

  it('wrong type', async () => {
    expect(await errorOfText('server:\n  port: abc\n')).toBe('vigie.yaml:2:3 server.port: expected a number, got "abc"');
  });

  it('bad duration', async () => {
    expect(await errorOfText(monitor('    interval: 5 minutes\n    http:\n      url: https://api.example.test/\n'))).toBe(
      'vigie.yaml:3:5 monitors[0].interval: must be a duration such as 500ms, 30s, 5m, 1h or 1d',
    );
  });

  it('interval below the minimum', async () => {
    expect(await errorOfText(monitor('    interval: 0.5s\n    timeout: 100ms\n    http:\n      url: https://api.example.test/\n'))).toBe(
      'vigie.yaml:3:5 monitors[0].interval: must be between 1s and 1d',
    );
  });

  it('interval above the maximum', async () => {
    expect(await errorOfText(monitor('    interval: 25h\n    http:\n      url: https://api.example.test/\n'))).toBe(
      'vigie.yaml:3:5 monitors[0].interval: must be between 1s and 1d',
    );
  });

  it('timeout longer than the interval', async () => {
    expect(await errorOfText(monitor('    interval: 10s\n    timeout: 20s\n    http:\n      url: https://api.example.test/\n'))).toBe(
      'vigie.yaml:4:5 monitors[0].timeout: must not be longer than the interval',
    );
  });

  it('duplicate monitor id, naming both places', async () => {
    const text = 'monitors:\n  - id: api\n    http: { url: "https://a.example.test/" }\n  - id: api\n    tcp: { host: a.example.test, port: 443 }\n';
    expect(await errorOfText(text)).toBe('vigie.yaml:4:5 monitors[1].id: duplicate monitor id "api"; it is already used at vigie.yaml:2:5 (monitors[0])');
  });

  it('monitor without a check block', async () => {
    expect(await errorOfText(monitor('    interval: 30s\n'))).toBe(`vigie.yaml:2:5 monitors[0]: needs exactly one check block: one of ${CHECK_TYPE_NAMES.join(', ')}`);
  });

  it('monitor with two check blocks', async () => {
    expect(await errorOfText(monitor('    http:\n      url: https://api.example.test/\n    tcp:\n      host: api.example.test\n      port: 443\n'))).toBe(
      'vigie.yaml:5:5 monitors[0].tcp: has several check blocks (http, tcp); a monitor has exactly one',
    );
  });

  it('YAML syntax error', async () => {
    expect(await errorOfText('log:\n\tlevel: info\n')).toBe('vigie.yaml:2:1: YAML syntax error: tabs are not allowed as indentation');
    expect(await errorOfText('monitors:\n  - id: a\n   http: {}\n')).toBe('vigie.yaml:3:1: YAML syntax error: sequence item without - indicator');
    expect(await errorOfText('server:\n  port: 3000\n   host: x\n')).toBe('vigie.yaml:2:9: YAML syntax error: nested mappings are not allowed in compact mappings');
  });

  it('duplicate YAML key', async () => {
    expect(await errorOfText('server:\n  port: 3000\n  port: 3001\n')).toBe('vigie.yaml:3:3 server.port: duplicate key; it is already set on line 2');
  });

  it('unset environment variable', async () => {
    expect(await errorOfText(monitor('    http:\n      url: https://${API_HOST}/health\n'))).toBe(
      'vigie.yaml:4:12 monitors[0].http.url: environment variable API_HOST is not set; set it, or give a default with ${API_HOST:-value}',
    );
  });

  it('issues found while reading a later file of a directory get their merged path', async () => {
    const dir = await writeDir({
      'a.yaml': 'monitors:\n  - id: web\n    http: { url: "https://web.example.test/" }\n',
      'b.yaml': 'monitors:\n  - id: api\n    http:\n      url: ${API_URL}\n    interval: 1m\n    interval: 2m\n',
    });
    expect(await errorOf(dir)).toBe(
      [
        'b.yaml:4:12 monitors[1].http.url: environment variable API_URL is not set; set it, or give a default with ${API_URL:-value}',
        'b.yaml:6:5 monitors[1].interval: duplicate key; it is already set on line 5',
      ].join('\n'),
    );
  });

  it('invalid id pattern', async () => {
    expect(await errorOfText('monitors:\n  - id: My API\n    http: { url: "https://a.example.test/" }\n')).toBe(
      'vigie.yaml:2:5 monitors[0].id: must be 1-100 characters of a-z, 0-9, ".", "_" or "-", starting with a letter or digit',
    );
  });

  it('enum value, with a suggestion', async () => {
    expect(await errorOfText('log:\n  level: warning\n')).toBe(
      'vigie.yaml:2:3 log.level: must be one of "trace", "debug", "info", "warn", "error", "fatal", "silent"; got "warning"; did you mean "warn"?',
    );
  });

  it('conflicting scalar across two files of a directory', async () => {
    const dir = await writeDir({ '10-server.yaml': 'server:\n  port: 3000\n', '20-override.yml': 'log:\n  level: debug\nserver:\n  port: 4000\n' });
    expect(await errorOf(dir)).toBe('20-override.yml:4:3 server.port: set to 4000 here but to 3000 in 10-server.yaml:2:3; set it in one file only');
  });

  it('reports every issue of every file, in file and line order', async () => {
    const dir = await writeDir({
      'a.yaml': 'monitors:\n  - id: web\n    http: { url: "ftp://x.test" }\n',
      'b.yaml': 'server:\n  port: -1\nmonitors:\n  - id: web\n    tcp: { host: x.test, port: 22 }\n',
    });
    expect(await errorOf(dir)).toBe(
      [
        'a.yaml:3:13 monitors[0].http.url: must be an absolute http(s) URL',
        'b.yaml:2:3 server.port: must be at least 0',
        'b.yaml:4:5 monitors[1].id: duplicate monitor id "web"; it is already used at a.yaml:2:5 (monitors[0])',
      ].join('\n'),
    );
  });

  it('a PostgreSQL URL from the environment is validated too', async () => {
    const dir = await writeDir({ 'vigie.yaml': '' });
    expect(await errorOf(join(dir, 'vigie.yaml'), { VIGIE_DATABASE_URL: 'mysql://db' })).toBe(
      'VIGIE_DATABASE_URL (environment) storage.url: must be a PostgreSQL URL such as postgres://user:password@host:5432/vigie',
    );
  });

  it('a missing path or an empty directory', async () => {
    expect(await errorOf(join(root, 'nope.yaml'))).toBe('vigie.yaml: cannot read the config: no such file or directory');
    expect(await errorOf(await writeDir({ 'notes.txt': 'x' }))).toBe('vigie.yaml: the directory has no *.yaml or *.yml file');
  });
});

describe('loadConfig refuses files that are not config text', () => {
  it('a binary file: says it is not text, with its name, and echoes nothing of it', async () => {
    const dir = await writeDir({});
    const file = join(dir, 'vigie.yaml');
    const secret = 'do-not-echo';
    await writeFile(file, Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00]), Buffer.from(`monitors: ${secret}`)]));
    const message = await errorOf(file);
    expect(message).toBe('vigie.yaml:1:7: not a text file: it contains NUL bytes; a config file is YAML text in UTF-8');
    expect(message).not.toContain(secret);
  });

  it('a file that is not UTF-8 (Latin-1)', async () => {
    const dir = await writeDir({});
    const file = join(dir, 'vigie.yaml');
    await writeFile(file, Buffer.from('server:\n  host: r\xe9seau\n', 'latin1'));
    expect(await errorOf(file)).toBe('vigie.yaml:2:10: not a text file: it is not valid UTF-8 here; a config file is YAML text in UTF-8');
  });

  it('a file over 4 MiB, refused by its size before it is read', async () => {
    const dir = await writeDir({ '10-ok.yaml': 'server: {}\n' });
    await writeFile(join(dir, '20-huge.yaml'), `# ${'x'.repeat(5 * 1024 * 1024)}\n`);
    expect(await errorOf(dir)).toBe('20-huge.yaml: the file is too large (5.0 MiB); a config file may be at most 4 MiB (split it into several files in a config directory)');
  });

  it('a device or a pipe that never ends is read no further than 4 MiB', async () => {
    await expect(loadConfig('/dev/zero', {})).rejects.toThrow(
      '/dev/zero: the file is too large (more than 4 MiB); a config file may be at most 4 MiB (split it into several files in a config directory)',
    );
  });
});

describe('loadConfig accepts valid configs', () => {
  it('an empty file gives every default', async () => {
    const dir = await writeDir({ 'vigie.yaml': '' });
    const { config, files } = await loadConfig(join(dir, 'vigie.yaml'), {});
    expect(files).toEqual([join(dir, 'vigie.yaml')]);
    expect(config).toEqual({
      server: { host: '127.0.0.1', port: 3000 },
      api: { monitor_targets: { deny: [], allow: [] } },
      storage: { sqlite_path: './data/vigie.db', retention: { raw: 14 * 86_400_000, rollups: 400 * 86_400_000 } },
      scheduler: { concurrency: 200, per_host: 20, jitter: true, batch: { size: 500, interval: 1000 } },
      log: { level: 'info' },
      monitors: [],
      domains: [],
      services: [],
      maintenance: [],
      incidents: expect.any(Object), // defaults checked in services.test.ts
      people: [],
      teams: [],
      schedules: [],
      channels: [],
      escalation_policies: [],
      notifications: { routes: [], language: 'en', admins: [], ack_link_ttl: 86_400_000 },
      stakeholders: [],
      crisis: { cells: [], rules: [], obligations: [], templates: {}, reminders: [0.5, 0.9], time_zone: 'Europe/Paris' },
      status_pages: [],
      changes: { correlation: { window: 86_400_000, likely_within: 7_200_000 }, record_check_changes: true, freezes: [] },
    });
  });

  it('expands variables, $$ and defaults, and keeps unquoted numbers numeric', async () => {
    const text = [
      'server:',
      '  port: ${PORT}',
      '  public_url: ${PUBLIC_URL:-https://status.example.test}',
      'monitors:',
      '  - id: api',
      '    description: costs $$5 per ${UNIT:-month}',
      '    http:',
      '      url: https://${API_HOST}/health',
      '      headers:',
      '        Authorization: Bearer ${TOKEN}',
    ].join('\n');
    const dir = await writeDir({ 'vigie.yaml': text });
    const env = { PORT: '8080', API_HOST: 'api.example.test', TOKEN: 's3cr$t' };
    const { config } = await loadConfig(join(dir, 'vigie.yaml'), env);
    expect(config.server).toEqual({ host: '127.0.0.1', port: 8080, public_url: 'https://status.example.test' });
    const api = config.monitors[0] as Record<string, any>;
    expect(api['description']).toBe('costs $5 per month');
    expect(api['http'].url).toBe('https://api.example.test/health');
    expect(api['http'].headers).toEqual({ Authorization: 'Bearer s3cr$t' });
  });

  it('merges a directory: maps deep-merged, monitors concatenated in file-name order', async () => {
    const dir = await writeDir({
      '20-monitors.yml': 'monitors:\n  - id: b\n    tcp: { host: b.example.test, port: 22 }\n',
      '10-base.yaml': 'server:\n  port: 4000\nscheduler:\n  batch:\n    size: 50\nmonitors:\n  - id: a\n    interval: 30s\n    http: { url: "https://a.example.test/" }\n',
      '30-more.yaml': 'scheduler:\n  concurrency: 10\nserver:\n  port: 4000\n',
      'README.md': 'ignored',
    });
    const { config, files } = await loadConfig(dir, {});
    expect(files).toEqual(['10-base.yaml', '20-monitors.yml', '30-more.yaml'].map((f) => join(dir, f)));
    expect(config.server.port).toBe(4000);
    expect(config.scheduler).toEqual({ concurrency: 10, per_host: 20, jitter: true, batch: { size: 50, interval: 1000 } });
    expect(config.monitors.map((m) => [m.id, m.interval])).toEqual([
      ['a', 30_000],
      ['b', 60_000],
    ]);
  });

  it('takes the database URL from VIGIE_DATABASE_URL over storage.url', async () => {
    const dir = await writeDir({ 'vigie.yaml': 'storage:\n  url: postgres://file@db.example.test/vigie\n  retention:\n    raw: 2d\n' });
    const file = join(dir, 'vigie.yaml');
    expect((await loadConfig(file, {})).config.storage.url).toBe('postgres://file@db.example.test/vigie');
    const { config } = await loadConfig(file, { VIGIE_DATABASE_URL: 'postgresql://env@db.example.test/vigie' });
    expect(config.storage).toEqual({
      sqlite_path: './data/vigie.db',
      url: 'postgresql://env@db.example.test/vigie',
      retention: { raw: 2 * 86_400_000, rollups: 400 * 86_400_000 },
    });
  });
});
