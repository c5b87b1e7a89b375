/**
 * Runs once before the suite: clears the list of loud skips that test helpers append to
 * (`test/.skipped`), which `scripts/test.mjs` prints at the end.
 */
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  rmSync(fileURLToPath(new URL('./.skipped', import.meta.url)), { force: true });
}
