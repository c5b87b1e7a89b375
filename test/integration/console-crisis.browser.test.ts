/**
 * Crisis actions, config sources and location states in the console, in a real browser (the
 * system Chromium through playwright-core) against a whole Vigie on SQLite:
 * - a file monitor's page and its read-only definition name the file and the exact line the test
 *   wrote it on, in English and French; a monitor with `locations` shows what each location sees
 *   (a real probe of a loopback server for `local`, a result posted for `paris`);
 * - on an incident, a responder sees the activation disabled with the reason; the administrator
 *   activates a crisis cell through the confirmation dialog (cell and kind chosen), lands on
 *   /crises/:id, and the API shows the crisis active for that incident with that kind;
 * - in the crisis room, a responder prepares a new draft (it appears, and in the API) but sees
 *   deactivation disabled with the reason; a draft is filled again from the facts; the
 *   administrator deactivates the crisis with a summary in both languages (shown, and in the API);
 * - the API's refusal (activating again for an incident already in an active crisis) is shown;
 * - axe-core on the pages changed, in both languages and themes; screenshots in test-artifacts/console/.
 */
import { createServer, type Server } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../src/app.js';
import { generateToken, hashToken } from '../../src/api/tokens.js';
import { appDatabase, waitFor, type AppDatabase } from '../helpers/app-database.js';
import { startCaptureServer, type CaptureServer } from '../helpers/capture-server.js';
import { builtConsole } from '../helpers/console-build.js';
import { requireChromium, type ChromiumSession } from '../helpers/chromium.js';
import { audit, auditLanguagesAndThemes, clean, openConsolePage, ready, sessionApi, setupAdmin, signIn, signOut, type Lang } from '../helpers/console-session.js';

const chromiumPath = requireChromium('console crisis browser tests');
const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/console/', import.meta.url));

/** The administrator's user name is the communication lead's person id. */
const ADMIN = { username: 'alice', displayName: 'Alice Martin', password: 'night-shift-2026!' };
const RESPONDER = { username: 'dave', displayName: 'Dave Lambert', password: 'responder-pass-2026' };
const SUMMARY = { en: 'Both SIP cores are back; calls are routed normally.', fr: 'Les deux cœurs SIP sont rétablis ; les appels passent normalement.' };

function configText(hook: string, port: number): { text: string; lines: Record<string, number> } {
  const text = `server: { host: 127.0.0.1, port: 0 }
# Call servers
monitors:
  - id: lyon-hb
    name: Call server Lyon
    heartbeat: { token: lyon-token-0123456789abcdef, period: 1h, grace: 1h, reboot_loop: false }

  - id: site
    name: Public web site
    interval: 1h
    confirmations: { down: 1, up: 1 }
    locations: [local, paris]
    http: { url: "http://127.0.0.1:${port}/health" }
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
      checklists:
        default:
          - { en: Open the bridge, fr: Ouvrir le pont }
        sip-outage:
          - { en: Call the SIP vendor, fr: Appeler le fournisseur SIP }
    - id: it
      name: { en: IT crisis cell, fr: Cellule de crise informatique }
      roles:
        crisis_lead: [bob]
  obligations:
    - { id: public-updates, audience: public, within: 30m, every: 30m }
`;
  const lineOf = (id: string) => text.split('\n').findIndex((l) => l.includes(`- id: ${id}`)) + 1;
  return { text, lines: { 'lyon-hb': lineOf('lyon-hb'), site: lineOf('site') } };
}

const TEXTS = {
  source: {
    en: (line: number) => `Defined in vigie.yaml, line ${line} — edit the file to change it (pause, resume and run work here).`,
    fr: (line: number) => `Définie dans vigie.yaml, ligne ${line} — modifiez le fichier pour la changer (pause, reprise et exécution restent possibles ici).`,
  },
  readOnly: {
    en: (line: number) => `Defined in vigie.yaml, line ${line} — edit the file to change it. The form is read-only.`,
    fr: (line: number) => `Définie dans vigie.yaml, ligne ${line} — modifiez le fichier pour la changer. Le formulaire est en lecture seule.`,
  },
} as const;

