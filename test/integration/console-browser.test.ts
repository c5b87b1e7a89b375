/**
 * The web console in a real browser (the system Chromium through playwright-core) against a whole
 * Vigie on SQLite (one dialect is enough here: the API is tested on both elsewhere), with the
 * console built once by Vite into a temporary folder (`VIGIE_CONSOLE_DIR`). One browser profile
 * goes through what an operator does, in order:
 * - the console's document under the strict CSP, with no inline script (and no CSP violation
 *   reported by the browser all along);
 * - first run: `/` leads to `/setup`; the setup link creates the administrator and signs in; log
 *   out, sign in again with the password;
 * - TOTP enrolled through the API with the session; signing in then asks for the code, refuses a
 *   wrong one and accepts the right one (made by otplib from the secret);
 * - the overview shows a service with its redundancy, and the incident of a heartbeat monitor
 *   that stops pushing appears live (the SSE feed, with the session cookie), without a reload;
 * - the monitors page with 10,000 monitors: time to interactive and time for a search and a
 *   state filter to apply are measured in the page (printed, kept in test-artifacts/console/figures.txt, appended to docs/benchmarks.md with VIGIE_RECORD_BENCH=1,
 *   never asserted); count, search, state filter, sort by id and a bulk pause of two rows;
 * - the French switch, kept after a reload;
 * - axe-core on /setup, /login, / and /monitors in both languages and both themes: no serious or
 *   critical violation; every page photographed into `test-artifacts/console/`.
 */
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from 'otplib';
import type { Page, Request, Response } from 'playwright-core';
import { builtConsole } from '../helpers/console-build.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { machine } from '../../bench/report.js';
import { startApp, type App } from '../../src/app.js';
import { CONSOLE_CSP } from '../../src/console/console.routes.js';
import { openStore } from '../../src/storage/open-store.js';
import { appDatabase, waitFor, type AppDatabase } from '../helpers/app-database.js';
import { launchChromium, requireChromium, type ChromiumSession } from '../helpers/chromium.js';

const chromiumPath = requireChromium('console browser tests');
const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/console/', import.meta.url));
const BENCHMARKS = fileURLToPath(new URL('../../docs/benchmarks.md', import.meta.url));
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const TOTAL = 10_000;
/** The heartbeat monitors of the config file (the service's members); the rest are seeded in the store. */
const FILE_MONITORS = ['hb-1', 'hb-2', 'hb-3'] as const;
const SEEDED = TOTAL - FILE_MONITORS.length;
/** Seeded monitors that run (heartbeats expecting a push every hour: pending all along); the others are paused. */
const runs = (i: number): boolean => i % 500 === 7;
const PENDING = Array.from({ length: SEEDED }, (_, i) => i + 1).filter(runs).length;
const seededId = (i: number): string => `mon-${String(i).padStart(5, '0')}`;

const ADMIN = { username: 'alice', displayName: 'Alice Martin', password: 'night-shift-2026!' };
const LANGS = ['en', 'fr'] as const;
const THEMES = ['light', 'dark'] as const;
type Lang = (typeof LANGS)[number];
type Theme = (typeof THEMES)[number];

/** The page titles (`<h1>`) the tests wait for, per language. */
const TITLES = {
  setup: { en: 'Create the administrator', fr: 'Créer l’administrateur' },
  login: { en: 'Sign in', fr: 'Connexion' },
  overview: { en: 'Overview', fr: 'Vue d’ensemble' },
  monitors: { en: 'Monitors', fr: 'Sondes' },
} as const;

/**
 * The browser globals the functions evaluated in the page use (this project compiles without the
 * DOM library); written `(globalThis as unknown as PageGlobals)` inside each function, which must
 * be self-contained to be sent to the page.
 */
interface PageGlobals {
  document: {
    documentElement: PageElement;
    createElement(tag: 'img'): PageElement & { src: string };
    getElementById(id: string): PageElement | null;
    querySelector(selector: string): PageElement | null;
    querySelectorAll(selector: string): ArrayLike<PageElement>;
  };
  performance: { now(): number; getEntriesByType(type: 'resource'): Array<{ name: string; responseEnd: number }> };
  localStorage: { setItem(key: string, value: string): void };
  MutationObserver: new (callback: () => void) => { observe(target: PageElement, options: object): void; disconnect(): void };
  axe: { run(context: unknown, options: object): Promise<{ violations: AxeViolation[] }> };
  vigieBench?: { start?: number; end?: number };
  vigieMarker?: string;
}

