/**
 * The status page HTML in a real browser (the system Chromium through playwright-core). Fixture
 * snapshots (every component state, an open incident with public updates and no update for too
 * long, maintenance, three pages of history) are rendered by `renderStatusPage` and served by a
 * loopback HTTP server made here: this tests the rendering, not the app's routes.
 *
 * Two browser contexts, on purpose:
 * - the first has JavaScript DISABLED (proved by a probe page whose script must not run): the page
 *   is read, navigated (language, theme, history pages, `<details>`), its subscribe form posted,
 *   walked with the keyboard (visible focus), and photographed into `test-artifacts/status/`;
 * - the second has JavaScript on, only because axe-core is a script: it audits the same HTML in
 *   both languages and both themes (forced light and dark, and automatic under a dark
 *   `prefers-color-scheme`) and no violation of impact serious or critical is allowed.
 */
import { mkdirSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderMessagePage, renderStatusPage, type StatusLang, type StatusTheme } from '../../src/status/render-html.js';
import { launchChromium, requireChromium, type ChromiumSession } from '../helpers/chromium.js';
import { startHttpServer, type TestServer } from '../helpers/http-server.js';
import { FIXTURE_NOW, fixtureSnapshot } from '../helpers/status-html-fixture.js';

const chromiumPath = requireChromium('status page browser tests');
const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/status/', import.meta.url));
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

function param<T extends string>(url: URL, name: string, allowed: readonly T[], fallback: T): T {
  const value = url.searchParams.get(name);
  return allowed.includes(value as T) ? (value as T) : fallback;
}

/**
 * The browser globals the functions evaluated in the page use (this project compiles without the
 * DOM library); written `(globalThis as unknown as Browser)` inside each function, which must be
 * self-contained to be sent to the page.
 */
interface Browser {
  getComputedStyle(el: unknown): { backgroundColor: string; outlineStyle: string; outlineWidth: string };
  document: { querySelectorAll(selector: string): { forEach(fn: (el: { setAttribute(name: string, value: string): void }) => void): void } };
  axe: { run(context: unknown, options: object): Promise<{ violations: AxeViolation[] }> };
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** What the fixture server received on `POST …/subscribe`. */
const posted: string[] = [];

function serve(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const lang = param<StatusLang>(url, 'lang', ['en', 'fr'], 'en');
  const theme = param<StatusTheme>(url, 'theme', ['auto', 'light', 'dark'], 'auto');
  const send = (status: number, html: string): void => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  };
  if (url.pathname === '/probe') return send(200, '<!doctype html><html lang="en"><head><title>before</title><script>document.title = "script ran"</script></head><body><p>probe</p></body></html>');
  if (req.method === 'POST' && url.pathname === '/status/public/subscribe') {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      posted.push(body);
      send(200, renderMessagePage({ lang, title: 'Check your mailbox', message: 'We sent you a confirmation link.', basePath: '/status/public', status: 'success', pageTitle: 'Operator status' }));
    });
    return;
  }
  const base = { languages: ['en', 'fr'] as const, now: FIXTURE_NOW, lang, theme, historyPage: Number(url.searchParams.get('page') ?? 1), baseUrl: `http://127.0.0.1${url.pathname}` };
  if (url.pathname === '/status/public') return send(200, renderStatusPage(fixtureSnapshot(), { ...base, basePath: '/status/public', subscribe: { email: true, webhooks: true } }));
  if (url.pathname === '/status/stale') {
    const stale = fixtureSnapshot({ stale: { since: FIXTURE_NOW - 60_000, error: 'connect ECONNREFUSED' } });
    return send(200, renderStatusPage(stale, { ...base, basePath: '/status/stale' }));
  }
  const t = lang === 'fr' ? { title: 'Page introuvable', message: 'Il n’y a pas de page d’état à cette adresse.' } : { title: 'Page not found', message: 'There is no status page at this address.' };
  send(404, renderMessagePage({ lang, theme, title: t.title, message: t.message, basePath: '/status/public', status: 'error', pageTitle: 'Operator status' }));
}

let server: TestServer;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await startHttpServer(serve);
});

afterAll(async () => {
  await server?.close();
});

/** Element text normalised: collapsed white space, the narrow/regular no-break spaces as spaces. */
async function textOf(page: Page, selector: string): Promise<string> {
  return ((await page.locator(selector).first().textContent()) ?? '').replace(/[\s\u00a0\u202f]+/g, ' ').trim();
}

