/**
 * The console's live feed losing its connection and catching up, in a real browser (the system
 * Chromium through playwright-core): the browser reaches a whole Vigie (SQLite) through a loopback
 * TCP proxy that the test cuts (every connection reset, new ones refused) and restores on the same
 * port. On /monitors:
 * - cut: the banner says the connection is lost (in English, then in French on the second cut);
 * - while cut, a monitor goes down (a result posted for its only location, straight to Vigie);
 *   the page still shows it up;
 * - restored: the banner goes, and the monitor shows down without
 *   a reload (the same document) — first with no event id received before the cut (the console
 *   reads the monitors again), then after a live transition (the server replays from its id).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../src/app.js';
import { generateToken, hashToken } from '../../src/api/tokens.js';
import { appDatabase, waitFor, type AppDatabase } from '../helpers/app-database.js';
import { builtConsole } from '../helpers/console-build.js';
import { requireChromium, type ChromiumSession } from '../helpers/chromium.js';
import { choose, clean, openConsolePage, ready, setupAdmin, signIn } from '../helpers/console-session.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';

const chromiumPath = requireChromium('console live browser tests');
const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/console/', import.meta.url));
const ADMIN = { username: 'alice', displayName: 'Alice Martin', password: 'night-shift-2026!' };

/** `remote` is judged from `paris` only: its state follows the results posted for it. */
const CONFIG = `server: { host: 127.0.0.1, port: 0 }
monitors:
  - id: remote
    name: Remote site
    interval: 1h
    confirmations: { down: 1, up: 1 }
    locations: [paris]
    http: { url: "http://127.0.0.1:9/health" }
`;

const TEXTS = {
  en: { title: 'Monitors', lost: 'Connection lost — reconnecting…', up: 'Up', down: 'Down' },
  fr: { title: 'Sondes', lost: 'Connexion perdue — reconnexion…', up: 'En service', down: 'En panne' },
} as const;

describe.skipIf(!chromiumPath)('console live feed lost and caught up in Chromium (SQLite, behind a TCP proxy)', () => {
  let db: AppDatabase;
  let app: App;
  let proxy: TcpProxy;
  let base = '';
  let session: ChromiumSession;
  let page: Page;
  const editor = generateToken();
  const browserProblems: string[] = [];

  /** Posts a result for `remote` from paris, straight to Vigie (not through the proxy). */
  const report = async (status: 'up' | 'down') => {
    const res = await fetch(`${app.url}/api/v1/monitors/remote/results`, {
      method: 'POST',
      headers: { authorization: `Bearer ${editor}`, 'content-type': 'application/json' },
      body: JSON.stringify({ location: 'paris', status, message: status === 'up' ? 'HTTP 200' : 'connection refused', latency_ms: 20 }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    await waitFor(`remote ${status}`, () => app.engine.stateOf('remote')?.state === status, 30_000);
  };

  const badge = () => page.getByRole('row').filter({ hasText: 'Remote site' }).locator('.badge');
  const banner = (text: string) => page.locator('.live-region').getByText(text, { exact: true });
  const marker = () => page.evaluate(() => (globalThis as unknown as { vigieMarker?: string }).vigieMarker);

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    process.env['VIGIE_CONSOLE_DIR'] = await builtConsole();
    db = appDatabase('sqlite');
    const configPath = join(db.dir, 'vigie.yaml');
    writeFileSync(configPath, CONFIG);
    app = await startApp({ ...db.appOptions(configPath), watch: false });
    await app.store.tokens.create({ id: 'live-editor', name: 'probe', role: 'editor', tokenHash: hashToken(editor) }, Date.now());
    await setupAdmin(app, ADMIN);
    const port = Number(new URL(app.url).port);
    proxy = await startTcpProxy('127.0.0.1', port);
    base = `http://127.0.0.1:${proxy.port}`;

    ({ session, page } = await openConsolePage(chromiumPath!, browserProblems));
  }, 600_000);

  afterAll(async () => {
    await session?.close();
    await proxy?.close();
    await app?.close();
    delete process.env['VIGIE_CONSOLE_DIR'];
    await db?.cleanup();
  });

  it('signs in through the proxy and shows the monitor up', async () => {
    await report('up');
    await page.goto(`${base}/login`);
    await ready(page, 'Sign in');
    await signIn(page, ADMIN.username, ADMIN.password);
    await page.waitForURL((url) => url.pathname === '/');
    await page.goto(`${base}/monitors`);
    await ready(page, TEXTS.en.title);
    await expect.poll(async () => clean(await badge().textContent())).toBe(TEXTS.en.up);
    await page.evaluate(() => ((globalThis as unknown as { vigieMarker?: string }).vigieMarker = 'same document'));
  });

  it('says the connection is lost, and shows a monitor that went down meanwhile once it is back (no event id seen before)', async () => {
    await proxy.cut();
    await banner(TEXTS.en.lost).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'live-lost-en.png'), fullPage: true });
    await report('down');
    // Nothing reaches the page while cut.
    expect(clean(await badge().textContent())).toBe(TEXTS.en.up);

    await proxy.restore();
    await expect.poll(async () => clean(await badge().textContent()), { timeout: 60_000 }).toBe(TEXTS.en.down);
    await expect.poll(() => banner(TEXTS.en.lost).count(), { timeout: 60_000 }).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'live-restored-en.png'), fullPage: true });
    expect(await marker()).toBe('same document');
  });

  it('in French, catches up from the last event id after a live transition', async () => {
    await choose(page, 'fr', 'dark');
    await page.reload();
    await ready(page, TEXTS.fr.title);
    await page.evaluate(() => ((globalThis as unknown as { vigieMarker?: string }).vigieMarker = 'same document'));
    // A transition seen live: the page now has an event id to resume from.
    await report('up');
    await expect.poll(async () => clean(await badge().textContent())).toBe(TEXTS.fr.up);

    await proxy.cut();
    await banner(TEXTS.fr.lost).waitFor();
    await report('down');
    expect(clean(await badge().textContent())).toBe(TEXTS.fr.up);
    await page.screenshot({ path: join(ARTIFACTS, 'live-lost-fr.png'), fullPage: true });

    await proxy.restore();
    await expect.poll(async () => clean(await badge().textContent()), { timeout: 60_000 }).toBe(TEXTS.fr.down);
    await expect.poll(() => banner(TEXTS.fr.lost).count(), { timeout: 60_000 }).toBe(0);
    expect(await marker()).toBe('same document');
    expect(browserProblems).toEqual([]);
  });
});
