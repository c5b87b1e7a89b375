/**
 * The console's account, settings, on-call and changes pages in a real browser (the system
 * Chromium through playwright-core) against a whole Vigie on SQLite, the console built once by
 * Vite into a temporary folder. The administrator is made through the setup API; then, through
 * the pages only:
 * - /account: French saved to the user (the API's session says `fr`; after a reload, and with
 *   this browser's own choice forgotten, the console is still French), then English through the
 *   header's switch, saved to the user as well;
 * - TOTP enrolled on /account (code made by otplib from the secret shown), the ten recovery codes
 *   shown once, then signing in with a recovery code;
 * - /settings/users: the last admin cannot be demoted (the 409 said in words), a viewer created,
 *   who in a browser of their own has no settings in the navigation and is told "not allowed" on
 *   /settings/users; then disabled and deleted;
 * - /settings/tokens: a token created (its secret shown once, and working), then revoked (and
 *   refused);
 * - /settings/audit: the sign-ins and the user's creation;
 * - /oncall: who the API says is on call; a channel test reaches a loopback server;
 * - /changes: a change recorded through the API and a rollout's guard verdict per ring, the
 *   same as the API's, without the page recording a decision;
 * - axe-core on every page in both languages and themes, and screenshots in test-artifacts/console/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from 'otplib';
import type { Page } from 'playwright-core';
import { builtConsole } from '../helpers/console-build.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../src/app.js';
import { appDatabase, type AppDatabase } from '../helpers/app-database.js';
import { startCaptureServer, type CaptureServer } from '../helpers/capture-server.js';
import { launchChromium, requireChromium, type ChromiumSession } from '../helpers/chromium.js';
import { audit, choose, clean, LANGS, ready, sessionApi, setupAdmin, signIn, signOut, THEMES, type PageGlobals } from '../helpers/console-session.js';

const chromiumPath = requireChromium('console settings browser tests');
const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/console/', import.meta.url));

const ADMIN = { username: 'alice', displayName: 'Alice Martin', password: 'night-shift-2026!' };
const VIEWER = { username: 'victor', displayName: 'Victor Hugo', password: 'les-miserables-1862' };

const TITLES = {
  login: { en: 'Sign in', fr: 'Connexion' },
  overview: { en: 'Overview', fr: 'Vue d’ensemble' },
  account: { en: 'My account', fr: 'Mon compte' },
  users: { en: 'Users', fr: 'Utilisateurs' },
  tokens: { en: 'API tokens', fr: 'Jetons d’API' },
  audit: { en: 'Audit log', fr: 'Journal d’audit' },
  oncall: { en: 'On call', fr: 'Astreinte' },
  changes: { en: 'Changes and rollouts', fr: 'Changements et déploiements' },
} as const;

function config(hookUrl: string): string {
  const monitor = (id: string, name: string) => `  - id: ${id}
    name: ${name}
    tags: [dc]
    heartbeat: { token: ${id}-token-0123456789abcdef, period: 1h, grace: 1h, reboot_loop: false }
`;
  return `server: { host: 127.0.0.1, port: 0 }
monitors:
${monitor('dc-1', 'Domain controller 1')}${monitor('dc-2', 'Domain controller 2')}people:
  - { id: ana, name: Ana Lopez, contacts: [{ channel: ops-hook }] }
  - { id: ben, name: Ben Okafor, contacts: [{ channel: ops-hook }] }
schedules:
  - id: primary
    name: Primary on-call
    time_zone: Europe/Paris
    layers:
      - { name: daily, rotation: daily, start: '2026-01-05T09:00', members: [ana, ben] }
channels:
  - { id: ops-hook, name: Ops hook, webhook: { url: '${hookUrl}' } }
`;
}

describe.skipIf(!chromiumPath)('console settings, account, on-call and changes in Chromium (SQLite)', () => {
  let outDir: string;
  let db: AppDatabase;
  let app: App;
  let hook: CaptureServer;
  let session: ChromiumSession;
  let page: Page;
  const browserProblems: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    outDir = await builtConsole(); // shared by the browser tests of the run; never written to
    process.env['VIGIE_CONSOLE_DIR'] = outDir;
    hook = await startCaptureServer();
    db = appDatabase('sqlite');
    const configPath = join(db.dir, 'vigie.yaml');
    writeFileSync(configPath, config(`${hook.origin}/hook`));
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
    await hook?.close();
    delete process.env['VIGIE_CONSOLE_DIR'];
    await db?.cleanup();
  });

  it('signs in, and saves French on /account to the user: the session says fr, and the console stays French after a reload', async () => {
    await page.goto(`${app.url}/account`);
    await page.waitForURL((url) => url.pathname === '/login');
    await ready(page, TITLES.login.en);
    await signIn(page, ADMIN.username, ADMIN.password);
    await page.waitForURL((url) => url.pathname === '/account');
    await ready(page, TITLES.account.en);
    const nav = page.getByRole('navigation', { name: 'Main' });
    const adminLinks = (await nav.getByRole('link').allTextContents()).map(clean);
    expect(adminLinks).toEqual(expect.arrayContaining(['On call', 'Changes', 'My account', 'Settings']));

    const main = page.getByRole('main');
    await main.getByLabel('Display name').fill('Alice M.');
    await main.getByLabel('Language').selectOption('fr');
    await main.getByLabel('Time zone').fill('America/New_York');
    await main.getByRole('button', { name: 'Save the profile' }).click();
    await ready(page, TITLES.account.fr);
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    const api = await sessionApi(session.context.request, app.url);
    const saved = await api.get<{ user: { language: string; time_zone: string; display_name: string } }>('/api/v1/session');
    expect(saved.user).toMatchObject({ language: 'fr', time_zone: 'America/New_York', display_name: 'Alice M.' });

    await page.reload();
    await ready(page, TITLES.account.fr);
    // This browser forgets its own choice: the console still follows the user's saved language.
    await page.evaluate(() => (globalThis as unknown as PageGlobals).localStorage.removeItem('vigie.lang'));
    await page.reload();
    await ready(page, TITLES.account.fr);
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    expect(await page.getByRole('main').getByLabel('Fuseau horaire').inputValue()).toBe('America/New_York');
    await page.screenshot({ path: join(ARTIFACTS, 'settings-account-saved-fr.png'), fullPage: true });

    // The header's switch saves the choice to the user too.
    await page.getByRole('banner').getByLabel('Langue').selectOption('en');
    await ready(page, TITLES.account.en);
    await expect.poll(async () => (await api.get<{ user: { language: string } }>('/api/v1/session')).user.language).toBe('en');
  });

  it('enrols TOTP on /account, shows the ten recovery codes once, and a recovery code signs in', async () => {
    await page.goto(`${app.url}/account`);
    await ready(page, TITLES.account.en);
    expect(await page.getByText('Off: signing in needs only the password.').isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
    const secret = clean(await page.getByTestId('totp-secret').textContent());
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    const uri = clean(await page.getByTestId('totp-uri').textContent());
    expect(uri).toMatch(/^otpauth:\/\/totp\//);
    expect(new URL(uri).searchParams.get('secret')).toBe(secret);

    await page.getByLabel('Code from the app').fill(await generate({ secret }));
    await page.getByRole('button', { name: 'Turn the second factor on' }).click();
    const codes = page.getByRole('list', { name: 'Your ten recovery codes' });
    await codes.waitFor();
    const recovery = (await codes.getByRole('listitem').allTextContents()).map(clean);
    expect(recovery).toHaveLength(10);
    expect(new Set(recovery).size).toBe(10);
    await page.screenshot({ path: join(ARTIFACTS, 'settings-account-recovery-codes.png'), fullPage: true });
    await page.getByRole('button', { name: 'I saved them' }).click();
    await expect.poll(() => page.getByText('Second factor on.').isVisible()).toBe(true);
    expect(await page.getByText(recovery[0]!).count()).toBe(0);
    await expect.poll(() => page.getByText('On: signing in also needs a code from your authenticator app (or a recovery code).').isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Turn the second factor off' }).isVisible()).toBe(true);

    await signOut(page);
    await signIn(page, ADMIN.username, ADMIN.password);
    const code = page.getByLabel('Code from your authenticator app (or a recovery code)');
    await code.waitFor();
    await code.fill(recovery[3]!);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await ready(page, TITLES.overview.en);
    expect(clean(await page.locator('.who').textContent())).toBe('Signed in as Alice M. (admin)');
  });

  it('manages users: the last admin stays admin (409 said), a viewer is created and sees no admin settings', async () => {
    await page.goto(`${app.url}/settings/users`);
    await ready(page, TITLES.users.en);
    await page.getByLabel(`Role of ${ADMIN.username}`).selectOption('viewer');
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Refused: this would leave no enabled administrator. Make another user admin first.');
    await expect.poll(() => page.getByLabel(`Role of ${ADMIN.username}`).inputValue()).toBe('admin');

    const form = page.getByRole('region', { name: 'Create a user' });
    await form.getByLabel('Username').fill(VIEWER.username);
    await form.getByLabel('Display name').fill(VIEWER.displayName);
    await form.getByLabel('Password').fill(VIEWER.password);
    await form.getByLabel('Role').selectOption('viewer');
    await form.getByRole('button', { name: 'Create the user' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'created' }).textContent()).toBe(`User ${VIEWER.username} created.`);
    const row = page.getByRole('row', { name: new RegExp(`^${VIEWER.username} `) });
    await row.waitFor();
    expect(await page.getByLabel(`Role of ${VIEWER.username}`).inputValue()).toBe('viewer');
    await page.screenshot({ path: join(ARTIFACTS, 'settings-users-en-light.png'), fullPage: true });

    const other = await launchChromium(chromiumPath!, { viewport: { width: 1280, height: 900 }, locale: 'en-US', timezoneId: 'Europe/Paris' });
    try {
      const viewer = other.context.pages()[0] ?? (await other.context.newPage());
      viewer.setDefaultTimeout(60_000);
      await viewer.goto(`${app.url}/login`);
      await ready(viewer, TITLES.login.en);
      await signIn(viewer, VIEWER.username, VIEWER.password);
      await viewer.waitForURL((url) => url.pathname === '/');
      await ready(viewer, TITLES.overview.en);
      const links = (await viewer.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).map(clean);
      expect(links).toEqual(expect.arrayContaining(['On call', 'Changes', 'My account', 'Settings']));
      // A viewer's settings are the read-only people and schedules, not the admin pages.
      expect(await viewer.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).getAttribute('href')).toBe('/settings/people');
      for (const path of ['/settings/users', '/settings/tokens', '/settings/audit']) {
        await viewer.goto(`${app.url}${path}`);
        await viewer.getByRole('alert').waitFor();
        expect(clean(await viewer.getByRole('alert').textContent()), path).toBe('Not allowed: only administrators may see this page.');
        expect(await viewer.getByRole('table').count(), path).toBe(0);
      }
      await viewer.screenshot({ path: join(ARTIFACTS, 'settings-users-viewer-not-allowed.png'), fullPage: true });
      // The API agrees: the viewer's session cannot list users.
      expect((await other.context.request.get(`${app.url}/api/v1/users`)).status()).toBe(403);
    } finally {
      await other.close();
    }

    // Disabled, then deleted (asked twice).
    await page.getByRole('button', { name: `Disable ${VIEWER.username}` }).click();
    await expect.poll(() => row.getByText('disabled', { exact: true }).isVisible()).toBe(true);
    expect((await app.store.accounts.listUsers()).find((u) => u.username === VIEWER.username)?.disabledAt).toEqual(expect.any(Number));
    await page.getByRole('button', { name: `Delete ${VIEWER.username}` }).click();
    await page.getByRole('group', { name: `Delete ${VIEWER.username} for good?` }).getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => page.getByLabel(`Role of ${VIEWER.username}`).count()).toBe(0);
    expect((await app.store.accounts.listUsers()).map((u) => u.username)).toEqual([ADMIN.username]);
  });

  it('creates a token (its secret shown once, and working), then revokes it', async () => {
    await page.goto(`${app.url}/settings/tokens`);
    await ready(page, TITLES.tokens.en);
    await page.getByLabel('Name (who or what uses it)').fill('grafana');
    await page.getByRole('main').getByLabel('Role').selectOption('viewer');
    await page.getByRole('button', { name: 'Create the token' }).click();
    const shown = page.getByTestId('token-secret');
    await shown.waitFor();
    const secret = clean(await shown.textContent());
    expect(secret).toMatch(/^vigie_[A-Za-z0-9]{32}$/);
    await page.screenshot({ path: join(ARTIFACTS, 'settings-token-secret.png'), fullPage: true });
    const use = () => fetch(`${app.url}/api/v1/monitors`, { headers: { authorization: `Bearer ${secret}` } });
    expect((await use()).status).toBe(200);

    await page.getByRole('button', { name: 'I copied it' }).click();
    expect(await page.getByTestId('token-secret').count()).toBe(0);
    await page.reload();
    await ready(page, TITLES.tokens.en);
    const row = page.getByRole('row', { name: /^grafana / });
    await row.waitFor();
    expect(await page.getByText(secret).count()).toBe(0);
    expect(clean(await row.textContent())).toContain('active');

    await page.getByRole('button', { name: 'Revoke grafana' }).click();
    await page.getByRole('group', { name: /^Revoke grafana\?/ }).getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(async () => clean(await row.textContent())).toContain('revoked');
    expect(await page.getByRole('button', { name: 'Revoke grafana' }).count()).toBe(0);
    expect((await use()).status).toBe(401);
  });

  it('lists the sign-ins and the user creation in the audit log', async () => {
    await page.goto(`${app.url}/settings/audit`);
    await ready(page, TITLES.audit.en);
    const rows = page.locator('.audit-table tbody tr');
    await rows.first().waitFor();
    const actions = (await page.locator('.audit-table tbody tr td:nth-child(3)').allTextContents()).map(clean);
    expect(actions).toContain('login');
    expect(actions).toContain('user.create');
    expect(actions).toContain('totp.enable');
    const api = await sessionApi(session.context.request, app.url);
    const log = await api.get<{ items: Array<{ action: string; actor: string; target: string | null }> }>('/api/v1/audit?limit=500');
    // The page shows what the API has, newest first.
    expect(actions).toEqual(log.items.slice(0, actions.length).map((e) => e.action));
    const created = log.items.find((e) => e.action === 'user.create')!;
    const createdRow = rows.filter({ hasText: 'user.create' });
    expect(clean(await createdRow.textContent())).toContain(`${created.actor} (user)`);
    await page.screenshot({ path: join(ARTIFACTS, 'settings-audit-en-light.png'), fullPage: true });
  });

  it('shows who is on call as the API says, and sends a channel test', async () => {
    await page.goto(`${app.url}/oncall`);
    await ready(page, TITLES.oncall.en);
    const api = await sessionApi(session.context.request, app.url);
    const oncall = await api.get<{ items: Array<{ onCall: { person: { name: string } } | null }> }>('/api/v1/oncall');
    const person = oncall.items[0]!.onCall!.person.name;
    const row = page.getByRole('row', { name: /^Primary on-call / });
    expect(clean(await row.textContent())).toContain(person);
    expect(clean(await row.textContent())).toContain('rotation “daily”');

    await page.getByRole('button', { name: 'Send a test through Ops hook' }).click();
    await expect.poll(() => page.getByText('Test sent through Ops hook: the provider accepted it.').isVisible()).toBe(true);
    expect(hook.requests.filter((r) => r.url === '/hook')).toHaveLength(1);
    await page.screenshot({ path: join(ARTIFACTS, 'oncall-en-light.png'), fullPage: true });
  });

  it('shows a change recorded through the API and the guard verdict of each ring, without recording it', async () => {
    const api = await sessionApi(session.context.request, app.url);
    await api.post('/api/v1/rollouts', { id: 'kb5009557-dc', kind: 'patch', external_ref: 'KB5009557', rings: [{ name: 'first DC', monitors: ['dc-1'], soak: '1h' }, { monitors: ['dc-2'], soak: '0s' }] });
    await api.post('/api/v1/changes', { summary: 'KB5009557 installed on dc-1', kind: 'patch', external_ref: 'KB5009557', source: 'wsus', rollout: 'kb5009557-dc', ring: 0 });
    await api.post('/api/v1/changes', { summary: 'DNS forwarders changed', kind: 'dns', targets: { monitors: ['dc-2'] } });

    await page.goto(`${app.url}/changes`);
    await ready(page, TITLES.changes.en);
    const changes = page.getByRole('region', { name: 'Recent changes' });
    const summaries = (await changes.locator('tbody th').allTextContents()).map(clean);
    expect(summaries).toEqual(['DNS forwarders changed', 'KB5009557 installed on dc-1']);
    expect(clean(await changes.getByRole('row', { name: /KB5009557 installed/ }).textContent())).toContain('kb5009557-dc, ring 0');

    const rollout = page.getByRole('region', { name: /KB5009557 \(kb5009557-dc\)/ });
    const rings = rollout.getByRole('table', { name: 'Rings of kb5009557-dc' });
    for (const ring of [0, 1]) {
      const verdict = await api.get<{ verdict: 'go' | 'no-go'; reasons: Array<{ text: { en: string } }> }>(`/api/v1/rollouts/kb5009557-dc/guard?ring=${ring}&record=false`);
      const row = rings.locator('tbody tr').nth(ring);
      await expect.poll(() => row.locator('.guard .badge').count()).toBe(1);
      expect(clean(await row.locator('.guard .badge').textContent())).toBe(verdict.verdict);
      expect((await row.locator('.guard-reasons li').allTextContents()).map(clean)).toEqual(verdict.reasons.map((r) => clean(r.text.en)));
    }
    // Ring 1 waits for ring 0's soak: no-go, said in words.
    expect(clean(await rings.locator('tbody tr').nth(1).locator('.guard .badge').textContent())).toBe('no-go');
    expect(await rings.locator('tbody tr').nth(1).locator('.guard-reasons li').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(ARTIFACTS, 'changes-en-light.png'), fullPage: true });
    // Looking never records a decision on the rollout's timeline.
    const detail = await api.get<{ timeline: Array<{ kind: string }> }>('/api/v1/rollouts/kb5009557-dc');
    expect(detail.timeline.map((e) => e.kind)).not.toContain('decision');
    expect(await rollout.locator('.rollout-timeline li').count()).toBe(detail.timeline.length);
  });

  it('has no serious or critical axe violation on any of these pages (en, fr; light, dark)', async () => {
    const pages: Array<[string, keyof typeof TITLES]> = [
      ['/account', 'account'],
      ['/settings/users', 'users'],
      ['/settings/tokens', 'tokens'],
      ['/settings/audit', 'audit'],
      ['/oncall', 'oncall'],
      ['/changes', 'changes'],
    ];
    const found: string[] = [];
    for (const [path, name] of pages) {
      for (const lang of LANGS) {
        for (const theme of THEMES) {
          await choose(page, lang, theme);
          await page.goto(`${app.url}${path}`);
          await ready(page, TITLES[name][lang]);
          expect(await page.getAttribute('html', 'lang')).toBe(lang);
          expect(await page.getAttribute('html', 'data-theme')).toBe(theme);
          if (name === 'changes') await expect.poll(() => page.locator('.guard .badge').count()).toBe(2);
          found.push(...(await audit(page)).map((v) => `${path} ${lang} ${theme}: ${v}`));
          await page.screenshot({ path: join(ARTIFACTS, `${name}-${lang}-${theme}.png`), fullPage: true });
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