describe.skipIf(!chromiumPath)('status page without JavaScript (Chromium, scripts disabled)', () => {
  let session: ChromiumSession;
  let page: Page;

  beforeAll(async () => {
    session = await launchChromium(chromiumPath!, { javaScriptEnabled: false, viewport: { width: 1000, height: 900 } });
    page = session.context.pages()[0] ?? (await session.context.newPage());
  });

  afterAll(async () => {
    await session?.close();
  });

  it('really runs no script in this context', async () => {
    await page.goto(`${server.origin}/probe`);
    expect(await page.title()).toBe('before');
  });

  for (const lang of ['en', 'fr'] as const) {
    it(`shows everything in ${lang} without a script, in the light and the dark theme`, async () => {
      const w = lang === 'en'
        ? { overall: 'Major outage', overdue: 'No public update for 50 min.', update: 'The cause is a failed link.', api: 'Public API Partial outage', maintenance: 'Mail server upgrade' }
        : { overall: 'Panne majeure', overdue: 'Aucune information publique depuis 50 min.', update: 'La cause est un lien coupé.', api: 'API publique Panne partielle', maintenance: 'Mise à jour de la messagerie' };
      await page.emulateMedia({ colorScheme: 'light' });
      await page.goto(`${server.origin}/status/public?lang=${lang}`);
      expect(await page.locator('script').count()).toBe(0);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      expect(await textOf(page, '#overall')).toBe(w.overall);
      await expect.poll(() => page.getByText(w.overdue).isVisible()).toBe(true);
      expect(await page.getByText(w.update).isVisible()).toBe(true);
      expect(await page.getByText(w.maintenance).isVisible()).toBe(true);
      expect(await textOf(page, '.comp:has-text("API")')).toContain(w.api);
      expect(await page.locator('svg.bars').count()).toBe(5);
      expect(await page.locator('svg.bars').first().isVisible()).toBe(true);
      await page.screenshot({ path: `${ARTIFACTS}/page-${lang}-light.png`, fullPage: true });

      await page.goto(`${server.origin}/status/public?lang=${lang}&theme=dark`);
      expect(await page.getAttribute('html', 'class')).toBe('theme-dark');
      const background = await page.locator('body').evaluate((el) => (globalThis as unknown as Browser).getComputedStyle(el).backgroundColor);
      expect(background).toBe('rgb(17, 20, 24)');
      await page.screenshot({ path: `${ARTIFACTS}/page-${lang}-dark.png`, fullPage: true });
    });
  }

  it('follows the automatic theme from the system preference, and fits a phone', async () => {
    await page.setViewportSize({ width: 375, height: 812 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(`${server.origin}/status/public?lang=en`);
    expect(await page.locator('body').evaluate((el) => (globalThis as unknown as Browser).getComputedStyle(el).backgroundColor)).toBe('rgb(17, 20, 24)');
    // Nothing wider than the screen: no horizontal scrolling on a phone.
    expect(await page.locator('html').evaluate((el) => el.scrollWidth)).toBeLessThanOrEqual(375);
    await page.screenshot({ path: `${ARTIFACTS}/page-en-auto-dark-phone.png`, fullPage: true });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1000, height: 900 });
  });

  it('is navigated by plain links and details: language, history pages, outage days', async () => {
    await page.goto(`${server.origin}/status/public?lang=en&theme=dark`);
    await page.getByRole('link', { name: 'Older incidents' }).click();
    await page.waitForURL(/page=2/);
    expect(new URL(page.url()).searchParams.get('theme')).toBe('dark');
    expect(await page.getByText('Page 2 of 3').isVisible()).toBe(true);
    expect(await page.getByText('Past incident number 11', { exact: true }).isVisible()).toBe(true);
    await page.getByRole('link', { name: 'Newer incidents' }).click();
    await page.waitForURL((url) => !url.searchParams.has('page'));
    expect(await page.getByText('Page 1 of 3').isVisible()).toBe(true);

    await page.getByRole('link', { name: 'Français' }).click();
    await page.waitForURL(/lang=fr/);
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    expect(await textOf(page, 'h1')).toBe('État des services');

    const table = page.locator('.comp').first().locator('table');
    expect(await table.isVisible()).toBe(false);
    await page.locator('.comp').first().locator('summary').click();
    expect(await table.isVisible()).toBe(true);
    const cells = await table.locator('tbody tr').first().locator('th, td').allTextContents();
    expect(cells.map((c) => c.replace(/[\u00a0\u202f]/g, ' '))).toEqual(['31 mai 2026', '97,22 %', '40 min de panne majeure']);
  });

  it('posts the subscribe form without a script', async () => {
    await page.goto(`${server.origin}/status/public?lang=fr`);
    await page.getByLabel('Adresse e-mail').fill('alice@example.org');
    await page.getByLabel('Langue des messages').selectOption('en');
    await page.getByLabel('SMS').uncheck();
    posted.length = 0;
    await page.getByRole('button', { name: 'S’abonner' }).click();
    await page.waitForURL(/\/status\/public\/subscribe$/);
    expect(await textOf(page, '#message')).toBe('Check your mailbox');
    const fields = new URLSearchParams(posted[0]);
    expect(fields.get('email')).toBe('alice@example.org');
    expect(fields.get('language')).toBe('en');
    expect(fields.getAll('components[]')).toEqual(['calls', 'web', 'api', 'mail']);
  });

  it('is walked with the keyboard: skip link first, then the switches, each with a visible focus ring', async () => {
    await page.goto(`${server.origin}/status/public?lang=en`);
    const focused: string[] = [];
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      const focus = page.locator(':focus');
      focused.push(((await focus.textContent()) ?? '').trim());
      const style = await focus.evaluate((el) => {
        const s = (globalThis as unknown as Browser).getComputedStyle(el);
        return { outline: s.outlineStyle, width: parseFloat(s.outlineWidth), top: el.getBoundingClientRect().top };
      });
      expect(style.outline, `focus ring on "${focused[i]}"`).toBe('solid');
      expect(style.width).toBeGreaterThanOrEqual(2);
      // On screen while focused (the skip link slides in).
      expect(style.top).toBeGreaterThanOrEqual(0);
      if (i === 0) await page.screenshot({ path: `${ARTIFACTS}/focus-skip-link.png` });
      if (i === 1) await page.screenshot({ path: `${ARTIFACTS}/focus-language-switch.png` });
    }
    expect(focused).toEqual(['Skip to content', 'English', 'Français', 'Automatic', 'Light', 'Dark']);

    // The skip link takes the focus to the content.
    for (let i = 0; i < 5; i++) await page.keyboard.press('Shift+Tab');
    expect(((await page.locator(':focus').textContent()) ?? '').trim()).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.locator(':focus').getAttribute('id')).toBe('main');
    await page.keyboard.press('Tab');
    expect(await page.locator(':focus').evaluate((el) => el.closest('main') !== null)).toBe(true);
  });

  it('shows the stale notice and the small pages in the same frame', async () => {
    await page.goto(`${server.origin}/status/stale?lang=en`);
    expect(await textOf(page, '.notice')).toBe('Vigie cannot reach its database: this page shows the state of 13:57 CEST.');
    await page.screenshot({ path: `${ARTIFACTS}/stale-en.png` });
    const response = await page.goto(`${server.origin}/nowhere?lang=fr`);
    expect(response?.status()).toBe(404);
    expect(await textOf(page, '#message')).toBe('Page introuvable');
    await page.screenshot({ path: `${ARTIFACTS}/not-found-fr.png` });
  });
});

