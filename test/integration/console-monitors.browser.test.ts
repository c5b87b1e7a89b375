/**
 * The monitor pages of the console in Chromium (playwright-core) against a whole Vigie on SQLite,
 * with the console built by Vite into a temporary folder:
 * - an HTTP monitor created through the generated form against a loopback HTTP server: a bad
 *   interval is refused on its field before anything is sent, a URL the API refuses comes back on
 *   the URL field (`issues[].path`), then it saves; its page shows it, it runs, and the latency
 *   chart draws its results;
 * - the same monitor edited through the form (a new interval), shown on its page and stored;
 * - a monitor of the configuration file: its form is read-only with the note saying where to
 *   change it;
 * - axe-core on the monitor page and the forms in both languages and themes (no serious or
 *   critical violation), no CSP violation reported by the browser, screenshots in
 *   test-artifacts/console/.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { builtConsole } from '../helpers/console-build.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../src/app.js';
import { appDatabase, waitFor, type AppDatabase } from '../helpers/app-database.js';
import { launchChromium, requireChromium, type ChromiumSession } from '../helpers/chromium.js';
import { startHttpServer, type TestServer } from '../helpers/http-server.js';

const chromiumPath = requireChromium('console monitor pages');
const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/console/', import.meta.url));
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const ADMIN = { username: 'bruno', password: 'pager-at-night-2026!' };
const LANGS = ['en', 'fr'] as const;
const THEMES = ['light', 'dark'] as const;
const CREATED = { id: 'web-api', name: 'Web API health' };

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}
interface PageGlobals {
  axe: { run(context: unknown, options: object): Promise<{ violations: AxeViolation[] }> };
  document: unknown;
  localStorage: { setItem(key: string, value: string): void };
}

/** The file monitor probes the loopback server too; API monitors may only aim at loopback. */
function config(origin: string): string {
  return `server: { host: 127.0.0.1, port: 0 }
api:
  monitor_targets: { deny: [all], allow: [loopback] }
monitors:
  - id: file-web
    name: Web from the file
    interval: 2s
    http: { url: ${origin}/file }
`;
}

function clean(text: string | null): string {
  return (text ?? '').replace(/[\s\u00a0\u202f]+/g, ' ').trim();
}

async function heading(page: Page, name: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name, exact: true }).waitFor({ timeout: 60_000 });
  await expect.poll(() => page.locator('.loading').count(), { timeout: 60_000 }).toBe(0);
}

