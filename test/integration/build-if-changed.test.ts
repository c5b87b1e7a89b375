/**
 * `npm start` builds only when the sources changed (scripts/build-if-changed.mjs), run here on a
 * small package whose `build` counts its runs.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('../../scripts/build-if-changed.mjs', import.meta.url));
const BUILD = `const fs = require('node:fs'); fs.mkdirSync('dist/cli', { recursive: true }); fs.writeFileSync('dist/cli/main.js', ''); fs.appendFileSync('builds', 'x');`;

describe('build-if-changed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-build-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'build.cjs'), BUILD);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'p', private: true, scripts: { build: `node build.cjs && node ${JSON.stringify(SCRIPT)} --stamp`, prestart: `node ${JSON.stringify(SCRIPT)}` } }));
  mkdirSync(join(dir, 'src', 'cli'), { recursive: true });
  writeFileSync(join(dir, 'src', 'a.ts'), 'export const a = 1;\n');
  writeFileSync(join(dir, 'src', 'cli', 'main.ts'), 'export {};\n');

  const prestart = () => {
    const run = spawnSync('npm', ['run', '-s', 'prestart'], { cwd: dir, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    return { out: run.stdout, builds: existsSync(join(dir, 'builds')) ? readFileSync(join(dir, 'builds'), 'utf8').length : 0 };
  };

  it('builds without dist/, then only when a source, a tsconfig or package.json changes', () => {
    expect(prestart()).toMatchObject({ builds: 1, out: expect.stringContaining('no build yet') });
    expect(prestart()).toMatchObject({ builds: 1, out: expect.stringContaining('dist/ is up to date') });
    writeFileSync(join(dir, 'src', 'cli', 'main.test.ts'), 'test file, not built\n');
    expect(prestart().builds).toBe(1);
    writeFileSync(join(dir, 'src', 'a.ts'), 'export const a = 2;\n');
    expect(prestart()).toMatchObject({ builds: 2, out: expect.stringContaining('sources changed') });
    rmSync(join(dir, 'src', 'a.ts'));
    expect(prestart().builds).toBe(3);
    writeFileSync(join(dir, 'tsconfig.json'), '{}');
    expect(prestart().builds).toBe(4);
    expect(prestart().builds).toBe(4);
    rmSync(join(dir, 'dist'), { recursive: true });
    expect(prestart().builds).toBe(5);
  });

  it('a build run by hand (npm run build) counts', () => {
    writeFileSync(join(dir, 'src', 'b.ts'), 'export const b = 1;\n');
    expect(spawnSync('npm', ['run', '-s', 'build'], { cwd: dir }).status).toBe(0);
    const before = readFileSync(join(dir, 'builds'), 'utf8').length;
    expect(prestart().builds).toBe(before);
  });
});
