/**
 * The console's incident pages and crisis room in a real browser (the system Chromium through
 * playwright-core) against a whole Vigie on SQLite, the console built by Vite into a temporary
 * folder. In order:
 * - the administrator is created through the setup API and signs in with the form;
 * - a heartbeat monitor stops pushing: its incident appears in /incidents live (same document);
 *   opened, it is acknowledged with the `a` key: the status and the timeline say so;
 * - a public update written in English and French is previewed as the status page will read it
 *   (the public status word and the plain text, in both languages), posted, shown in the timeline
 *   and on /status in both languages;
 * - a crisis activated through the API (the browser's session) is reached from the incident and
 *   from the overview's banner; the crisis room shows the roles with people and the bridge; a
 *   checklist tick persists across a reload; a responder who is not the communication lead is
 *   refused approval with the API's message; the administrator, whose user name is the
 *   communication lead's person id, edits and approves the public draft, then sends it;
 * - axe-core on /incidents, /incidents/:id and /crises/:id in both languages and themes: no
 *   serious or critical violation; screenshots into `test-artifacts/console/`.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { builtConsole } from '../helpers/console-build.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../src/app.js';
import { appDatabase, waitFor, type AppDatabase } from '../helpers/app-database.js';
import { startCaptureServer, type CaptureServer } from '../helpers/capture-server.js';
import { launchChromium, requireChromium, type ChromiumSession } from '../helpers/chromium.js';

const chromiumPath = requireChromium('console incident browser tests');
const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/console/', import.meta.url));
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The administrator's user name is the communication lead's person id: the session acts as her. */
const ADMIN = { username: 'alice', displayName: 'Alice Martin', password: 'night-shift-2026!' };
const RESPONDER = { username: 'dave', displayName: 'Dave Lambert', password: 'responder-pass-2026' };
const UPDATE = { en: 'Calls to Lyon fail; the failover is being started.', fr: 'Les appels vers Lyon échouent ; la bascule est en cours.' };
const LANGS = ['en', 'fr'] as const;
const THEMES = ['light', 'dark'] as const;
type Lang = (typeof LANGS)[number];
type Theme = (typeof THEMES)[number];

interface PageGlobals {
  localStorage: { setItem(key: string, value: string): void };
  document: unknown;
  axe: { run(context: unknown, options: object): Promise<{ violations: AxeViolation[] }> };
  vigieMarker?: string;
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

const config = (token: string, hook: string) => `server: { host: 127.0.0.1, port: 0 }
monitors:
  - id: hb-1
    name: Call server Lyon
    interval: 1s
    confirmations: { down: 1, up: 1 }
    heartbeat: { token: ${token}, period: 5s, grace: 10s, reboot_loop: false }
services:
  - id: calls
    name: { en: Call servers, fr: Serveurs d’appel }
    criticality: vital
    components: [hb-1]
status_pages:
  - id: public
    title: { en: Operator status, fr: État des services }
    languages: [en, fr]
    update_interval: 30m
    components:
      - { service: calls }
channels:
  - { id: hook, webhook: { url: '${hook}' } }
people:
  - { id: alice, name: Alice Martin, contacts: [{ channel: hook }] }
  - { id: bob, name: Bob Durand, language: fr, contacts: [{ channel: hook }] }
crisis:
  cells:
    - id: telecom
      name: { en: Telecom crisis cell, fr: Cellule de crise télécom }
      roles:
        crisis_lead: [bob]
        communication_lead: [alice]
      bridge: https://meet.example.org/crisis
      checklists:
        default:
          - { en: Open the bridge, fr: Ouvrir le pont }
          - { en: Name a scribe, fr: Nommer un secrétaire }
  obligations:
    - { id: public-updates, audience: public, within: 30m, every: 30m }
`;

function clean(text: string | null): string {
  return (text ?? '').replace(/[\s\u00a0\u202f]+/g, ' ').trim();
}

async function ready(page: Page, title: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: title, exact: true }).waitFor({ timeout: 60_000 });
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

