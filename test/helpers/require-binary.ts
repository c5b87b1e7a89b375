/**
 * @module Finds a system binary a test needs (sipp, slapd…). When it is missing the tests are
 * skipped loudly — a warning plus a line in `test/.skipped` — unless `VIGIE_TEST_REQUIRE_ALL=1`,
 * which makes the suite fail instead.
 */
import { accessSync, appendFileSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SKIPPED_FILE = fileURLToPath(new URL('../.skipped', import.meta.url));

/** Where binaries are looked for: `PATH` plus the sbin folders daemons live in (slapd is in /usr/sbin). */
function searchPath(): string[] {
  const path = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  return [...path, '/usr/local/sbin', '/usr/sbin', '/sbin'];
}

/** The absolute path of an executable named `name`, or `undefined`. */
export function findBinary(name: string): string | undefined {
  for (const dir of searchPath()) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export interface BinaryNeed {
  /** The executable, e.g. `sipp`. */
  name: string;
  /** What is skipped without it, e.g. `sip tests`. */
  suite: string;
  /** How to install it, e.g. `apt-get install sip-tester`. */
  install: string;
}

/**
 * The binary's path, or `undefined` after a loud skip when it is missing. Throws instead when
 * `VIGIE_TEST_REQUIRE_ALL=1`.
 */
export function requireBinary(need: BinaryNeed): string | undefined {
  const found = findBinary(need.name);
  if (found) return found;
  const line = `SKIPPED ${need.suite}: ${need.name} not found — install with: ${need.install}`;
  if (process.env.VIGIE_TEST_REQUIRE_ALL === '1') throw new Error(`${line}. VIGIE_TEST_REQUIRE_ALL=1 requires every component to run.`);
  console.warn(line);
  appendFileSync(SKIPPED_FILE, `${line}\n`);
  return undefined;
}