interface PageElement {
  textContent: string | null;
  disabled?: boolean;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
  addEventListener(type: string, listener: () => void, options?: object): void;
  appendChild(child: PageElement): void;
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

function config(tokens: Record<(typeof FILE_MONITORS)[number], string>): string {
  // hb-1 is pushed every 2 s until the overview test stops it; hb-2 and hb-3 are pushed once and
  // expect the next push within the hour.
  const monitor = (id: (typeof FILE_MONITORS)[number], name: string, period: string, grace: string) => `  - id: ${id}
    name: ${name}
    tags: [calls]
    interval: 1s
    confirmations: { down: 1, up: 1 }
    heartbeat: { token: ${tokens[id]}, period: ${period}, grace: ${grace}, reboot_loop: false }
`;
  return `server: { host: 127.0.0.1, port: 0 }
monitors:
${monitor('hb-1', 'Call server Lyon', '5s', '10s')}${monitor('hb-2', 'Call server Paris', '1h', '1h')}${monitor('hb-3', 'Call server Rennes', '1h', '1h')}services:
  - id: calls
    name: { en: Call servers, fr: Serveurs d’appel }
    criticality: vital
    redundancy: { members: [hb-1, hb-2, hb-3], min_healthy: 3, member_label: { en: call servers, fr: serveurs d’appel } }
`;
}

/** Writes the 9,997 other monitors straight into the store before Vigie starts (so the engine knows them, and runs none but 20 idle heartbeats). */
async function seedMonitors(db: AppDatabase): Promise<void> {
  const store = await openStore({ sqlitePath: db.sqlitePath });
  try {
    await store.migrate();
    const now = Date.now();
    for (let i = 1; i <= SEEDED; i++) {
      const id = seededId(i);
      const name = `Server ${i}`;
      const tags = [`site-${i % 10}`];
      const running = runs(i);
      const input = running
        ? { id, name, tags, interval: '1h', heartbeat: { token: `seeded-${i}-${randomBytes(12).toString('hex')}`, period: '1h' } }
        : { id, name, tags, interval: '1h', paused: true, http: { url: 'http://127.0.0.1:9/' } };
      await store.monitors.upsert({ id, name, type: running ? 'heartbeat' : 'http', source: 'api', input, tags, paused: !running }, now);
    }
  } finally {
    await store.close();
  }
}

/** Pushes heartbeats while `active` says so (hb-2 and hb-3 only once). */
class Pusher {
  private timer: ReturnType<typeof setInterval> | undefined;
  readonly refused: string[] = [];
  pushing = true;

  constructor(
    private readonly url: string,
    private readonly tokens: Record<(typeof FILE_MONITORS)[number], string>,
  ) {}

  async start(): Promise<void> {
    await Promise.all(FILE_MONITORS.map((id) => this.push(id)));
    this.timer = setInterval(() => {
      if (this.pushing) void this.push('hb-1');
    }, 2000);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private async push(id: (typeof FILE_MONITORS)[number]): Promise<void> {
    try {
      const res = await fetch(`${this.url}/api/v1/push/${this.tokens[id]}`, { method: 'POST' });
      if (res.status !== 200) this.refused.push(`${id}: ${res.status} ${await res.text()}`);
    } catch (err) {
      this.refused.push(`${id}: ${String(err)}`);
    }
  }
}

/** Element text normalised: collapsed white space, the narrow/regular no-break spaces as spaces. */
function clean(text: string | null): string {
  return (text ?? '').replace(/[\s\u00a0\u202f]+/g, ' ').trim();
}

async function textOf(page: Page, selector: string): Promise<string> {
  return clean(await page.locator(selector).first().textContent());
}

/** Waits until the page shows `title` as its heading and nothing is loading any more. */
async function ready(page: Page, title: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: title, exact: true }).waitFor({ timeout: 60_000 });
  await expect.poll(() => page.locator('.loading').count(), { timeout: 60_000 }).toBe(0);
}

