#!/usr/bin/env node
// Builds dist/ (`npm run build`) only when what the build reads changed since the last build:
// the files under src/ and console/ (the web console's sources; tests aside), the tsconfig
// files, package.json and package-lock.json.
// Their contents are hashed and the hash kept in dist/.build-stamp after a successful build, so
// `npm start` on unchanged sources starts at once. No dist/ (a fresh clone): it builds.
// Usage: node scripts/build-if-changed.mjs           (run by `npm start` through `prestart`)
//        node scripts/build-if-changed.mjs --stamp   (run by `npm run build` once tsc succeeded)
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

// npm runs scripts in the package's folder.
const root = process.cwd();
const stampFile = join(root, 'dist', '.build-stamp');
const entry = join(root, 'dist', 'cli', 'main.js');
// Folders whose files the build reads (console/ is absent in some checkouts and test packages).
const SOURCE_DIRS = ['src', 'console'];
// The console's page, when the console is part of this checkout: a build without it is not complete.
const consoleIndex = existsSync(join(root, 'console')) ? join(root, 'dist', 'console', 'app', 'index.html') : undefined;
const INPUTS = ['tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json'];

/** Every file under `dir`, tests aside, sorted so the hash does not depend on the file system's order. */
function sources(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && !e.name.endsWith('.test.ts'))
    .map((e) => join(e.parentPath ?? e.path, e.name))
    .sort();
}

function fingerprint() {
  const hash = createHash('sha256');
  const dirs = SOURCE_DIRS.map((d) => join(root, d)).filter((d) => existsSync(d));
  const files = [...dirs.flatMap(sources), ...INPUTS.map((f) => join(root, f)).filter((f) => existsSync(f))];
  for (const file of files) {
    hash.update(`${relative(root, file)}\0`);
    hash.update(readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

const current = fingerprint();
if (process.argv.includes('--stamp')) {
  writeFileSync(stampFile, `${current}\n`);
  process.exit(0);
}
const previous = existsSync(stampFile) ? readFileSync(stampFile, 'utf8').trim() : '';
if (current === previous && existsSync(entry) && (consoleIndex === undefined || existsSync(consoleIndex))) {
  console.log('vigie: dist/ is up to date with its sources, not rebuilding (npm run build forces a build)');
  process.exit(0);
}
console.log(existsSync(entry) ? 'vigie: sources changed since the last build, building dist/…' : 'vigie: no build yet, building dist/…');
const npm = process.env.npm_execpath;
const build = npm
  ? spawnSync(process.execPath, [npm, 'run', '-s', 'build'], { cwd: root, stdio: 'inherit' })
  : spawnSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
// `npm run build` writes the stamp itself, so that a build run by hand counts too.
process.exit(build.status ?? 1);