async function auditEverywhere(page: Page, path: string, name: string, titles: Record<Lang, string>): Promise<string[]> {
  const found: string[] = [];
  for (const lang of LANGS) {
    for (const theme of THEMES) {
      await choose(page, lang, theme);
      await page.goto(path);
      await ready(page, titles[lang]);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      found.push(...(await audit(page)).map((v) => `${path} ${lang} ${theme}: ${v}`));
      await page.screenshot({ path: join(ARTIFACTS, `${name}-${lang}-${theme}.png`), fullPage: true });
    }
  }
  await choose(page, 'en', 'light');
  return found;
}

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto(page.url().startsWith('http') ? new URL('/login', page.url()).href : '/login');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname === '/');
  await ready(page, 'Overview');
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.waitForURL((url) => url.pathname === '/login');
}

describe.skipIf(!chromiumPath)('console incidents and crisis room in Chromium (SQLite)', () => {
  const token = `hb1-${randomBytes(12).toString('hex')}`;
  let outDir: string;
  let db: AppDatabase;
  let app: App;
  let capture: CaptureServer;
  let session: ChromiumSession;
  let page: Page;
  let pushing = true;
  let pushTimer: ReturnType<typeof setInterval> | undefined;
  const browserProblems: string[] = [];
  let incidentId = 0;
  let incidentTitle = { en: '', fr: '' };
  let crisisId = 0;
  let crisisTitle = { en: '', fr: '' };

  /** A write through the browser's session (its cookie and CSRF token). */
  const sessionCall = async (method: 'POST' | 'GET', path: string, data?: unknown) => {
    const api = session.context.request;
    const csrf = ((await (await api.get(`${app.url}/api/v1/session`)).json()) as { csrf: string }).csrf;
    const res = await api.fetch(`${app.url}${path}`, { method, headers: { 'x-csrf-token': csrf }, ...(data !== undefined ? { data } : {}) });
    return { status: res.status(), body: (await res.json()) as any };
  };

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    outDir = await builtConsole(); // shared by the browser tests of the run; never written to
    process.env['VIGIE_CONSOLE_DIR'] = outDir;
    capture = await startCaptureServer();
    db = appDatabase('sqlite');
    const configPath = join(db.dir, 'vigie.yaml');
    writeFileSync(configPath, config(token, `${capture.origin}/hook`));
    app = await startApp({ ...db.appOptions(configPath), watch: false, incidents: { pollMs: 200 }, notifications: { pollMs: 200 } });
    const push = () => void fetch(`${app.url}/api/v1/push/${token}`, { method: 'POST' }).catch(() => undefined);
    push();
    pushTimer = setInterval(() => pushing && push(), 2000);
    await waitFor('hb-1 up', () => app.engine.stateOf('hb-1')?.state === 'up', 30_000);

    session = await launchChromium(chromiumPath!, { viewport: { width: 1280, height: 900 }, locale: 'en-US', timezoneId: 'Europe/Paris' });
    page = session.context.pages()[0] ?? (await session.context.newPage());
    page.setDefaultTimeout(60_000);
    page.on('console', (message) => {
      if (/Content[- ]Security[- ]Policy/i.test(message.text())) browserProblems.push(`CSP: ${message.text()}`);
    });
    page.on('pageerror', (error) => browserProblems.push(`uncaught: ${error.message}`));
  }, 300_000);

  afterAll(async () => {
    if (pushTimer) clearInterval(pushTimer);
    await session?.close();
    await app?.close();
    await capture?.close();
    delete process.env['VIGIE_CONSOLE_DIR'];
    await db?.cleanup();
  });

  it('creates the administrator through the setup API and signs in with the form', async () => {
    const res = await fetch(`${app.url}/api/v1/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ setup_token: await app.setupToken(), username: ADMIN.username, password: ADMIN.password, display_name: ADMIN.displayName }),
    });
    expect(res.status, await res.clone().text()).toBeLessThan(300);
    await page.goto(`${app.url}/login`);
    await signIn(page, ADMIN.username, ADMIN.password);
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect((await nav.getByRole('link').allTextContents()).map(clean)).toContain('Incidents');
  });

  it('shows the incident of a monitor going down live in /incidents, then acknowledges it with the `a` key', async () => {
    await page.goto(`${app.url}/incidents`);
    await ready(page, 'Incidents');
    await expect.poll(() => page.getByText('No incident matches these filters.').isVisible()).toBe(true);
    await page.evaluate(() => ((globalThis as unknown as PageGlobals).vigieMarker = 'same document'));

    pushing = false;
    const incident = await waitFor('an incident on hb-1', async () => (await app.store.incidents.active()).find((i) => i.affected.includes('monitor:hb-1')), 90_000, 250);
    incidentId = incident.id;
    incidentTitle = incident.title;
    const link = page.getByRole('link', { name: incident.title.en, exact: true });
    await link.waitFor({ timeout: 60_000 });
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).vigieMarker)).toBe('same document');
    const row = page.locator('.incidents-table tbody tr', { has: link });
    expect(clean(await row.textContent())).toContain(incident.severity);
    expect(clean(await row.textContent())).toContain('Open');
    // The severity filter: another severity hides it, its own shows it.
    const other = incident.severity === 'SEV4' ? 'SEV3' : 'SEV4';
    const severity = page.locator('label:has(> span:text-is("Severity")) select');
    await severity.selectOption(other);
    await expect.poll(() => page.getByText('No incident matches these filters.').isVisible()).toBe(true);
    await severity.selectOption(incident.severity);
    await link.waitFor();
    await page.getByLabel('Search by title or number').fill('no such words');
    await expect.poll(() => link.count()).toBe(0);
    await page.getByLabel('Search by title or number').fill(String(incident.id));
    await link.waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'incidents-live-en-light.png'), fullPage: true });

    await link.click();
    await page.waitForURL((url) => url.pathname === `/incidents/${incident.id}`);
    await ready(page, `Incident #${incident.id}: ${incident.title.en}`);
    const status = page.getByTestId('incident-status');
    expect(await status.textContent()).toBe('Open');
    expect(await page.locator('.inc-timeline li[data-kind="opened"]').count()).toBe(1);
    expect(await page.getByText('Shortcut: press A on this page to acknowledge.').isVisible()).toBe(true);
    await page.locator('h1').click();
    await page.keyboard.press('a');
    await expect.poll(() => status.textContent(), { timeout: 30_000 }).toBe('Acknowledged');
    const acknowledged = page.locator('.inc-timeline li[data-kind="acknowledged"]');
    await acknowledged.waitFor();
    expect(clean(await acknowledged.textContent())).toContain(`by ${ADMIN.username}`);
    expect(await page.getByRole('button', { name: 'Acknowledge' }).isDisabled()).toBe(true);
    expect((await app.store.incidents.get(incident.id))?.status).toBe('acknowledged');
  }, 180_000);

  it('previews a public update in English and French, posts it, and shows it in the timeline and on /status', async () => {
    await page.getByLabel('Public update (status page)').check();
    await page.getByLabel('Text in English').fill(UPDATE.en);
    await page.getByLabel('Text in French').fill(UPDATE.fr);
    const preview = page.getByRole('region', { name: 'Preview on the status page' });
    // The public status word the status page shows for an acknowledged incident, then the text as typed.
    expect(await preview.locator('[lang="en"] strong').textContent()).toBe('Identified');
    expect(await preview.locator('[lang="en"] .inc-plain').textContent()).toBe(UPDATE.en);
    expect(await preview.locator('[lang="fr"] strong').textContent()).toBe('Cause identifiée');
    expect(await preview.locator('[lang="fr"] .inc-plain').textContent()).toBe(UPDATE.fr);
    await page.screenshot({ path: join(ARTIFACTS, 'incident-composer-en-light.png'), fullPage: true });
    // An internal note has no preview.
    await page.getByLabel('Internal note (responders only)').check();
    expect(await preview.count()).toBe(0);
    await page.getByLabel('Public update (status page)').check();

    await page.getByRole('button', { name: 'Post the update' }).click();
    await page.getByText('Update posted.').waitFor();
    const entry = page.locator('.inc-timeline li[data-kind="update_public"]');
    await entry.waitFor();
    expect(clean(await entry.textContent())).toContain(UPDATE.en);
    expect(await page.getByLabel('Text in English').inputValue()).toBe('');
    const stored = (await app.store.incidents.timeline(incidentId)).filter((e) => e.kind === 'update_public');
    expect(stored.map((e) => e.text)).toEqual([UPDATE]);

    const statusText = async (lang: Lang) => (await fetch(`${app.url}/status?lang=${lang}`)).text();
    await waitFor('the update on /status in English', async () => (await statusText('en')).includes(UPDATE.en), 90_000, 500);
    await waitFor('the update on /status in French', async () => (await statusText('fr')).includes(UPDATE.fr), 90_000, 500);
    await page.goto(`${app.url}/status`);
    await page.screenshot({ path: join(ARTIFACTS, 'status-after-update.png'), fullPage: true });
  }, 240_000);

  it('opens the crisis room from the incident and the overview: roles, bridge, a checklist tick that persists', async () => {
    const activated = await sessionCall('POST', '/api/v1/crises', { cell: 'telecom', incident: incidentId, reason: 'Browser test: calls failing' });
    expect(activated.status, JSON.stringify(activated.body)).toBe(201);
    crisisId = activated.body.id;
    crisisTitle = activated.body.title;

    await page.goto(`${app.url}/incidents/${incidentId}`);
    await ready(page, `Incident #${incidentId}: ${incidentTitle.en}`);
    await page.getByRole('link', { name: `Crisis room #${crisisId}` }).click();
    await page.waitForURL((url) => url.pathname === `/crises/${crisisId}`);
    const heading = `Crisis room #${crisisId}: ${crisisTitle.en}`;
    await ready(page, heading);
    await page.goto(`${app.url}/`);
    await ready(page, 'Overview');
    await page.getByRole('link', { name: `Crisis #${crisisId} — Telecom crisis cell` }).click();
    await page.waitForURL((url) => url.pathname === `/crises/${crisisId}`);
    await ready(page, heading);

    const roles = clean(await page.locator('.cr-roles').textContent());
    expect(roles).toContain('crisis leadBob Durand');
    expect(roles).toContain('communication leadAlice Martin');
    expect(await page.getByRole('link', { name: 'Join the bridge' }).getAttribute('href')).toBe('https://meet.example.org/crisis');
    expect(clean(await page.locator('.cr-deadlines').textContent())).toMatch(/due in \d+/);
    expect(await page.getByRole('link', { name: `Incident #${incidentId}: ${incidentTitle.en}` }).count()).toBe(1);

    const tick = page.getByRole('checkbox', { name: 'Open the bridge' });
    expect(await tick.isChecked()).toBe(false);
    await tick.check();
    await waitFor('the checklist item done', async () => (await app.store.crises.get(crisisId))?.checklist[0]?.doneAt != null, 30_000, 200);
    await page.reload();
    await ready(page, heading);
    expect(await page.getByRole('checkbox', { name: 'Open the bridge' }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: 'Name a scribe' }).isChecked()).toBe(false);
    await page.screenshot({ path: join(ARTIFACTS, 'crisis-room-en-light.png'), fullPage: true });
  }, 120_000);

  it('refuses approval to a responder who is not the communication lead (the API’s message), and the lead approves and sends the public draft', async () => {
    const created = await sessionCall('POST', '/api/v1/users', { username: RESPONDER.username, password: RESPONDER.password, role: 'responder', display_name: RESPONDER.displayName });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const draft = page.locator('article.cr-draft', { has: page.getByRole('heading', { name: /— public/ }) });

    await signOut(page);
    await signIn(page, RESPONDER.username, RESPONDER.password);
    await page.goto(`${app.url}/crises/${crisisId}`);
    await ready(page, `Crisis room #${crisisId}: ${crisisTitle.en}`);
    await draft.getByRole('button', { name: 'Approve' }).click();
    const refusal = draft.getByRole('alert');
    await refusal.waitFor();
    expect(clean(await refusal.textContent())).toMatch(/^Refused: .*communication lead.*Alice Martin/);
    expect((await app.store.crises.drafts(crisisId)).find((d) => d.audience === 'public')?.status).toBe('draft');
    await page.screenshot({ path: join(ARTIFACTS, 'crisis-approval-refused-en-light.png'), fullPage: true });
    await signOut(page);

    await signIn(page, ADMIN.username, ADMIN.password);
    await page.goto(`${app.url}/crises/${crisisId}`);
    await ready(page, `Crisis room #${crisisId}: ${crisisTitle.en}`);
    // A draft still holding [[parts to complete]] is refused approval (409, the API's message shown).
    const todo = /\[\[[^\]]*\]\]/g;
    const fields = ['Subject (English)', 'Message (English)', 'Subject (French)', 'Message (French)'].map((label) => draft.getByLabel(label));
    const hadTodos = (await Promise.all(fields.map((f) => f.inputValue()))).some((text) => text.includes('[['));
    if (hadTodos) {
      await draft.getByRole('button', { name: 'Approve' }).click();
      await expect.poll(async () => clean(await draft.getByRole('alert').textContent())).toMatch(/parts to complete before approval/);
    }
    for (const field of fields) await field.fill((await field.inputValue()).replace(todo, 'about 2,000 customers'));
    const body = draft.getByLabel('Message (English)');
    const edited = `${await body.inputValue()}\nNext update within 30 minutes.`;
    await body.fill(edited);
    await draft.getByRole('button', { name: 'Save the texts' }).click();
    await draft.getByText('Texts saved.').waitFor();
    await draft.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(async () => clean(await draft.locator('h3 .badge').textContent()), { timeout: 30_000 }).toBe('Approved');
    expect(clean(await draft.textContent())).toContain('Approved by Alice Martin');
    const approved = (await app.store.crises.drafts(crisisId)).find((d) => d.audience === 'public')!;
    expect(approved.status).toBe('approved');
    expect(approved.approvedBy).toBe('alice');
    expect(approved.texts.en.body).toBe(edited.trim());
    await page.screenshot({ path: join(ARTIFACTS, 'crisis-draft-approved-en-light.png'), fullPage: true });

    // Sending meets the deadline; the next public update's deadline brings a new draft: the sent one is found by its id.
    const sent = page.locator('article.cr-draft', { has: page.locator(`#cr-draft-${approved.id}`) });
    await sent.getByRole('button', { name: 'Send' }).click();
    await expect.poll(async () => clean(await sent.locator('h3 .badge').textContent()), { timeout: 30_000 }).toBe('Sent');
    expect((await app.store.crises.getDraft(approved.id))?.status).toBe('sent');
  }, 180_000);

  it('has no serious or critical axe violation on /incidents, /incidents/:id and /crises/:id (en, fr; light, dark)', async () => {
    const found = await auditEverywhere(page, `${app.url}/incidents`, 'incidents', { en: 'Incidents', fr: 'Incidents' });
    found.push(...(await auditEverywhere(page, `${app.url}/incidents/${incidentId}`, 'incident', { en: `Incident #${incidentId}: ${incidentTitle.en}`, fr: `Incident n° ${incidentId} : ${incidentTitle.fr}` })));
    found.push(...(await auditEverywhere(page, `${app.url}/crises/${crisisId}`, 'crisis', { en: `Crisis room #${crisisId}: ${crisisTitle.en}`, fr: `Salle de crise n° ${crisisId} : ${crisisTitle.fr}` })));
    expect(found).toEqual([]);
  }, 600_000);

  it('saw no CSP violation and no uncaught error in the page all along', () => {
    expect(browserProblems).toEqual([]);
  });
});
