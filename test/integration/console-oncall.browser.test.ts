/**
 * The console's on-call page and the people and schedules settings pages in a real browser (the
 * system Chromium through playwright-core) against a whole Vigie on SQLite. The administrator's
 * time zone is America/New_York, the schedule's Europe/Paris, so the calendar's days and times
 * are the user's, not the schedule's:
 * - /oncall: today's row of the calendar names whom the shifts API names for that day; next and
 *   previous move by a week with the keyboard;
 * - an override added through the form makes `GET /api/v1/oncall` name that person, and the page
 *   shows it (on call now, the calendar, the overrides list); deleting it gives the stretch back
 *   to the rotation, in the API and on the page;
 * - a viewer sees the calendar and the overrides but no form and no delete button, and contact
 *   addresses masked on /settings/people;
 * - /settings/people and /settings/schedules list the configuration;
 * - axe-core on these pages in both languages and themes, and screenshots in test-artifacts/console/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { daysOf, localParts, toLocalInput } from '../../console/src/pages/oncall-time.js';
import { startApp, type App } from '../../src/app.js';
import { appDatabase, type AppDatabase } from '../helpers/app-database.js';
import { builtConsole } from '../helpers/console-build.js';
import { launchChromium, requireChromium, type ChromiumSession } from '../helpers/chromium.js';
import { audit, choose, clean, LANGS, ready, sessionApi, setupAdmin, signIn, THEMES } from '../helpers/console-session.js';

const chromiumPath = requireChromium('console on-call browser tests');
const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/console/', import.meta.url));

const ADMIN = { username: 'odile', displayName: 'Odile Martin', password: 'on-call-night-2026!' };
const VIEWER = { username: 'valere', displayName: 'Valère Dupont', password: 'viewer-password-1871' };
const USER_ZONE = 'America/New_York';
const HOUR = 3_600_000;

const TITLES = {
  login: { en: 'Sign in', fr: 'Connexion' },
  overview: { en: 'Overview', fr: 'Vue d’ensemble' },
  oncall: { en: 'On call', fr: 'Astreinte' },
  people: { en: 'People', fr: 'Personnes' },
  schedules: { en: 'Schedules', fr: 'Plannings' },
} as const;

const CONFIG = `server: { host: 127.0.0.1, port: 0 }
monitors:
  - { id: beat, heartbeat: { period: 1h, token: console-oncall-heartbeat-token } }
people:
  - { id: ana, name: Ana Lopez, language: fr, time_zone: Europe/Paris, contacts: [{ channel: mail, to: ana.lopez@example.org }] }
  - { id: ben, name: Ben Okafor, contacts: [{ channel: mail, to: ben.okafor@example.org }] }
  - { id: carla, name: Carla Rossi, contacts: [{ channel: mail, to: carla.rossi@example.org }, { channel: ops-hook }] }
schedules:
  - id: primary
    name: Primary on-call
    time_zone: Europe/Paris
    layers:
      - { name: daily, rotation: daily, start: '2026-01-05T09:00', members: [ana, ben] }
channels:
  - { id: mail, name: Mail, email: { host: 127.0.0.1, port: 2525, starttls: never, from: vigie@example.org } }
  - { id: ops-hook, name: Ops hook, webhook: { url: 'http://127.0.0.1:9/hook' } }
`;

interface Shift { person: { id: string; name: string }; source: { kind: string }; since: string; until: string }
interface OnCall { items: Array<{ onCall: { person: { id: string; name: string }; source: { kind: string } } | null }> }

describe.skipIf(!chromiumPath)('console on-call, people and schedules in Chromium (SQLite)', () => {
  let db: AppDatabase;
  let app: App;
  let session: ChromiumSession;
  let page: Page;
  const browserProblems: string[] = [];

  /** Names on today's row of the calendar (the user's today). */
  const todayRow = () => {
    const today = localParts(Date.now(), USER_ZONE);
    const key = `${today.year}-${String(today.month).padStart(2, '0')}-${String(today.day).padStart(2, '0')}`;
    return page.locator(`table.oncall-days[data-schedule="primary"] tr[data-day="${key}"]`);
  };
  const todayShifts = async () => {
    const day = daysOf('week', localParts(Date.now(), USER_ZONE), USER_ZONE).find((d) => d.start <= Date.now() && Date.now() < d.end)!;
    const api = await sessionApi(session.context.request, app.url);
    return (await api.get<{ items: Shift[] }>(`/api/v1/schedules/primary/shifts?from=${day.start}&to=${day.end}`)).items;
  };

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    process.env['VIGIE_CONSOLE_DIR'] = await builtConsole();
    db = appDatabase('sqlite');
    const configPath = join(db.dir, 'vigie.yaml');
    writeFileSync(configPath, CONFIG);
    app = await startApp({ ...db.appOptions(configPath), watch: false });
    await setupAdmin(app, ADMIN);
    session = await launchChromium(chromiumPath!, { viewport: { width: 1280, height: 900 }, locale: 'en-US', timezoneId: 'Europe/Paris' });
    page = session.context.pages()[0] ?? (await session.context.newPage());
    page.setDefaultTimeout(60_000);
    page.on('console', (message) => {
      if (/Content[- ]Security[- ]Policy/i.test(message.text())) browserProblems.push(`CSP: ${message.text()}`);
    });
    page.on('pageerror', (error) => browserProblems.push(`uncaught: ${error.message}`));
  }, 600_000);

  afterAll(async () => {
    await session?.close();
    await app?.close();
    delete process.env['VIGIE_CONSOLE_DIR'];
    await db?.cleanup();
  });

  it('signs in the administrator, whose time zone differs from the browser’s and the schedule’s', async () => {
    await page.goto(`${app.url}/login`);
    await ready(page, TITLES.login.en);
    await signIn(page, ADMIN.username, ADMIN.password);
    await page.waitForURL((url) => url.pathname === '/');
    await ready(page, TITLES.overview.en);
    const api = await sessionApi(session.context.request, app.url);
    const { csrf } = await api.get<{ csrf: string }>('/api/v1/session');
    const patched = await session.context.request.patch(`${app.url}/api/v1/me`, { headers: { 'x-csrf-token': csrf }, data: { time_zone: USER_ZONE } });
    expect(patched.status(), await patched.text()).toBe(200);
  });

  it('shows in the calendar, in the user’s zone named, whom the shifts API names; previous and next work from the keyboard', async () => {
    await page.goto(`${app.url}/oncall`);
    await ready(page, TITLES.oncall.en);
    const calendar = page.getByRole('region', { name: 'Calendar of Primary on-call' });
    const caption = calendar.locator('caption');
    await caption.waitFor();
    expect(clean(await caption.textContent())).toContain(`times in ${USER_ZONE} (your time zone)`);
    expect(clean(await calendar.textContent())).toContain('The schedule hands off in Europe/Paris.');
    expect(await calendar.locator('tbody tr').count()).toBe(7);

    const expected = [...new Set((await todayShifts()).map((s) => s.person.name))];
    expect(expected.length).toBeGreaterThan(0);
    const shown = (await todayRow().locator('li').allTextContents()).map(clean);
    expect(shown.length).toBe((await todayShifts()).length);
    for (const name of expected) expect(shown.some((line) => line.includes(name)), `${name} in ${shown.join(' | ')}`).toBe(true);
    for (const line of shown) expect(expected.some((name) => line.includes(name))).toBe(true);

    const first = clean(await caption.textContent());
    await calendar.getByRole('button', { name: 'Next week' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(async () => clean(await caption.textContent())).not.toBe(first);
    expect(await todayRow().count()).toBe(0);
    await calendar.getByRole('button', { name: 'Previous week' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(async () => clean(await caption.textContent())).toBe(first);
    await calendar.getByLabel('Show').selectOption('month');
    await expect.poll(() => calendar.locator('tbody tr').count()).toBeGreaterThanOrEqual(28);
    await calendar.getByLabel('Show').selectOption('week');
    await page.screenshot({ path: join(ARTIFACTS, 'oncall-calendar-en-light.png'), fullPage: true });
  });

  it('adds an override through the form: the API names that person, and the page shows it; deleting it restores the rotation', async () => {
    const api = await sessionApi(session.context.request, app.url);
    const before = (await api.get<OnCall>('/api/v1/oncall')).items[0]!.onCall!;
    expect(before.source.kind).toBe('layer');
    await page.goto(`${app.url}/oncall`);
    await ready(page, TITLES.oncall.en);
    const form = page.getByRole('form', { name: 'Put someone on call instead' });
    await form.getByLabel('Person').selectOption('carla');
    expect(clean(await form.textContent())).toContain(`Start (${USER_ZONE})`);
    await form.getByLabel(`Start (${USER_ZONE})`).fill(toLocalInput(Date.now() - HOUR, USER_ZONE));
    await form.getByLabel(`End (${USER_ZONE})`).fill(toLocalInput(Date.now() + 3 * HOUR, USER_ZONE));
    await form.getByLabel('Note (optional)').fill('covering the night');
    await form.getByRole('button', { name: 'Add the override' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Override added' }).count()).toBe(1);

    const after = (await api.get<OnCall>('/api/v1/oncall')).items[0]!.onCall!;
    expect(after.person).toEqual({ id: 'carla', name: 'Carla Rossi' });
    expect(after.source).toEqual({ kind: 'override', note: 'covering the night' });
    const nowRow = page.getByRole('row', { name: /^Primary on-call / });
    await expect.poll(async () => clean(await nowRow.textContent())).toContain('Carla Rossi');
    expect(clean(await nowRow.textContent())).toContain('override: covering the night');
    await expect.poll(async () => clean(await todayRow().locator('li.oncall-override').first().textContent())).toContain('Carla Rossi');
    const overrides = page.locator('table.oncall-overrides[data-schedule="primary"]');
    const row = overrides.getByRole('row', { name: /^Carla Rossi / });
    expect(clean(await row.textContent())).toContain('covering the night');
    expect(clean(await row.textContent())).toContain(`by ${ADMIN.username}`);
    await page.screenshot({ path: join(ARTIFACTS, 'oncall-override-added.png'), fullPage: true });

    await row.getByRole('button', { name: 'Delete the override of Carla Rossi' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Override of Carla Rossi deleted.' }).count()).toBe(1);
    const restored = (await api.get<OnCall>('/api/v1/oncall')).items[0]!.onCall!;
    expect(restored).toEqual(before);
    await expect.poll(async () => clean(await nowRow.textContent())).toContain(before.person.name);
    expect(clean(await nowRow.textContent())).not.toContain('Carla Rossi');
    await expect.poll(() => todayRow().locator('li.oncall-override').count()).toBe(0);
    expect(await overrides.count()).toBe(0);
  });

  it('gives a viewer the calendar and overrides but no form or delete button, and masked addresses', async () => {
    // An override made through the API, which the viewer sees but may not delete.
    const api = await sessionApi(session.context.request, app.url);
    await api.post('/api/v1/users', { username: VIEWER.username, password: VIEWER.password, role: 'viewer', display_name: VIEWER.displayName });
    await api.post('/api/v1/schedules/primary/overrides', { person: 'ben', start: Date.now() + 24 * HOUR, end: Date.now() + 30 * HOUR, note: 'swap' });
    const other = await launchChromium(chromiumPath!, { viewport: { width: 390, height: 844 }, locale: 'en-US', timezoneId: 'Europe/Paris' });
    try {
      const viewer = other.context.pages()[0] ?? (await other.context.newPage());
      viewer.setDefaultTimeout(60_000);
      await viewer.goto(`${app.url}/login`);
      await ready(viewer, TITLES.login.en);
      await signIn(viewer, VIEWER.username, VIEWER.password);
      await viewer.waitForURL((url) => url.pathname === '/');
      await viewer.goto(`${app.url}/oncall`);
      await ready(viewer, TITLES.oncall.en);
      await viewer.getByRole('region', { name: 'Calendar of Primary on-call' }).locator('caption').waitFor();
      await viewer.locator('table.oncall-overrides').getByRole('row', { name: /^Ben Okafor / }).waitFor();
      expect(await viewer.getByRole('form', { name: 'Put someone on call instead' }).count()).toBe(0);
      expect(await viewer.getByRole('button', { name: /^Delete the override/ }).count()).toBe(0);
      await viewer.screenshot({ path: join(ARTIFACTS, 'oncall-viewer-phone.png'), fullPage: true });

      const links = (await viewer.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).map(clean);
      expect(links).toContain('Settings');
      await viewer.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
      await ready(viewer, TITLES.people.en);
      const table = viewer.locator('#people-table');
      await table.waitFor();
      const text = clean(await table.textContent());
      expect(text).toContain('mail: a…@example.org');
      expect(text).not.toContain('ana.lopez');
      const nav = (await viewer.getByRole('navigation', { name: 'Settings' }).getByRole('link').allTextContents()).map(clean);
      expect(nav).toEqual(['People', 'Schedules']);
    } finally {
      await other.close();
    }
  });

  it('lists the configured people and schedules, read-only, with a note saying where they are defined', async () => {
    await page.goto(`${app.url}/settings/people`);
    await ready(page, TITLES.people.en);
    expect(clean(await page.getByRole('main').textContent())).toContain('People are defined in the configuration file (people:)');
    const rows = page.locator('#people-table tbody tr');
    await expect.poll(() => rows.count()).toBe(3);
    const ana = clean(await page.getByRole('row', { name: /^Ana Lopez / }).textContent());
    expect(ana).toContain('French');
    expect(ana).toContain('Europe/Paris');
    expect(ana).toContain('mail: ana.lopez@example.org'); // an admin sees addresses whole
    expect(clean(await page.getByRole('row', { name: /^Carla Rossi / }).textContent())).toContain('ops-hook (posts to the channel)');
    expect(await page.getByRole('navigation', { name: 'Settings' }).getByRole('link').count()).toBe(5);
    await page.screenshot({ path: join(ARTIFACTS, 'settings-people-en-light.png'), fullPage: true });

    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Schedules' }).click();
    await ready(page, TITLES.schedules.en);
    const schedule = page.getByRole('region', { name: /^Primary on-call/ });
    await schedule.waitFor();
    const text = clean(await schedule.textContent());
    expect(text).toContain('Time zone of hand-offs: Europe/Paris');
    expect(text).toContain('Overrides: 0 in the configuration file, 1 made in the console or the API.');
    const layer = clean(await schedule.getByRole('row', { name: /^daily / }).textContent());
    expect(layer).toContain('daily');
    expect(layer).toContain('2026-01-05 09:00 (Europe/Paris)');
    expect(layer).toContain('Ana Lopez, Ben Okafor');
    expect(layer).toContain('always');
    await page.screenshot({ path: join(ARTIFACTS, 'settings-schedules-en-light.png'), fullPage: true });
  });

  it('has no serious or critical axe violation on these pages (en, fr; light, dark)', async () => {
    const pages: Array<[string, keyof typeof TITLES]> = [['/oncall', 'oncall'], ['/settings/people', 'people'], ['/settings/schedules', 'schedules']];
    const found: string[] = [];
    for (const [path, name] of pages) {
      for (const lang of LANGS) {
        for (const theme of THEMES) {
          await choose(page, lang, theme);
          await page.goto(`${app.url}${path}`);
          await ready(page, TITLES[name][lang]);
          expect(await page.getAttribute('html', 'lang')).toBe(lang);
          found.push(...(await audit(page)).map((v) => `${path} ${lang} ${theme}: ${v}`));
          await page.screenshot({ path: join(ARTIFACTS, `${name === 'oncall' ? 'oncall-calendar' : `settings-${name}`}-${lang}-${theme}.png`), fullPage: true });
        }
      }
    }
    await choose(page, 'en', 'light');
    expect(found).toEqual([]);
  }, 600_000);

  it('saw no CSP violation and no uncaught error in the page all along', () => {
    expect(browserProblems).toEqual([]);
  });
});