describe.skipIf(!chromiumPath)('status page audited by axe-core (Chromium, scripts enabled for axe only)', () => {
  let session: ChromiumSession;
  let page: Page;

  beforeAll(async () => {
    // The page's CSP allows no script; the audit injects axe, so this context bypasses the CSP.
    session = await launchChromium(chromiumPath!, { javaScriptEnabled: true, bypassCSP: true, viewport: { width: 1000, height: 900 } });
    page = session.context.pages()[0] ?? (await session.context.newPage());
  });

  afterAll(async () => {
    await session?.close();
  });

  /** Serious and critical WCAG 2.1 A/AA violations of the page at `path`, with every `<details>` opened. */
  async function audit(path: string, colorScheme: 'light' | 'dark'): Promise<string[]> {
    await page.emulateMedia({ colorScheme });
    await page.goto(`${server.origin}${path}`);
    await page.evaluate(() => (globalThis as unknown as Browser).document.querySelectorAll('details').forEach((d) => d.setAttribute('open', '')));
    await page.addScriptTag({ path: AXE });
    const violations = await page.evaluate(async () => {
      const browser = globalThis as unknown as Browser;
      const result = await browser.axe.run(browser.document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }, resultTypes: ['violations'] });
      return result.violations;
    });
    return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)).join(', ')}`);
  }

  for (const lang of ['en', 'fr'] as const) {
    for (const theme of ['light', 'dark'] as const) {
      it(`has no serious or critical violation in ${lang}, ${theme} theme`, async () => {
        expect(await audit(`/status/public?lang=${lang}&theme=${theme}`, theme)).toEqual([]);
      });
    }
  }

  it('has none in the automatic theme under a dark system preference, on the stale page and on a message page', async () => {
    expect(await audit('/status/public?lang=en', 'dark')).toEqual([]);
    expect(await audit('/status/stale?lang=fr&theme=dark', 'dark')).toEqual([]);
    expect(await audit('/nowhere?lang=en', 'light')).toEqual([]);
  });

  it('reports a violation when there is one (the audit can fail)', async () => {
    await page.setContent('<!doctype html><html lang="en"><head><title>bad</title></head><body><main><p style="color:#777;background:#888">unreadable</p><img src="data:,"></main></body></html>');
    await page.addScriptTag({ path: AXE });
    const ids = await page.evaluate(async () => {
      const browser = globalThis as unknown as Browser;
      return (await browser.axe.run(browser.document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } })).violations.map((v) => v.id);
    });
    expect(ids).toContain('color-contrast');
    expect(ids).toContain('image-alt');
  });
});
