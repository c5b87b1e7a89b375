/**
 * The console's services pages and status page preview in a real browser (the system Chromium
 * through playwright-core) against a whole Vigie on SQLite, the console built once by Vite. The
 * configuration has a web site made of three heartbeat monitors of which one must be healthy
 * (k-of-n, 1 of 3) that depends on a database service, and two status pages, one private:
 * - /services: the graph (a box per service with its state in words and "3 of 3 healthy", an
 *   edge database → web site) and the table say the same as the API;
 * - members pushed down (heartbeat `status=down`) change the page without a reload: "2 of 3",
 *   then "1 of 3" while the web site stays degraded (the service's state does not change, the
 *   count does);
 * - /services/website from a click on its box: members with their states linking to their
 *   monitors, what it depends on, the open incident about it; /services/database names the web
 *   site among what needs it;
 * - /status-pages: each page's title and a component in its English and French previews, the
 *   private one included, and its token nowhere in the API's answer;
 * - the overview links its open incidents to their page; `?` lists `a` in English and French;
 * - axe-core on these pages in both languages and themes, and screenshots in test-artifacts/console/.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../src/app.js';
import { appDatabase, waitFor, type AppDatabase } from '../helpers/app-database.js';
import { builtConsole } from '../helpers/console-build.js';
import { launchChromium, requireChromium, type ChromiumSession } from '../helpers/chromium.js';
import { audit, choose, clean, LANGS, ready, sessionApi, setupAdmin, signIn, THEMES } from '../helpers/console-session.js';

const chromiumPath = requireChromium('console services browser tests');
const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/console/', import.meta.url));

const ADMIN = { username: 'alice', displayName: 'Alice Martin', password: 'night-shift-2026!' };
const PUSH = { 'web-1': randomBytes(16).toString('hex'), 'web-2': randomBytes(16).toString('hex'), 'web-3': randomBytes(16).toString('hex'), 'db-1': randomBytes(16).toString('hex') };
const PRIVATE_TOKEN = randomBytes(20).toString('hex');

const TITLES = {
  overview: { en: 'Overview', fr: 'Vue d’ensemble' },
  services: { en: 'Services', fr: 'Services' },
  website: { en: 'Web site', fr: 'Site web' },
  statusPages: { en: 'Status pages', fr: 'Pages d’état' },
} as const;

function config(): string {
  const monitor = (id: keyof typeof PUSH) => `  - { id: ${id}, interval: 1s, confirmations: { down: 1, up: 1 }, heartbeat: { token: ${PUSH[id]}, period: 10m } }\n`;
  return `server: { host: 127.0.0.1, port: 0 }
scheduler: { batch: { size: 50, interval: 200ms } }
monitors:
${monitor('web-1')}${monitor('web-2')}${monitor('web-3')}${monitor('db-1')}services:
  - id: database
    name: { en: Database, fr: Base de données }
    components: [db-1]
  - id: website
    name: { en: Web site, fr: Site web }
    redundancy: { members: [web-1, web-2, web-3], min_healthy: 1 }
    depends_on: [database]
status_pages:
  - id: public
    title: { en: Example status, fr: État des services }
    languages: [en, fr]
    components:
      - service: website
      - service: database
  - id: staff
    title: { en: Staff status, fr: État interne }
    languages: [fr, en]
    private_token: ${PRIVATE_TOKEN}
    components:
      - service: database
`;
}

describe.skipIf(!chromiumPath)('console services graph and status page preview in Chromium (SQLite)', () => {
  let db: AppDatabase;
  let app: App;
  let session: ChromiumSession;
  let page: Page;
  const browserProblems: string[] = [];
  const push = (id: keyof typeof PUSH, status: 'up' | 'down') => fetch(`${app.url}/api/v1/push/${PUSH[id]}?status=${status}`).then((r) => expect(r.status).toBe(200));

  /** The text of the graph's box for a service, and of its row in the table. */
  const node = (id: string) => page.locator(`svg.sg a[data-service="${id}"]`);
  const row = (id: string) => page.locator(`table.services-table tr[data-service="${id}"]`);
  const textOf = async (locator: ReturnType<Page['locator']>) => clean(await locator.textContent());
  /** The lines of a service's box in the graph (SVG text elements), joined by spaces. */
  const boxText = async (id: string) => clean((await node(id).locator('text').allTextContents()).join(' '));

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    process.env['VIGIE_CONSOLE_DIR'] = await builtConsole();
    db = appDatabase('sqlite');
    const configPath = join(db.dir, 'vigie.yaml');
    writeFileSync(configPath, config());
    app = await startApp({ ...db.appOptions(configPath), watch: false, incidents: { pollMs: 200 } });
    await setupAdmin(app, ADMIN);
    for (const id of Object.keys(PUSH) as Array<keyof typeof PUSH>) await push(id, 'up');
    await waitFor('monitors up', () => Object.keys(PUSH).every((id) => app.engine.stateOf(id)?.state === 'up'), 30_000);

    session = await launchChromium(chromiumPath!, { viewport: { width: 1280, height: 900 }, locale: 'en-US', timezoneId: 'Europe/Paris' });
    page = session.context.pages()[0] ?? (await session.context.newPage());
    page.setDefaultTimeout(60_000);
    page.on('console', (message) => {
      if (/Content[- ]Security[- ]Policy|Refused to (frame|display)/i.test(message.text())) browserProblems.push(`CSP: ${message.text()}`);
    });
    page.on('pageerror', (error) => browserProblems.push(`uncaught: ${error.message}`));
  }, 600_000);

  afterAll(async () => {
    await session?.close();
    await app?.close();
    delete process.env['VIGIE_CONSOLE_DIR'];
    await db?.cleanup();
  });

  it('draws the services as a graph and a table with their state in words and "3 of 3 healthy"', async () => {
    await page.goto(`${app.url}/services`);
    await page.waitForURL((url) => url.pathname === '/login');
    await signIn(page, ADMIN.username, ADMIN.password);
    await page.waitForURL((url) => url.pathname === '/services');
    await ready(page, TITLES.services.en);
    expect((await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).map(clean)).toEqual(expect.arrayContaining(['Services', 'Status pages']));

    await expect.poll(() => boxText('website'), { timeout: 30_000 }).toBe('Web site Operational 3 of 3 healthy');
    expect(await boxText('database')).toBe('Database Operational');
    expect(await node('website').getAttribute('aria-label')).toBe('Web site: Operational, 3 of 3 healthy');
    // The database is drawn before (left of) the web site, which depends on it.
    expect(await page.locator('svg.sg path.sg-edge-dependency[data-from="database"][data-to="website"]').count()).toBe(1);
    const [dbBox, webBox] = [await node('database').boundingBox(), await node('website').boundingBox()];
    expect(dbBox!.x + dbBox!.width).toBeLessThan(webBox!.x);

    const cells = async (id: string) => (await row(id).locator('th, td').allTextContents()).map(clean);
    expect(await cells('website')).toEqual(['Web site', 'Operational', '3 of 3 healthy (needs 1)', 'Database']);
    expect(await cells('database')).toEqual(['Database', 'Operational', '—', '—']);
    await page.screenshot({ path: join(ARTIFACTS, 'services-en-operational.png'), fullPage: true });
  });

  it('follows members going down without a reload: 2 of 3, then 1 of 3 while the web site stays degraded', async () => {
    await page.evaluate(() => ((globalThis as unknown as { vigieMarker: number }).vigieMarker = 42));
    await push('web-1', 'down');
    await expect.poll(() => boxText('website'), { timeout: 30_000 }).toBe('Web site Degraded performance 2 of 3 healthy');
    await expect.poll(async () => clean(await row('website').locator('td').nth(1).textContent())).toBe('2 of 3 healthy (needs 1)');
    // The service stays degraded: only the count changes (the API counts from the members now).
    await push('web-2', 'down');
    await expect.poll(() => boxText('website'), { timeout: 30_000 }).toBe('Web site Degraded performance 1 of 3 healthy');
    expect(await textOf(row('website'))).toContain('Degraded performance');
    expect(await page.evaluate(() => (globalThis as unknown as { vigieMarker?: number }).vigieMarker)).toBe(42);
    await page.screenshot({ path: join(ARTIFACTS, 'services-en-degraded.png'), fullPage: true });
  });

  it('opens a service from its box: members with their states, dependencies, dependants and its open incident', async () => {
    const api = await sessionApi(page.request, app.url);
    const incident = await api.post<{ id: number }>('/api/v1/incidents', { title: { en: 'Web servers failing', fr: 'Serveurs web en panne' }, severity: 'SEV2', service: 'website' });

    await node('website').click();
    await page.waitForURL((url) => url.pathname === '/services/website');
    await ready(page, TITLES.website.en);
    expect(clean(await page.locator('.service-redundancy').textContent())).toBe('1 of 3 healthy (needs 1)');
    const member = (id: string) => page.locator(`tr[data-member="${id}"]`);
    expect((await member('web-1').locator('th, td').allTextContents()).map(clean)).toEqual(['web-1', 'monitor', 'redundant', 'Down']);
    expect((await member('web-3').locator('th, td').allTextContents()).map(clean)).toEqual(['web-3', 'monitor', 'redundant', 'Up']);
    expect(await member('web-1').getByRole('link').getAttribute('href')).toBe('/monitors/web-1');
    const depends = page.getByRole('region', { name: 'Depends on' });
    expect(clean(await depends.textContent())).toContain('Database (its outage is an outage here)');
    const incidents = page.getByRole('region', { name: 'Open incidents touching it' });
    // The manual incident about it (the engine may have opened one of its own as well).
    const manual = incidents.getByRole('link', { name: 'Web servers failing' });
    await manual.waitFor();
    expect(await manual.getAttribute('href')).toBe(`/incidents/${incident.id}`);

    // A member back up changes this page live as well.
    await push('web-2', 'up');
    await expect.poll(async () => clean(await page.locator('.service-redundancy').textContent()), { timeout: 30_000 }).toBe('2 of 3 healthy (needs 1)');
    await expect.poll(async () => clean(await member('web-2').locator('td').last().textContent())).toBe('Up');
    await page.screenshot({ path: join(ARTIFACTS, 'service-en.png'), fullPage: true });

    await depends.getByRole('link', { name: 'Database' }).click();
    await page.waitForURL((url) => url.pathname === '/services/database');
    await ready(page, 'Database');
    expect((await page.getByRole('region', { name: 'Needed by' }).getByRole('link').allTextContents()).map(clean)).toEqual(['Web site']);

    // The overview links the open incident to its page.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview' }).click();
    await ready(page, TITLES.overview.en);
    const link = page.locator(`a[href="/incidents/${incident.id}"]`);
    expect(clean(await link.textContent())).toBe('Web servers failing');
  });

  it('previews each status page in its languages, the private one without its token', async () => {
    const api = await sessionApi(page.request, app.url);
    const listed = await api.get<{ items: Array<{ id: string; private: boolean; languages: string[]; components: Array<{ name: { en: string } }> }> }>('/api/v1/status-pages');
    expect(listed.items.map((p) => [p.id, p.private, p.languages])).toEqual([['public', false, ['en', 'fr']], ['staff', true, ['fr', 'en']]]);
    expect(JSON.stringify(listed)).not.toContain(PRIVATE_TOKEN);
    // Still private to the public.
    expect((await fetch(`${app.url}/status/staff`)).status).toBe(401);

    await page.goto(`${app.url}/status-pages`);
    await ready(page, TITLES.statusPages.en);
    const frameText = async (pageId: string, lang: 'en' | 'fr'): Promise<string> => {
      const handle = await page.locator(`section[data-page="${pageId}"] iframe[data-lang="${lang}"]`).elementHandle();
      const frame = (await handle!.contentFrame()) as Frame;
      await frame.waitForLoadState();
      return clean(await frame.locator('body').textContent());
    };
    const expected = [
      ['public', 'en', 'Example status', 'Web site'],
      ['public', 'fr', 'État des services', 'Site web'],
      ['staff', 'en', 'Staff status', 'Database'],
      ['staff', 'fr', 'État interne', 'Base de données'],
    ] as const;
    for (const [pageId, lang, title, component] of expected) {
      await expect.poll(() => frameText(pageId, lang), { timeout: 30_000 }).toContain(title);
      expect(await frameText(pageId, lang), `${pageId} ${lang}`).toContain(component);
    }
    expect(await frameText('staff', 'en')).not.toContain('Private page');
    const staff = page.locator('section[data-page="staff"]');
    expect(clean(await staff.locator('dl').textContent())).toContain('private (token needed)');
    expect(await page.content()).not.toContain(PRIVATE_TOKEN);
    await page.screenshot({ path: join(ARTIFACTS, 'status-pages-en.png'), fullPage: true });
  });

  it('lists the acknowledge shortcut in the ? dialog in English and French', async () => {
    for (const [lang, text] of [['en', 'Acknowledge the incident'], ['fr', 'Prendre en charge l’incident']] as const) {
      await choose(page, lang, 'light');
      await page.goto(`${app.url}/`);
      await ready(page, TITLES.overview[lang]);
      await page.keyboard.press('?');
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      expect(clean(await dialog.textContent())).toContain(`a${text}`);
      await page.keyboard.press('Escape');
    }
  });

  it('has no serious or critical axe violation on these pages in both languages and themes', async () => {
    const pages = [
      { path: '/services', title: TITLES.services },
      { path: '/services/website', title: TITLES.website },
      { path: '/status-pages', title: TITLES.statusPages },
    ];
    const found: string[] = [];
    for (const lang of LANGS) {
      for (const theme of THEMES) {
        await choose(page, lang, theme);
        for (const p of pages) {
          await page.goto(`${app.url}${p.path}`);
          await ready(page, p.title[lang]);
          found.push(...(await audit(page)).map((v) => `${p.path} ${lang} ${theme}: ${v}`));
          if (p.path === '/services' && lang === 'fr') expect(await boxText('website')).toBe('Site web Performances dégradées 2 sur 3 opérationnels');
          const name = p.path.replace(/^\//, '').replace(/\//g, '-');
          await page.screenshot({ path: join(ARTIFACTS, `${name}-${lang}-${theme}.png`), fullPage: true });
        }
      }
    }
    expect(found).toEqual([]);
  });

  it('met no CSP refusal and no uncaught error', () => {
    expect(browserProblems).toEqual([]);
  });
});