async function audit(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const browser = globalThis as unknown as PageGlobals;
    const result = await browser.axe.run(browser.document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }, resultTypes: ['violations'] });
    return result.violations;
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)).join(', ')}`);
}

describe.skipIf(!chromiumPath)('console monitor pages in Chromium (SQLite)', () => {
  let outDir: string;
  let db: AppDatabase;
  let app: App;
  let target: TestServer;
  let session: ChromiumSession;
  let page: Page;
  const hits: string[] = [];
  const browserProblems: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    outDir = await builtConsole(); // shared by the browser tests of the run; never written to
    process.env['VIGIE_CONSOLE_DIR'] = outDir;
    target = await startHttpServer((req, res) => {
      hits.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
    });
    db = appDatabase('sqlite');
    const configPath = join(db.dir, 'vigie.yaml');
    writeFileSync(configPath, config(target.origin));
    app = await startApp({ ...db.appOptions(configPath), watch: false });

    session = await launchChromium(chromiumPath!, { viewport: { width: 1280, height: 900 }, locale: 'en-US', timezoneId: 'Europe/Paris' });
    page = session.context.pages()[0] ?? (await session.context.newPage());
    page.setDefaultTimeout(60_000);
    page.on('console', (message) => {
      if (/Content[- ]Security[- ]Policy/i.test(message.text())) browserProblems.push(`CSP: ${message.text()}`);
    });
    page.on('pageerror', (error) => browserProblems.push(`uncaught: ${error.message}`));
    // The administrator through the setup API, in this browser (its session cookie).
    const setupToken = await app.setupToken();
    const created = await session.context.request.post(`${app.url}/api/v1/setup`, { data: { setup_token: setupToken, username: ADMIN.username, password: ADMIN.password } });
    expect(created.status(), await created.text()).toBe(201);
  }, 600_000);

  afterAll(async () => {
    await session?.close();
    await app?.close();
    await target?.close();
    delete process.env['VIGIE_CONSOLE_DIR'];
    await db?.cleanup();
  });

  it('creates an HTTP monitor through the form: field errors from the schema and from the API, then its page with the chart', async () => {
    await page.goto(`${app.url}/monitors`);
    await heading(page, 'Monitors');
    await page.getByRole('link', { name: 'New monitor' }).click();
    await page.waitForURL((url) => url.pathname === '/monitors/new');
    await heading(page, 'New monitor');

    await page.getByLabel('id', { exact: true }).fill(CREATED.id);
    await page.getByLabel('name', { exact: true }).fill(CREATED.name);
    await page.getByLabel('interval', { exact: true }).fill('abc');
    await page.getByLabel('Check type').selectOption({ label: 'http' });
    await page.getByLabel('url', { exact: true }).fill('example.org');
    await page.getByRole('button', { name: 'Save' }).click();
    // Refused here, on the field, before any request: the API does not know the monitor.
    await expect.poll(() => page.locator('#mf-interval-error').textContent()).toBe('A duration such as 30s, 5m or 1h.');
    expect(await page.getByLabel('interval', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect((await session.context.request.get(`${app.url}/api/v1/monitors/${CREATED.id}`)).status()).toBe(404);

    // A valid interval: the API now refuses the URL, and says so on the URL field.
    await page.getByLabel('interval', { exact: true }).fill('2s');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.locator('#mf-http-url-error').textContent()).toMatch(/absolute http/);
    expect(await page.locator('#mf-interval-error').count()).toBe(0);
    expect((await session.context.request.get(`${app.url}/api/v1/monitors/${CREATED.id}`)).status()).toBe(404);

    await page.getByLabel('url', { exact: true }).fill(`${target.origin}/health`);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL((url) => url.pathname === `/monitors/${CREATED.id}`);
    await heading(page, CREATED.name);
    expect(clean(await page.locator('.monitor-type').textContent())).toMatch(/^http · Every 2 ?s,/);

    // It runs against the loopback server, and the chart draws what it measured.
    await waitFor('the new monitor probing the server', () => hits.includes('/health'), 30_000);
    await page.locator('.latency-chart canvas').first().waitFor({ timeout: 60_000 });
    expect(clean(await page.locator('.latency-chart figcaption').textContent())).toMatch(/over the last 24 hours \([1-9]\d* results\)/);
    await expect.poll(() => page.locator('.monitor-summary .badge').first().textContent(), { timeout: 60_000 }).toBe('Up');
    expect(await page.locator('.chart-legend li').allTextContents()).toContain('total');
    await page.screenshot({ path: join(ARTIFACTS, 'monitor-detail-en-light.png'), fullPage: true });
  });

  it('edits the monitor through the form: the new interval is saved and shown', async () => {
    await page.goto(`${app.url}/monitors/${CREATED.id}`);
    await heading(page, CREATED.name);
    await page.getByRole('link', { name: 'Edit' }).click();
    await heading(page, `Edit ${CREATED.id}`);
    const id = page.getByLabel('id', { exact: true });
    expect(await id.inputValue()).toBe(CREATED.id);
    expect(await id.isDisabled()).toBe(true);
    expect(await page.getByLabel('url', { exact: true }).inputValue()).toBe(`${target.origin}/health`);
    await page.getByLabel('interval', { exact: true }).fill('3s');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL((url) => url.pathname === `/monitors/${CREATED.id}`);
    await heading(page, CREATED.name);
    await expect.poll(async () => clean(await page.locator('.monitor-type').textContent())).toMatch(/^http · Every 3 ?s,/);
    const stored = (await (await session.context.request.get(`${app.url}/api/v1/monitors/${CREATED.id}`)).json()) as { intervalMs: number; input: Record<string, unknown> };
    expect(stored.intervalMs).toBe(3000);
    expect(stored.input).toMatchObject({ id: CREATED.id, name: CREATED.name, interval: '3s', http: { url: `${target.origin}/health` } });
  });

  it("shows a file monitor's definition read-only, with the note saying to edit the file", async () => {
    await page.goto(`${app.url}/monitors/file-web`);
    await heading(page, 'Web from the file');
    expect(await page.getByText('Defined in vigie.yaml, line 5 — edit the file to change it').count()).toBe(1);
    await page.getByRole('link', { name: 'View the definition' }).click();
    await heading(page, 'Definition of file-web');
    expect(await page.getByText('Defined in vigie.yaml, line 5 — edit the file to change it. The form is read-only.').count()).toBe(1);
    expect(await page.getByLabel('url', { exact: true }).inputValue()).toBe(`${target.origin}/file`);
    expect(await page.getByLabel('url', { exact: true }).isDisabled()).toBe(true);
    expect(await page.getByLabel('interval', { exact: true }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Save' }).count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'monitor-file-form-en-light.png'), fullPage: true });
  });

  it('has no serious or critical axe violation on the monitor page and the forms (en, fr; light, dark)', async () => {
    const pages = [
      { path: `/monitors/${CREATED.id}`, name: 'monitor-detail', title: { en: CREATED.name, fr: CREATED.name } },
      { path: `/monitors/${CREATED.id}/edit`, name: 'monitor-edit', title: { en: `Edit ${CREATED.id}`, fr: `Modifier ${CREATED.id}` } },
      { path: '/monitors/new', name: 'monitor-new', title: { en: 'New monitor', fr: 'Nouvelle sonde' } },
      { path: '/monitors/file-web/edit', name: 'monitor-file-form', title: { en: 'Definition of file-web', fr: 'Définition de file-web' } },
    ];
    const found: string[] = [];
    for (const p of pages) {
      for (const lang of LANGS) {
        for (const theme of THEMES) {
          await page.evaluate(([l, t]) => {
            const browser = globalThis as unknown as PageGlobals;
            browser.localStorage.setItem('vigie.lang', l);
            browser.localStorage.setItem('vigie.theme', t);
          }, [lang, theme] as const);
          await page.emulateMedia({ colorScheme: theme });
          await page.goto(`${app.url}${p.path}`);
          await heading(page, p.title[lang]);
          expect(await page.getAttribute('html', 'lang')).toBe(lang);
          if (p.name === 'monitor-detail') await page.locator('.latency-chart canvas').first().waitFor();
          if (p.name === 'monitor-new') await page.getByLabel(lang === 'en' ? 'Check type' : 'Type de vérification').selectOption({ label: 'http' });
          found.push(...(await audit(page)).map((v) => `${p.path} ${lang} ${theme}: ${v}`));
          await page.screenshot({ path: join(ARTIFACTS, `${p.name}-${lang}-${theme}.png`), fullPage: true });
        }
      }
    }
    expect(found).toEqual([]);
  }, 300_000);

  it('reported no CSP violation and no uncaught error', () => {
    expect(browserProblems).toEqual([]);
  });
});
