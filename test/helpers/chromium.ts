/**
 * @module The system Chromium for browser tests, driven by playwright-core: found like every other
 * binary a test needs (a loud skip without it, a failure under `VIGIE_TEST_REQUIRE_ALL=1`), and
 * launched headless in a throw-away profile with everything that would reach the network off.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { requireBinary } from './require-binary.js';

/** The Chromium executable, or `undefined` after a loud skip. */
export function requireChromium(suite: string): string | undefined {
  return requireBinary({ name: 'chromium', suite, install: 'apt-get install chromium' });
}

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A running browser context; `close()` also removes its profile folder. */
export interface ChromiumSession {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Launches Chromium with its own profile; `options` are Playwright's context options (`javaScriptEnabled`, `bypassCSP`…). */
export async function launchChromium(executablePath: string, options: Parameters<typeof chromium.launchPersistentContext>[1] = {}): Promise<ChromiumSession> {
  const profile = mkdtempSync(join(tmpdir(), 'vigie-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { ...options, executablePath, args: ARGS });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
