/**
 * @module What the console's browser tests share: a page that is ready (its title shown, nothing
 * loading), axe-core's serious and critical violations, language and theme choices, signing in and
 * out through the pages, the administrator made through the setup API, and the API as the
 * browser's session sees it (with its CSRF token).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { APIRequestContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { App } from '../../src/app.js';
import { launchChromium, type ChromiumSession } from './chromium.js';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export const LANGS = ['en', 'fr'] as const;
export const THEMES = ['light', 'dark'] as const;
export type Lang = (typeof LANGS)[number];
export type Theme = (typeof THEMES)[number];

/** The browser globals used by functions evaluated in the page (this project compiles without the DOM library). */
export interface PageGlobals {
  document: unknown;
  localStorage: { setItem(key: string, value: string): void; removeItem(key: string): void };
  axe: { run(context: unknown, options: object): Promise<{ violations: AxeViolation[] }> };
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** Text with its runs of spaces (also no-break and narrow no-break ones) made single. */
export function clean(text: string | null): string {
  return (text ?? '').replace(/[\s\u00a0\u202f]+/g, ' ').trim();
}

/** Waits for the page titled `title` to show with nothing left loading. */
export async function ready(page: Page, title: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: title, exact: true }).waitFor({ timeout: 60_000 });
  await expect.poll(() => page.locator('.loading').count(), { timeout: 60_000 }).toBe(0);
}

/** The serious and critical axe-core violations of the page (WCAG 2.1 A/AA and best practices). */
export async function audit(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const browser = globalThis as unknown as PageGlobals;
    const result = await browser.axe.run(browser.document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }, resultTypes: ['violations'] });
    return result.violations;
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)).join(', ')}`);
}

/** Makes the console use `lang` and `theme` from the next load of a page. */
export async function choose(page: Page, lang: Lang, theme: Theme): Promise<void> {
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

/** Fills the English sign-in form and submits it. */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Logs out through the header and waits for the plain sign-in page (titled `loginTitle`). */
export async function signOut(page: Page, loginTitle = 'Sign in'): Promise<void> {
  await page.getByRole('button', { name: 'Log out' }).click();
  // A deliberate log-out lands on the plain sign-in page, not on one that sends back to where the user was.
  await page.waitForURL((url) => url.pathname === '/login' && !url.searchParams.has('next'));
  await ready(page, loginTitle);
}

/** Creates the first administrator through the setup API, with the token the app logged. */
export async function setupAdmin(app: App, admin: { username: string; password: string; displayName: string }): Promise<void> {
  const setup = await fetch(`${app.url}/api/v1/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ setup_token: await app.setupToken(), username: admin.username, password: admin.password, display_name: admin.displayName }),
  });
  expect(setup.status, await setup.clone().text()).toBe(201);
}

/** The API as this browser's session sees it: reads, and writes with the session's CSRF token. */
export async function sessionApi(request: APIRequestContext, base: string) {
  const session = await request.get(`${base}/api/v1/session`);
  expect(session.status()).toBe(200);
  const csrf = ((await session.json()) as { csrf: string }).csrf;
  return {
    get: async <T>(path: string): Promise<T> => {
      const res = await request.get(`${base}${path}`);
      expect(res.status(), `${path}: ${await res.text()}`).toBe(200);
      return (await res.json()) as T;
    },
    post: async <T>(path: string, data: unknown, status = 201): Promise<T> => {
      const res = await request.post(`${base}${path}`, { headers: { 'x-csrf-token': csrf }, data });
      expect(res.status(), `${path}: ${await res.text()}`).toBe(status);
      return (await res.json()) as T;
    },
  };
}

/**
 * Chromium with the console tests' viewport, locale and time zone, and its page: CSP reports and
 * uncaught errors of the page are added to `problems` (a test expects it empty at the end).
 */
export async function openConsolePage(chromiumPath: string, problems: string[]): Promise<{ session: ChromiumSession; page: Page }> {
  const session = await launchChromium(chromiumPath, { viewport: { width: 1280, height: 900 }, locale: 'en-US', timezoneId: 'Europe/Paris' });
  const page = session.context.pages()[0] ?? (await session.context.newPage());
  page.setDefaultTimeout(60_000);
  page.on('console', (message) => {
    if (/Content[- ]Security[- ]Policy/i.test(message.text())) problems.push(`CSP: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  return { session, page };
}

/**
 * Opens `url` in both languages and themes, checks its title (and `check`, when given), and
 * returns axe-core's serious and critical violations; screenshots `<name>-<lang>-<theme>.png`
 * into `artifacts`. The page is left in English and the light theme, on `home`.
 */
export async function auditLanguagesAndThemes(
  page: Page,
  target: { url: string; name: string; titles: Record<Lang, string>; artifacts: string; home: string },
  check?: (lang: Lang) => Promise<void>,
): Promise<string[]> {
  const found: string[] = [];
  for (const lang of LANGS) {
    for (const theme of THEMES) {
      await choose(page, lang, theme);
      await page.goto(target.url);
      await ready(page, target.titles[lang]);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      await check?.(lang);
      found.push(...(await audit(page)).map((v) => `${new URL(target.url).pathname} ${lang} ${theme}: ${v}`));
      await page.screenshot({ path: join(target.artifacts, `${target.name}-${lang}-${theme}.png`), fullPage: true });
    }
  }
  await choose(page, 'en', 'light');
  await page.goto(target.home);
  return found;
}
