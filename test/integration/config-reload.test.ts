/** @module Integration: the config watcher on real files (in-place writes, atomic renames, directories). */
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { mkdtemp, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { watchConfig, type ConfigWatch } from '../../src/config/config-watcher.js';
import { ConfigError } from '../../src/config/config-error.js';
import type { VigieConfig } from '../../src/config/config.schema.js';

type Event = { kind: 'change'; config: VigieConfig } | { kind: 'error'; error: unknown };

/** Collects watcher callbacks in order and hands them out one at a time, with a deadline. */
function recorder() {
  const queue: Event[] = [];
  const waiters: ((event: Event) => void)[] = [];
  const push = (event: Event) => {
    const waiter = waiters.shift();
    if (waiter) waiter(event);
    else queue.push(event);
  };
  return {
    onChange: (config: VigieConfig) => push({ kind: 'change', config }),
    onError: (error: unknown) => push({ kind: 'error', error }),
    next(timeoutMs = 15_000): Promise<Event> {
      const ready = queue.shift();
      if (ready) return Promise.resolve(ready);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no reload seen within the deadline')), timeoutMs);
        waiters.push((event) => {
          clearTimeout(timer);
          resolve(event);
        });
      });
    },
  };
}

const config = (id: string, url: string, interval = '30s') =>
  `monitors:\n  - id: ${id}\n    interval: ${interval}\n    http:\n      url: ${url}\n`;

async function nextChange(events: ReturnType<typeof recorder>): Promise<VigieConfig> {
  const event = await events.next();
  if (event.kind === 'error') throw event.error;
  return event.config;
}

describe('watchConfig on a real file', () => {
  let dir: string;
  let watch: ConfigWatch | undefined;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigie-reload-'));
  });
  afterEach(async () => {
    watch?.close();
    watch = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it('reloads a valid change, refuses an invalid one, then accepts the fix', async () => {
    const file = join(dir, 'vigie.yaml');
    await writeFile(file, config('api', 'https://api.example.test/health'));
    const events = recorder();
    watch = watchConfig(file, { ...events, env: {} });

    await writeFile(file, config('api', 'https://api.example.test/health', '45s'));
    const changed = await nextChange(events);
    expect(changed.monitors.map((m) => [m.id, m.interval])).toEqual([['api', 45_000]]);

    await writeFile(file, config('api', 'not-a-url', '45s'));
    const refused = await events.next();
    expect(refused.kind).toBe('error');
    const error = (refused as { error: unknown }).error;
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe(`${file}:5:7 monitors[0].http.url: must be an absolute http(s) URL`);

    await writeFile(file, config('api', 'https://api.example.test/v2/health', '45s'));
    // the next callback is the fix: nothing was accepted from the invalid file in between
    const fixed = await nextChange(events);
    expect((fixed.monitors[0] as { http?: { url: string } }).http?.url).toBe('https://api.example.test/v2/health');
  });

  it('refuses an alias bomb saved over the config, with its position, and accepts the next valid file', async () => {
    const file = join(dir, 'vigie.yaml');
    await writeFile(file, config('api', 'https://api.example.test/health'));
    const events = recorder();
    watch = watchConfig(file, { ...events, env: {} });

    // The "billion laughs": nine levels of nine aliases, 9^9 values from 342 bytes.
    const levels = 'abcdefghi'.split('');
    const bomb = levels.map((name, i) => `${name}: &${name} [${Array(9).fill(i === 0 ? 'lol' : `*${levels[i - 1]}`).join(', ')}]`).join('\n');
    await writeFile(file, bomb);
    const refused = await events.next();
    expect(refused.kind).toBe('error');
    const error = (refused as { error: unknown }).error;
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe(
      `${file}:6:8: aliases are followed more than 10,000 times (counting aliases inside aliased values); a config file may follow at most 10,000`,
    );

    await writeFile(file, config('api', 'https://api.example.test/v2/health'));
    const fixed = await nextChange(events);
    expect((fixed.monitors[0] as { http?: { url: string } }).http?.url).toBe('https://api.example.test/v2/health');
  });

  it('sees an editor-style save: write a temporary file, then rename it over the config', async () => {
    const file = join(dir, 'vigie.yaml');
    await writeFile(file, config('api', 'https://api.example.test/'));
    const events = recorder();
    watch = watchConfig(file, { ...events, env: {} });

    for (const [round, id] of ['first', 'second'].entries()) {
      const temp = join(dir, `.vigie.yaml.${round}.swp`);
      await writeFile(temp, config(id, 'https://api.example.test/'));
      await rename(temp, file);
      const changed = await nextChange(events);
      expect(changed.monitors.map((m) => m.id)).toEqual([id]);
    }
  });

  it('watches a directory: files added, changed and removed', async () => {
    await writeFile(join(dir, '10-base.yaml'), 'server:\n  port: 4000\n');
    const events = recorder();
    watch = watchConfig(dir, { ...events, env: { API_HOST: 'api.example.test' } });

    await writeFile(join(dir, '20-api.yaml'), config('api', 'https://${API_HOST}/'));
    const added = await nextChange(events);
    expect(added.server.port).toBe(4000);
    expect(added.monitors.map((m) => m.id)).toEqual(['api']);

    await writeFile(join(dir, '30-web.yml'), config('web', 'https://web.example.test/'));
    expect((await nextChange(events)).monitors.map((m) => m.id)).toEqual(['api', 'web']);

    await unlink(join(dir, '20-api.yaml'));
    expect((await nextChange(events)).monitors.map((m) => m.id)).toEqual(['web']);
  });
});
