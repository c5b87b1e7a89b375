/**
 * The console built once for the browser tests: Vite builds console/ into a folder of the system's
 * temporary directory named after a hash of the console's sources (and the Vite config), so the
 * test files of one run — and later runs with the same sources — share one build. Two workers
 * asking at once: the first takes a lock (an atomic mkdir) and builds, the other waits for it.
 * Tests must not write into the folder they get.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const ROOT = fileURLToPath(new URL('../../console/', import.meta.url));
const VITE_CONFIG = join(ROOT, 'vite.config.ts');
const LOCK_STALE_MS = 5 * 60_000;

function sourcesHash(): string {
  // Salted with the build's flavour: a folder left by an older helper that built differently is not reused.
  const hash = createHash('sha256').update('production\0');
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (name === 'node_modules' || name === 'dist') continue;
      if (statSync(path).isDirectory()) walk(path);
      else hash.update(path.slice(ROOT.length)).update('\0').update(readFileSync(path)).update('\0');
    }
  };
  walk(ROOT);
  return hash.digest('hex').slice(0, 16);
}

/**
 * Builds as `npm run build` does. Vitest sets NODE_ENV=test, and Vite (with the React plugin)
 * takes NODE_ENV as it finds it: the tests would get React's development build, several times
 * slower than what users run, and the figures measured on it would be wrong.
 */
async function productionBuild(outDir: string): Promise<void> {
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: VITE_CONFIG, mode: 'production', logLevel: 'silent', build: { outDir, emptyOutDir: true } });
  } finally {
    process.env.NODE_ENV = previous;
  }
}

/** The folder of a console build made from the current sources (built now unless one exists). */
export async function builtConsole(): Promise<string> {
  const base = join(tmpdir(), `vigie-console-test-${sourcesHash()}`);
  const done = join(base, 'index.html');
  const lock = `${base}.lock`;
  for (;;) {
    if (existsSync(done)) return base;
    try {
      mkdirSync(lock);
    } catch {
      // Another worker builds: wait, unless its lock is stale (a killed run).
      const held = statSync(lock, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > LOCK_STALE_MS) rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 250));
      continue;
    }
    try {
      if (existsSync(done)) return base;
      const staging = `${base}.${process.pid}`;
      rmSync(staging, { recursive: true, force: true });
      await productionBuild(staging);
      writeFileSync(join(staging, '.built'), new Date().toISOString());
      rmSync(base, { recursive: true, force: true });
      renameSync(staging, base);
      return base;
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}