/** The ids of the rows in the monitor grid, top first. */
async function rowIds(page: Page): Promise<string[]> {
  return (await page.locator('.grid-body [role="row"] .cell-id').allTextContents()).map(clean);
}

/** The count line above the grid ("20 of 10,000 monitors"). */
async function countLine(page: Page): Promise<string> {
  return textOf(page, '.list-bar [role="status"]');
}

/** Serious and critical WCAG 2.1 A/AA (and best-practice) violations of the page as it is. */
async function audit(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern (no bypass needed).
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const browser = globalThis as unknown as PageGlobals;
    const result = await browser.axe.run(browser.document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }, resultTypes: ['violations'] });
    return result.violations;
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)).join(', ')}`);
}

/** Sets the language and theme this browser keeps, before the next load. */
async function choose(page: Page, lang: Lang, theme: Theme): Promise<void> {
  await page.evaluate(
    ([l, t]) => {
      const browser = globalThis as unknown as PageGlobals;
      browser.localStorage.setItem('vigie.lang', l);
      browser.localStorage.setItem('vigie.theme', t);
    },
    [lang, theme] as const,
  );
  await page.emulateMedia({ colorScheme: theme });
}

/**
 * Opens `path` in each language and theme, audits it and photographs it; answers the violations
 * found, prefixed with where. `check` waits for what the page must show.
 */
async function auditEverywhere(page: Page, path: string, name: keyof typeof TITLES, check?: (lang: Lang) => Promise<void>): Promise<string[]> {
  const found: string[] = [];
  for (const lang of LANGS) {
    for (const theme of THEMES) {
      await choose(page, lang, theme);
      await page.goto(path);
      await ready(page, TITLES[name][lang]);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      expect(await page.getAttribute('html', 'data-theme')).toBe(theme);
      await check?.(lang);
      found.push(...(await audit(page)).map((v) => `${path} ${lang} ${theme}: ${v}`));
      await page.screenshot({ path: join(ARTIFACTS, `${name}-${lang}-${theme}.png`), fullPage: true });
    }
  }
  await choose(page, 'en', 'light');
  return found;
}

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.waitForURL((url) => url.pathname === '/login');
  await ready(page, TITLES.login.en);
}

/** How long a load of the monitors page took: to interactive, and until the last page of `GET /api/v1/monitors` was in. */
interface LoadTiming {
  interactive: number;
  api: number;
}

/**
 * Milliseconds from the navigation to `path` until the monitor grid shows rows and the search box
 * can be typed in, as the page's own clock (`performance.now()`, zero at navigation) says; and
 * when the last page of monitors had arrived (resource timing), to tell fetching from rendering.
 */
async function timeToInteractive(page: Page, path: string): Promise<LoadTiming> {
  await page.goto(path, { waitUntil: 'commit' });
  const handle = await page.waitForFunction(
    () => {
      const browser = globalThis as unknown as PageGlobals;
      const search = browser.document.getElementById('page-search');
      const row = browser.document.querySelector('.grid-body [role="row"] .cell-id');
      return search && !search.disabled && row ? browser.performance.now() : false;
    },
    undefined,
    { polling: 'raf', timeout: 120_000 },
  );
  const interactive = (await handle.jsonValue()) as number;
  const api = await page.evaluate(() => {
    const browser = globalThis as unknown as PageGlobals;
    const pages = browser.performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/v1/monitors?'));
    return Math.max(0, ...pages.map((e) => e.responseEnd));
  });
  return { interactive, api };
}

/** What the grid must show for a filter to count as applied: this many rows, all with this id or state. */
interface GridExpectation {
  rows: number;
  id?: string;
  state?: string;
}

/**
 * Milliseconds from the `event` that `act` causes on `eventTarget` until the grid shows what
 * `expected` says, measured in the page (a mutation observer on the grid, started by the event).
 */
async function timeToApply(page: Page, eventTarget: string, event: 'input' | 'change', act: () => Promise<unknown>, expected: GridExpectation): Promise<number> {
  await page.evaluate(
    ([selector, type, want]) => {
      const browser = globalThis as unknown as PageGlobals;
      const bench: { start?: number; end?: number } = {};
      browser.vigieBench = bench;
      const body = browser.document.querySelector('.grid-body')!;
      const shown = () => {
        const rows = Array.from(body.querySelectorAll('[role="row"]'));
        return (
          rows.length === want.rows &&
          rows.every((row) => (want.id === undefined || row.querySelector('.cell-id')?.textContent === want.id) && (want.state === undefined || row.querySelector('.cell-state .badge')?.textContent === want.state))
        );
      };
      const observer = new browser.MutationObserver(() => {
        if (bench.end === undefined && shown()) {
          bench.end = browser.performance.now();
          observer.disconnect();
        }
      });
      browser.document.querySelector(selector)!.addEventListener(
        type,
        () => {
          bench.start ??= browser.performance.now();
          observer.observe(body, { childList: true, subtree: true, characterData: true });
        },
        { once: true, capture: true },
      );
    },
    [eventTarget, event, expected] as const,
  );
  await act();
  const handle = await page.waitForFunction(
    () => {
      const bench = (globalThis as unknown as PageGlobals).vigieBench;
      return bench?.end !== undefined && bench.start !== undefined ? bench.end - bench.start : false;
    },
    undefined,
    { timeout: 60_000 },
  );
  return (await handle.jsonValue()) as number;
}

/**
 * Keeps the figures of a run in test-artifacts/console/figures.txt; with VIGIE_RECORD_BENCH=1 also
 * appends one dated line under the "Console" heading of docs/benchmarks.md (made when missing) — a
 * plain `npm test` never changes a tracked file.
 */
function recordBenchmark(line: string): void {
  const entryLine = `- ${new Date().toISOString()} — ${line}\n`;
  mkdirSync(ARTIFACTS, { recursive: true });
  appendFileSync(join(ARTIFACTS, 'figures.txt'), entryLine);
  if (process.env['VIGIE_RECORD_BENCH'] !== '1') return;
  const text = readFileSync(BENCHMARKS, 'utf8');
  const heading = '\n## Console\n';
  const entry = `- ${new Date().toISOString()} — ${line}\n`;
  const at = text.indexOf(heading);
  if (at === -1) {
    appendFileSync(BENCHMARKS, `${text.endsWith('\n') ? '' : '\n'}${heading}\n${entry}`);
    return;
  }
  const next = text.indexOf('\n## ', at + heading.length);
  const end = next === -1 ? text.length : next + 1;
  const before = text.slice(0, end);
  writeFileSync(BENCHMARKS, `${before}${before.endsWith('\n') ? '' : '\n'}${entry}${next === -1 ? '' : '\n'}${text.slice(end).replace(/^\n/, '')}`);
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe.skipIf(!chromiumPath)('web console in Chromium (SQLite, 10,000 monitors)', () => {
  const tokens = { 'hb-1': `hb1-${randomBytes(12).toString('hex')}`, 'hb-2': `hb2-${randomBytes(12).toString('hex')}`, 'hb-3': `hb3-${randomBytes(12).toString('hex')}` };
  let outDir: string;
  let db: AppDatabase;
  let app: App;
  let pusher: Pusher;
  let session: ChromiumSession;
  let page: Page;
  /** Problems the browser reported: CSP violations, uncaught errors. */
  const browserProblems: string[] = [];
  let totpSecret = '';

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    outDir = await builtConsole(); // shared by the browser tests of the run; never written to
    process.env['VIGIE_CONSOLE_DIR'] = outDir;
    db = appDatabase('sqlite');
    const configPath = join(db.dir, 'vigie.yaml');
    writeFileSync(configPath, config(tokens));
    await seedMonitors(db);
    app = await startApp({ ...db.appOptions(configPath), watch: false, incidents: { pollMs: 200 } });
    pusher = new Pusher(app.url, tokens);
    await pusher.start();
    await waitFor('the three call servers up', () => FILE_MONITORS.every((id) => app.engine.stateOf(id)?.state === 'up'), 30_000);

    session = await launchChromium(chromiumPath!, { viewport: { width: 1280, height: 900 }, locale: 'en-US', timezoneId: 'Europe/Paris' });
    page = session.context.pages()[0] ?? (await session.context.newPage());
    page.setDefaultTimeout(60_000);
    page.on('console', (message) => {
      if (/Content[- ]Security[- ]Policy/i.test(message.text())) browserProblems.push(`CSP: ${message.text()}`);
    });
    page.on('pageerror', (error) => browserProblems.push(`uncaught: ${error.message}`));
  }, 600_000);

  afterAll(async () => {
    pusher?.stop();
    await session?.close();
    await app?.close();
    delete process.env['VIGIE_CONSOLE_DIR'];
    await db?.cleanup();
  });

  it('serves its document under the strict CSP, with no inline script; a first run goes from / to /setup', async () => {
    const response = await page.goto(`${app.url}/`);
    const csp = response?.headers()['content-security-policy'];
    expect(csp).toBe(CONSOLE_CSP);
    expect(csp).toMatch(/(^|; )script-src 'self'(;|$)/);
    expect(csp).toMatch(/(^|; )style-src 'self'(;|$)/);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    await page.waitForURL((url) => url.pathname === '/setup');
    await ready(page, TITLES.setup.en);
    expect(await page.locator('script[src]').count()).toBeGreaterThan(0);
    expect(await page.locator('script:not([src])').count()).toBe(0);
    expect(await page.locator('style').count()).toBe(0);
  });

  it('has no serious or critical axe violation on /setup (en, fr; light, dark)', async () => {
    expect(await auditEverywhere(page, `${app.url}/setup`, 'setup')).toEqual([]);
  });

  it('creates the administrator from the setup link and lands on the overview signed in', async () => {
    const setupToken = await app.setupToken();
    expect(setupToken).toEqual(expect.any(String));
    await page.goto(`${app.url}/setup?token=${encodeURIComponent(setupToken!)}`);
    await ready(page, TITLES.setup.en);
    expect(await page.getByLabel('Setup token').inputValue()).toBe(setupToken);
    await page.getByLabel('Username').fill(ADMIN.username);
    await page.getByLabel('Display name').fill(ADMIN.displayName);
    await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
    await page.getByLabel('Password again').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Create the administrator' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await ready(page, TITLES.overview.en);
    expect(await textOf(page, '.who')).toBe(`Signed in as ${ADMIN.displayName} (admin)`);
    // The setup link is spent: the page says so instead of offering the form again.
    await page.goto(`${app.url}/setup?token=${encodeURIComponent(setupToken!)}`);
    await expect.poll(() => page.getByText('Setup is already done: sign in instead.').isVisible()).toBe(true);
  });

  it('logs out, refuses a wrong password, and logs in again with the right one', async () => {
    await page.goto(`${app.url}/`);
    await ready(page, TITLES.overview.en);
    await signOut(page);
    // Signed out, the console's pages send to sign-in (and back after it).
    await page.goto(`${app.url}/monitors`);
    await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('next') === '/monitors');
    await signIn(page, ADMIN.username, 'not-the-password-at-all');
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Wrong username, password or code.');
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/monitors');
    await ready(page, TITLES.monitors.en);
    await page.goto(`${app.url}/`);
    await signOut(page);
  });

  it('has no serious or critical axe violation on /login (en, fr; light, dark)', async () => {
    expect(await auditEverywhere(page, `${app.url}/login`, 'login')).toEqual([]);
  });

  it('asks for the TOTP code once the second factor is on, refuses a wrong code and accepts the right one', async () => {
    await page.goto(`${app.url}/login`);
    await ready(page, TITLES.login.en);
    await signIn(page, ADMIN.username, ADMIN.password);
    await page.waitForURL((url) => url.pathname === '/');
    await ready(page, TITLES.overview.en);

    // Enrolment through the API with this browser's session (its cookie, its CSRF token).
    const api = session.context.request;
    const current = await api.get(`${app.url}/api/v1/session`);
    expect(current.status()).toBe(200);
    const csrf = ((await current.json()) as { csrf: string }).csrf;
    const noCsrf = await api.post(`${app.url}/api/v1/me/totp`);
    expect(noCsrf.status()).toBe(403);
    const started = await api.post(`${app.url}/api/v1/me/totp`, { headers: { 'x-csrf-token': csrf } });
    expect(started.status(), await started.text()).toBe(200);
    totpSecret = ((await started.json()) as { secret: string }).secret;
    const confirmed = await api.post(`${app.url}/api/v1/me/totp/confirm`, { headers: { 'x-csrf-token': csrf }, data: { code: await generate({ secret: totpSecret }) } });
    expect(confirmed.status(), await confirmed.text()).toBe(200);
    expect(((await confirmed.json()) as { recovery_codes: string[] }).recovery_codes).toHaveLength(10);

    await page.reload();
    await ready(page, TITLES.overview.en);
    await signOut(page);
    await signIn(page, ADMIN.username, ADMIN.password);
    const code = page.getByLabel('Code from your authenticator app (or a recovery code)');
    await code.waitFor();
    expect(await page.getByText('Your account has a second factor: enter the 6-digit code.').isVisible()).toBe(true);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.screenshot({ path: join(ARTIFACTS, 'login-totp-en-light.png'), fullPage: true });

    // A code of the next step: the step used to confirm is never accepted twice.
    const epoch = Math.floor(Date.now() / 1000) + 30;
    const right = await generate({ secret: totpSecret, epoch });
    const valid = await Promise.all([-60, -30, 0, 30, 60].map((shift) => generate({ secret: totpSecret, epoch: epoch + shift })));
    let wrong = right;
    for (let n = 1; valid.includes(wrong); n++) wrong = String((Number(right) + n * 111_111) % 1_000_000).padStart(6, '0');
    await code.fill(wrong);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Wrong username, password or code.');
    expect(new URL(page.url()).pathname).toBe('/login');
    await code.fill(right);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await ready(page, TITLES.overview.en);
    expect(await textOf(page, '.who')).toBe(`Signed in as ${ADMIN.displayName} (admin)`);
  });

  it('shows the service and, live, the incident of a call server that stops pushing', async () => {
    // The live feed is opened with the session cookie (EventSource sends no other credential).
    const streams: number[] = [];
    const onResponse = (response: Response) => {
      if (new URL(response.url()).pathname === '/api/v1/events') streams.push(response.status());
    };
    page.on('response', onResponse);
    await page.goto(`${app.url}/`);
    await ready(page, TITLES.overview.en);
    const card = page.locator('.card', { has: page.getByRole('heading', { name: 'Call servers' }) });
    await expect.poll(() => card.locator('.badge').textContent(), { timeout: 30_000 }).toBe('Operational');
    expect(clean(await card.textContent())).toContain('3 of 3 healthy (needs 3)');
    await expect.poll(() => page.getByText('No open incident.').isVisible()).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'overview-before-incident.png'), fullPage: true });
    // Anything the page did to show what follows happens in this same document.
    await page.evaluate(() => ((globalThis as unknown as PageGlobals).vigieMarker = 'same document'));

    pusher.pushing = false;
    const incident = await waitFor('an incident on hb-1', async () => (await app.store.incidents.active()).find((i) => i.status !== 'resolved' && i.affected.includes('monitor:hb-1')), 90_000, 250);
    await expect.poll(() => page.locator('ul.incidents li').count(), { timeout: 60_000 }).toBeGreaterThan(0);
    const shown = clean(await page.locator('ul.incidents li').first().textContent());
    expect(shown).toContain(incident.title.en);
    expect(shown).toContain(incident.severity);
    await expect.poll(async () => clean(await card.textContent()), { timeout: 30_000 }).toContain('2 of 3 healthy (needs 3)');
    expect(await card.locator('.badge').textContent()).not.toBe('Operational');
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).vigieMarker)).toBe('same document');
    page.off('response', onResponse);
    expect(streams.length).toBeGreaterThan(0);
    expect(streams.every((status) => status === 200), `event stream answers: ${streams.join(', ')}`).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'overview-incident-en-light.png'), fullPage: true });
  }, 180_000);

  it(`lists ${TOTAL.toLocaleString('en')} monitors: measured load and filters; count, search, state filter, sort by id, bulk pause`, async () => {
    // Load: three navigations, each timed from its start by the page's own clock.
    const loads: LoadTiming[] = [];
    for (let run = 0; run < 3; run++) loads.push(await timeToInteractive(page, `${app.url}/monitors`));
    const interactive = loads.map((l) => l.interactive);
    await ready(page, TITLES.monitors.en);
    expect(await countLine(page)).toBe('10,000 of 10,000 monitors');
    await page.screenshot({ path: join(ARTIFACTS, 'monitors-10000-en-light.png'), fullPage: true });

    const search = page.getByLabel('Search by id or name');
    // Three searches, each from the whole list to one row: the figure is their median.
    const searches: number[] = [];
    for (const [id, name] of [['mon-04321', 'Server 4321'], ['mon-00777', 'Server 777'], ['mon-09001', 'Server 9001']] as const) {
      searches.push(await timeToApply(page, '#page-search', 'input', () => search.fill(id), { rows: 1, id }));
      expect(await rowIds(page)).toEqual([id]);
      expect(await countLine(page)).toBe('1 of 10,000 monitors');
      expect(await textOf(page, '.grid-body [role="row"] .cell-name')).toBe(name);
      await search.fill('');
      await expect.poll(() => countLine(page)).toBe('10,000 of 10,000 monitors');
    }

    // (A select's label text includes its options: found by the label's own words.)
    const stateFilter = page.locator('label:has(> span:text-is("State")) select');
    const stateMs = await timeToApply(page, 'select:has(option[value="pending"])', 'change', () => stateFilter.selectOption('pending'), { rows: PENDING, state: 'Pending' });
    expect(await countLine(page)).toBe(`${PENDING} of 10,000 monitors`);
    const pending = await rowIds(page);
    expect(pending).toEqual(Array.from({ length: SEEDED }, (_, i) => i + 1).filter(runs).map(seededId));
    expect(new Set((await page.locator('.grid-body [role="row"] .cell-state .badge').allTextContents()).map(clean))).toEqual(new Set(['Pending']));
    await page.screenshot({ path: join(ARTIFACTS, 'monitors-pending-en-light.png'), fullPage: true });

    const figures = `monitors page, ${TOTAL} monitors on sqlite, headless Chromium on loopback (${machine()}): load average ${loadavg()[0]!.toFixed(1)}: interactive in ${interactive.map((ms) => ms.toFixed(0)).join(' / ')} ms (median ${median(interactive).toFixed(0)} ms; navigation to first rows with the search box enabled; the last page of GET /api/v1/monitors in at ${loads.map((l) => l.api.toFixed(0)).join(' / ')} ms), search applied in ${searches.map((ms) => ms.toFixed(1)).join(' / ')} ms (median ${median(searches).toFixed(1)} ms; one id among ${TOTAL}), state filter applied in ${stateMs.toFixed(1)} ms (${PENDING} rows)`;
    console.log(`console benchmark: ${figures}`);
    recordBenchmark(figures);

    // Bulk pause of the first two pending rows: one API call each, then both show paused.
    const paused: string[] = [];
    const onRequest = (request: Request) => {
      const match = /\/api\/v1\/monitors\/([^/]+)\/pause$/.exec(new URL(request.url()).pathname);
      if (request.method() === 'POST' && match) paused.push(decodeURIComponent(match[1]!));
    };
    page.on('request', onRequest);
    const [first, second] = pending as [string, string];
    const nameOf = (id: string) => `Server ${Number(id.slice(4))}`;
    await page.getByRole('checkbox', { name: `Select ${nameOf(first)}`, exact: true }).check();
    await page.getByRole('checkbox', { name: `Select ${nameOf(second)}`, exact: true }).check();
    expect(await page.getByText('2 selected', { exact: true }).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Pause selected' }).click();
    await expect.poll(() => page.getByText('2 done, 0 failed.').isVisible(), { timeout: 30_000 }).toBe(true);
    page.off('request', onRequest);
    expect(paused.sort()).toEqual([first, second].sort());
    for (const id of [first, second]) expect((await app.store.monitors.get(id))?.paused, id).toBe(true);
    // Paused, they leave the pending filter; searched for, they show paused.
    await expect.poll(() => countLine(page)).toBe(`${PENDING - 2} of 10,000 monitors`);
    expect(await rowIds(page)).not.toContain(first);
    await stateFilter.selectOption('');
    await search.fill(first);
    await expect.poll(() => rowIds(page)).toEqual([first]);
    expect(await textOf(page, '.grid-body [role="row"] .cell-state .badge')).toBe('Paused');
    await search.fill(second);
    await expect.poll(() => rowIds(page)).toEqual([second]);
    expect(await textOf(page, '.grid-body [role="row"] .cell-state .badge')).toBe('Paused');
    await stateFilter.selectOption('paused');
    await expect.poll(() => rowIds(page)).toEqual([second]);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => countLine(page)).toBe('10,000 of 10,000 monitors');

    // Sorting by id: ascending, then descending, with the header saying so.
    const idHeader = page.getByRole('columnheader', { name: 'Id', exact: true });
    await page.getByRole('button', { name: 'Id', exact: true }).click();
    await expect.poll(async () => (await rowIds(page)).slice(0, 5)).toEqual(['hb-1', 'hb-2', 'hb-3', seededId(1), seededId(2)]);
    expect(await idHeader.getAttribute('aria-sort')).toBe('ascending');
    await page.getByRole('button', { name: 'Id', exact: true }).click();
    await expect.poll(async () => (await rowIds(page)).slice(0, 3)).toEqual([seededId(SEEDED), seededId(SEEDED - 1), seededId(SEEDED - 2)]);
    expect(await idHeader.getAttribute('aria-sort')).toBe('descending');
    // hb-1, silent since the previous test, is down.
    await search.fill('hb-1');
    await expect.poll(() => textOf(page, '.grid-body [role="row"] .cell-state .badge')).toBe('Down');
  }, 300_000);

  it('switches to French, and stays in French after a reload', async () => {
    await page.goto(`${app.url}/`);
    await ready(page, TITLES.overview.en);
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect((await nav.getByRole('link').allTextContents()).map(clean)).toEqual(expect.arrayContaining(['Overview', 'Monitors']));
    await page.getByLabel('Language').selectOption('fr');
    await ready(page, TITLES.overview.fr);
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    const navFr = page.getByRole('navigation', { name: 'Principale' });
    expect((await navFr.getByRole('link').allTextContents()).map(clean)).toEqual(expect.arrayContaining(['Vue d’ensemble', 'Sondes']));
    expect(await page.getByRole('button', { name: 'Se déconnecter' }).isVisible()).toBe(true);
    await page.reload();
    await ready(page, TITLES.overview.fr);
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    expect((await navFr.getByRole('link').allTextContents()).map(clean)).toEqual(expect.arrayContaining(['Vue d’ensemble', 'Sondes']));
    await navFr.getByRole('link', { name: 'Sondes' }).click();
    await ready(page, TITLES.monitors.fr);
    await expect.poll(() => countLine(page)).toBe('10 000 sur 10 000 sondes');
    await page.getByLabel('Langue').selectOption('en');
    await ready(page, TITLES.monitors.en);
  });

  it('has no serious or critical axe violation on / and /monitors (en, fr; light, dark)', async () => {
    const found = await auditEverywhere(page, `${app.url}/`, 'overview', async () => {
      await page.locator('ul.incidents li').first().waitFor();
    });
    found.push(
      ...(await auditEverywhere(page, `${app.url}/monitors`, 'monitors', async () => {
        await page.locator('.grid-body [role="row"]').first().waitFor({ timeout: 120_000 });
      })),
    );
    expect(found).toEqual([]);
  }, 600_000);

  it('audits for real: an image without a text alternative added to the page is reported', async () => {
    await page.goto(`${app.url}/`);
    await ready(page, TITLES.overview.en);
    await page.evaluate(() => {
      const browser = globalThis as unknown as PageGlobals;
      const img = browser.document.createElement('img');
      img.src = '/favicon.svg';
      browser.document.getElementById('main')!.appendChild(img);
    });
    expect((await audit(page)).map((v) => v.split(' ')[0])).toContain('image-alt');
  });

  it('saw no CSP violation and no uncaught error in the page all along', () => {
    expect(browserProblems).toEqual([]);
    expect(pusher.refused).toEqual([]);
  });
});
