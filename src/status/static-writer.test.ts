import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MANIFEST, writeStaticSite } from './static-writer.js';

const root = mkdtempSync(join(tmpdir(), 'vigie-static-writer-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function allFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? allFiles(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`])).sort();
}

describe('writeStaticSite', () => {
  it('writes the files and a manifest, leaves unchanged files untouched, and removes only the files it wrote before', async () => {
    const dir = join(root, 'site');
    const first = await writeStaticSite(dir, new Map<string, string | Buffer>([['index.html', 'one'], ['en/history/2/index.html', 'two'], ['api/v2/summary.json', '{}'], ['logo.png', Buffer.from([1, 2, 3])]]));
    expect(first).toEqual({ written: ['api/v2/summary.json', 'logo.png', 'en/history/2/index.html', 'index.html'], removed: [], unchanged: 0 });
    expect(allFiles(dir)).toEqual([MANIFEST, 'api/v2/summary.json', 'en/history/2/index.html', 'index.html', 'logo.png']);
    expect(readFileSync(join(dir, 'logo.png'))).toEqual(Buffer.from([1, 2, 3]));
    writeFileSync(join(dir, 'robots.txt'), 'mine');
    const old = new Date(Math.floor(Date.now() / 1000) * 1000 - 3_600_000);
    utimesSync(join(dir, 'api/v2/summary.json'), old, old);

    const second = await writeStaticSite(dir, new Map([['index.html', 'one, changed'], ['api/v2/summary.json', '{}']]));
    expect(second).toEqual({ written: ['index.html'], removed: ['en/history/2/index.html', 'logo.png'], unchanged: 1 });
    expect(readFileSync(join(dir, 'index.html'), 'utf8')).toBe('one, changed');
    expect(Math.round(statSync(join(dir, 'api/v2/summary.json')).mtimeMs)).toBe(old.getTime());
    // The emptied folders go; a file the export did not write stays.
    expect(existsSync(join(dir, 'en'))).toBe(false);
    expect(allFiles(dir)).toEqual([MANIFEST, 'api/v2/summary.json', 'index.html', 'robots.txt']);
    expect(JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')).files).toEqual(['api/v2/summary.json', 'index.html']);
  });

  it('refuses a path that is not a safe relative path, before writing anything', async () => {
    const dir = join(root, 'unsafe');
    for (const path of ['../escape.html', '/etc/passwd', 'a/../../b', 'a//b', './x', MANIFEST, 'a\\b']) {
      await expect(writeStaticSite(dir, new Map([['ok.html', 'x'], [path, 'x']])), path).rejects.toThrow(`cannot write "${path}" in`);
    }
    expect(existsSync(join(root, 'escape.html'))).toBe(false);
    expect(existsSync(dir)).toBe(false);
  });

  it('ignores a manifest that names paths outside the folder', async () => {
    const dir = join(root, 'hostile-manifest');
    writeFileSync(join(root, 'victim.txt'), 'keep');
    await writeStaticSite(dir, new Map([['index.html', 'x']]));
    writeFileSync(join(dir, MANIFEST), JSON.stringify({ files: ['../victim.txt', 'index.html'] }));
    await writeStaticSite(dir, new Map([['other.html', 'y']]));
    expect(readFileSync(join(root, 'victim.txt'), 'utf8')).toBe('keep');
    expect(allFiles(dir)).toEqual([MANIFEST, 'other.html']);
  });
});
