/**
 * @module Integration: hostile config files through the command line — an alias bomb ("billion
 * laughs") and a binary file given to `vigie validate`, and an alias bomb saved over the watched
 * config of a running `vigie serve`, which refuses it and keeps running on the previous config.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/app-database.js';
import { runVigie, startVigieProcess } from '../helpers/vigie-process.js';

/** The "billion laughs": nine levels of nine aliases, 9^9 values from 342 bytes. */
const ALIAS_BOMB = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]', ...'bcdefghi'.split('').map((name, i) => {
  const previous = 'abcdefgh'[i]!;
  return `${name}: &${name} [${Array.from({ length: 9 }, () => `*${previous}`).join(', ')}]`;
})].join('\n');
const ALIASES_REFUSED = 'aliases are followed more than 10,000 times (counting aliases inside aliased values); a config file may follow at most 10,000';

describe('hostile config files', () => {
  let dir: string;
  const env = { VIGIE_DATABASE_URL: '', VIGIE_CONFIG: '' };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigie-hostile-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('vigie validate refuses an alias bomb with its position, and a binary file without echoing it', async () => {
    writeFileSync(join(dir, 'bomb.yaml'), ALIAS_BOMB);
    const bomb = await runVigie(['validate', join(dir, 'bomb.yaml')], env);
    expect(bomb.code).toBe(1);
    expect(bomb.stderr).toBe(`${join(dir, 'bomb.yaml')}:6:8: ${ALIASES_REFUSED}\n`);

    writeFileSync(join(dir, 'binary.yaml'), Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x73, 0x65, 0x63, 0x72, 0x65, 0x74, 0x00, 0xff]));
    const binary = await runVigie(['validate', join(dir, 'binary.yaml')], env);
    expect(binary.code).toBe(1);
    expect(binary.stderr).toBe(`${join(dir, 'binary.yaml')}:1:2: not a text file: it is not valid UTF-8 here; a config file is YAML text in UTF-8\n`);
  });

  it('vigie serve refuses an alias bomb saved over its config, keeps running, and takes the next valid config', async () => {
    const file = join(dir, 'vigie.yaml');
    const config = (id: string) => `server: { host: 127.0.0.1, port: 0 }\nmonitors:\n  - id: ${id}\n    interval: 1h\n    tcp: { host: 127.0.0.1, port: 9 }\n`;
    writeFileSync(file, config('before'));
    const serve = await startVigieProcess(['serve', '--config', file, '--sqlite', join(dir, 'vigie.db'), '--port', '0'], env);
    try {
      writeFileSync(file, ALIAS_BOMB);
      const refused = await waitFor('the bomb refused', () => serve.logs.find((l) => l.msg === 'configuration refused; the previous one stays in force'));
      expect(refused.error).toBe(`${file}:6:8: ${ALIASES_REFUSED}`);
      expect(serve.child.exitCode).toBeNull();

      writeFileSync(file, config('after'));
      const reloaded = await waitFor('the next config', () => serve.logs.find((l) => l.msg === 'configuration reloaded'));
      expect(reloaded).toMatchObject({ added: 1, removed: 1 });
    } finally {
      serve.child.kill('SIGTERM');
      await serve.exited;
    }
  });
});