describe.skipIf(!chromiumPath)('console crisis actions, config sources and location states in Chromium (SQLite)', () => {
  let target: Server;
  let db: AppDatabase;
  let app: App;
  let hook: CaptureServer;
  let session: ChromiumSession;
  let page: Page;
  let lines: Record<string, number> = {};
  const editor = generateToken();
  const browserProblems: string[] = [];
  let incidentId = 0;
  let incidentTitle = '';
  let crisisId = 0;
  let crisisTitle = { en: '', fr: '' };

  const bearer = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${app.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${editor}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };

  const auditEverywhere = async (path: string, name: string, titles: Record<Lang, string>, check?: (lang: Lang) => Promise<void>): Promise<string[]> => {
    const found = await auditLanguagesAndThemes(page, { url: `${app.url}${path}`, name, titles, artifacts: ARTIFACTS, home: `${app.url}/` }, check);
    await ready(page, 'Overview');
    return found;
  };

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    process.env['VIGIE_CONSOLE_DIR'] = await builtConsole();
    target = createServer((_req, res) => res.writeHead(200, { connection: 'close' }).end('ok'));
    await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
    hook = await startCaptureServer();
    db = appDatabase('sqlite');
    const configPath = join(db.dir, 'vigie.yaml');
    const config = configText(`${hook.origin}/hook`, (target.address() as { port: number }).port);
    lines = config.lines;
    writeFileSync(configPath, config.text);
    app = await startApp({ ...db.appOptions(configPath), watch: false, incidents: { pollMs: 200 }, notifications: { pollMs: 200 } });
    await app.store.tokens.create({ id: 'crisis-editor', name: 'probe', role: 'editor', tokenHash: hashToken(editor) }, Date.now());
    await setupAdmin(app, ADMIN);

    ({ session, page } = await openConsolePage(chromiumPath!, browserProblems));
  }, 600_000);

  afterAll(async () => {
    await session?.close();
    await app?.close();
    await hook?.close();
    await new Promise((r) => target?.close(r));
    delete process.env['VIGIE_CONSOLE_DIR'];
    await db?.cleanup();
  });

  it('names the file and line of a file monitor on its page and on its read-only definition, in both languages', async () => {
    await page.goto(`${app.url}/login`);
    await ready(page, 'Sign in');
    await signIn(page, ADMIN.username, ADMIN.password);
    await page.waitForURL((url) => url.pathname === '/');
    expect(lines['lyon-hb']).toBe(4);
    expect(lines['site']).toBe(8);
    const api = await sessionApi(session.context.request, app.url);
    expect((await api.get<{ configSource: unknown }>('/api/v1/monitors/site')).configSource).toEqual({ file: 'vigie.yaml', line: 8 });

    const problems = await auditEverywhere('/monitors/lyon-hb', 'crisis-monitor-source', { en: 'Call server Lyon', fr: 'Call server Lyon' }, async (lang) => {
      expect(clean(await page.getByRole('main').getByRole('status').filter({ hasText: 'vigie.yaml' }).textContent())).toBe(TEXTS.source[lang](4));
    });
    problems.push(
      ...(await auditEverywhere('/monitors/lyon-hb/edit', 'crisis-monitor-definition', { en: 'Definition of lyon-hb', fr: 'Définition de lyon-hb' }, async (lang) => {
        expect(clean(await page.getByRole('main').getByRole('status').filter({ hasText: 'vigie.yaml' }).textContent())).toBe(TEXTS.readOnly[lang](4));
      })),
    );
    expect(problems).toEqual([]);
  });

  it('shows what each location of a multi-location monitor sees', async () => {
    await waitFor('site up from local', () => app.engine.stateOf('site')?.state === 'up', 30_000);
    const posted = await bearer('POST', '/api/v1/monitors/site/results', { location: 'paris', status: 'down', message: 'connection refused from Paris', latency_ms: 12 });
    expect(posted.status, JSON.stringify(posted.body)).toBe(200);
    const problems = await auditEverywhere('/monitors/site', 'crisis-monitor-locations', { en: 'Public web site', fr: 'Public web site' }, async (lang) => {
      const table = page.getByTestId('monitor-locations');
      const rows: string[] = [];
      for (const row of await table.locator('tr').all()) rows.push(clean((await row.locator('th, td').allTextContents()).join(' ')));
      expect(rows).toHaveLength(3);
      expect(rows[1]).toMatch(lang === 'en' ? /^local Up since / : /^local En service depuis /);
      expect(rows[2]).toMatch(lang === 'en' ? /^paris Down since .* connection refused from Paris$/ : /^paris En panne depuis .* connection refused from Paris$/);
      expect(rows[2]).toContain('12');
    });
    expect(problems).toEqual([]);
  });

  it('lets a responder see, but not use, the activation; an editor activates a crisis cell from the incident and lands in its room', async () => {
    const api = await sessionApi(session.context.request, app.url);
    const incident = await api.post<{ id: number; title: { en: string } }>('/api/v1/incidents', { title: { en: 'SIP cores unreachable', fr: 'Cœurs SIP injoignables' }, severity: 'SEV2' });
    incidentId = incident.id;
    incidentTitle = `Incident #${incidentId}: SIP cores unreachable`;
    await api.post('/api/v1/users', { username: RESPONDER.username, password: RESPONDER.password, role: 'responder', display_name: RESPONDER.displayName });

    await signOut(page);
    await signIn(page, RESPONDER.username, RESPONDER.password);
    await page.waitForURL((url) => url.pathname === '/');
    await page.goto(`${app.url}/incidents/${incidentId}`);
    await ready(page, incidentTitle);
    const activate = page.getByRole('button', { name: 'Activate a crisis cell…' });
    expect(await activate.isDisabled()).toBe(true);
    expect(await page.getByText('Only an editor or an administrator can activate a crisis cell.').isVisible()).toBe(true);
    await signOut(page);
    await signIn(page, ADMIN.username, ADMIN.password);
    await page.waitForURL((url) => url.pathname === '/');

    await page.goto(`${app.url}/incidents/${incidentId}`);
    await ready(page, incidentTitle);
    await page.getByRole('button', { name: 'Activate a crisis cell…' }).click();
    const dialog = page.getByRole('dialog', { name: `Activate a crisis cell for incident #${incidentId}` });
    await dialog.getByLabel('Cell').waitFor();
    expect((await dialog.getByLabel('Cell').locator('option').allTextContents()).map(clean)).toEqual(['Telecom crisis cell', 'IT crisis cell']);
    await dialog.getByLabel('Cell').selectOption('telecom');
    expect((await dialog.getByLabel('Crisis kind (picks the checklist)').locator('option').allTextContents()).map(clean)).toEqual(['default', 'sip-outage']);
    await dialog.getByLabel('Crisis kind (picks the checklist)').selectOption('sip-outage');
    await dialog.getByLabel('Reason (optional, in the timeline)').fill('Both SIP cores down, emergency calls affected');
    expect(await audit(page)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'crisis-activate-dialog.png'), fullPage: true });
    await dialog.getByRole('button', { name: 'Activate' }).click();

    await page.waitForURL((url) => /^\/crises\/\d+$/.test(url.pathname));
    crisisId = Number(new URL(page.url()).pathname.split('/').pop());
    const crisis = await api.get<{ status: string; kind: string; title: { en: string; fr: string }; cell: { id: string }; primaryIncident: number; checklist: { text: { en: string } }[] }>(`/api/v1/crises/${crisisId}`);
    crisisTitle = crisis.title;
    await ready(page, `Crisis room #${crisisId}: ${crisisTitle.en}`);
    expect(crisis).toMatchObject({ status: 'active', kind: 'sip-outage', cell: { id: 'telecom' }, primaryIncident: incidentId });
    expect(crisis.checklist.map((c) => c.text.en)).toEqual(['Call the SIP vendor']);
    expect(await page.getByText('Call the SIP vendor').isVisible()).toBe(true);
  });

  it('shows the API’s refusal when the incident is already in an active crisis', async () => {
    await page.goto(`${app.url}/incidents/${incidentId}`);
    await ready(page, incidentTitle);
    expect(await page.getByRole('link', { name: `Crisis room #${crisisId}` }).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Activate a crisis cell…' }).click();
    const dialog = page.getByRole('dialog', { name: `Activate a crisis cell for incident #${incidentId}` });
    await dialog.getByLabel('Cell').selectOption('it');
    await dialog.getByRole('button', { name: 'Activate' }).click();
    await expect.poll(async () => clean(await dialog.getByRole('alert').textContent())).toMatch(/already in (an )?active crisis/);
    expect(new URL(page.url()).pathname).toBe(`/incidents/${incidentId}`);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await dialog.isVisible()).toBe(false);
  });

  it('lets a responder prepare a new draft (shown, and in the API) but not deactivate; a draft is filled again from the facts', async () => {
    const api = await sessionApi(session.context.request, app.url);
    await waitFor('the public update draft of the deadline', async () => (await api.get<{ drafts: unknown[] }>(`/api/v1/crises/${crisisId}`)).drafts.length >= 1, 30_000);
    const before = (await api.get<{ drafts: { id: number }[] }>(`/api/v1/crises/${crisisId}`)).drafts.length;

    await signOut(page);
    await signIn(page, RESPONDER.username, RESPONDER.password);
    await page.waitForURL((url) => url.pathname === '/');
    await page.goto(`${app.url}/crises/${crisisId}`);
    await ready(page, `Crisis room #${crisisId}: ${crisisTitle.en}`);
    expect(await page.getByRole('button', { name: 'Deactivate the crisis…' }).isDisabled()).toBe(true);
    expect(await page.getByText('Only an editor or an administrator can deactivate a crisis.').isVisible()).toBe(true);

    const prepare = page.getByRole('form', { name: 'Prepare a new draft' });
    await prepare.getByLabel('For').selectOption('internal');
    await prepare.getByRole('button', { name: 'Prepare the draft' }).click();
    await expect.poll(async () => clean(await prepare.getByRole('status').textContent())).toMatch(/^Draft #\d+ prepared with the facts filled in\.$/);
    const draftId = Number(/#(\d+)/.exec(clean(await prepare.getByRole('status').textContent()))![1]);
    const drafts = (await api.get<{ drafts: { id: number; audience: string; status: string; texts: { en: { body: string } } }[] }>(`/api/v1/crises/${crisisId}`)).drafts;
    expect(drafts).toHaveLength(before + 1);
    const made = drafts.find((d) => d.id === draftId)!;
    expect(made).toMatchObject({ audience: 'internal', status: 'draft' });
    const heading = page.getByRole('heading', { name: `Draft #${draftId} — internal Draft` });
    await heading.waitFor();
    const article = page.getByRole('article', { name: `Draft #${draftId} — internal Draft` });
    expect(await article.getByLabel('Message (English)').inputValue()).toBe(made.texts.en.body);

    // Edited by hand, then filled again from the facts: the text the facts give comes back.
    const edited = 'A text written by hand.';
    await article.getByLabel('Message (English)').fill(edited);
    await article.getByRole('button', { name: 'Save the texts' }).click();
    await expect.poll(async () => (await api.get<{ drafts: { id: number; texts: { en: { body: string } } }[] }>(`/api/v1/crises/${crisisId}`)).drafts.find((d) => d.id === draftId)?.texts.en.body).toBe(edited);
    await article.getByRole('button', { name: `Fill again from the facts: draft #${draftId}` }).click();
    await expect.poll(async () => (await api.get<{ drafts: { id: number; texts: { en: { body: string } } }[] }>(`/api/v1/crises/${crisisId}`)).drafts.find((d) => d.id === draftId)?.texts.en.body).toBe(made.texts.en.body);
    await expect.poll(() => article.getByLabel('Message (English)').inputValue()).toBe(made.texts.en.body);
    expect(await article.getByText('Filled again from the facts as they are now.').isVisible()).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'crisis-draft-prepared.png'), fullPage: true });
  });

  it('lets the administrator deactivate the crisis with a summary in both languages', async () => {
    await signOut(page);
    await signIn(page, ADMIN.username, ADMIN.password);
    await page.waitForURL((url) => url.pathname === '/');
    const title = { en: `Crisis room #${crisisId}: ${crisisTitle.en}`, fr: `Salle de crise n° ${crisisId} : ${crisisTitle.fr}` };
    const problems = await auditEverywhere(`/crises/${crisisId}`, 'crisis-room-actions', title);
    problems.push(...(await auditEverywhere(`/incidents/${incidentId}`, 'crisis-incident-activate', { en: incidentTitle, fr: `Incident n° ${incidentId} : Cœurs SIP injoignables` })));
    expect(problems).toEqual([]);

    await page.goto(`${app.url}/crises/${crisisId}`);
    await ready(page, title.en);
    await page.getByRole('button', { name: 'Deactivate the crisis…' }).click();
    const dialog = page.getByRole('dialog', { name: `Deactivate crisis #${crisisId}` });
    await dialog.getByRole('button', { name: 'Deactivate' }).click();
    expect(clean(await dialog.getByRole('alert').textContent())).toBe('Write how the crisis ended, in English, French or both.');
    await dialog.getByLabel('Summary (English)').fill(SUMMARY.en);
    await dialog.getByLabel('Summary (French)').fill(SUMMARY.fr);
    expect(await audit(page)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'crisis-deactivate-dialog.png'), fullPage: true });
    await dialog.getByRole('button', { name: 'Deactivate' }).click();

    await expect.poll(async () => clean(await page.getByTestId('crisis-summary').textContent())).toBe(`Summary: ${SUMMARY.en}`);
    expect(await page.getByText('Deactivated', { exact: true }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Deactivate the crisis…' }).count()).toBe(0);
    const api = await sessionApi(session.context.request, app.url);
    expect(await api.get<{ status: string; summary: unknown; deactivatedBy: string }>(`/api/v1/crises/${crisisId}`)).toMatchObject({ status: 'deactivated', summary: SUMMARY });
    expect(browserProblems).toEqual([]);
  });
});
