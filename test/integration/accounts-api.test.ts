/**
 * Accounts through the HTTP API of a whole Vigie (`startApp`), on SQLite and PostgreSQL: first-run
 * setup with the logged token, sign-in, the same answer for a wrong password and an unknown user,
 * the lockout, TOTP with recovery codes, CSRF on cookie writes, every write route refused to a
 * viewer session, responders, sign-out, disabled users, the last admin, the audit log, and no
 * password in any answer or log line.
 */
import { Writable } from 'node:stream';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../src/app.js';
import { totpCode } from '../../src/accounts/totp.js';
import { REDACTED_PATHS } from '../../src/logger.js';
import { appDatabase, type AppDatabase } from '../helpers/app-database.js';
import { DIALECTS, dialectAvailable } from '../helpers/databases.js';

const CONFIG = `server: { host: 127.0.0.1, port: 0 }
monitors:
  - { id: beat, heartbeat: { period: 1h, token: accounts-api-heartbeat-token } }
`;

const PASSWORDS = { admin: 'admin password 1 é', vera: 'vera-password-2!', rita: 'rita password three', eddie: 'eddie password four', wrong: 'not-the-password-xyz' };

interface Client {
  cookie: string | null;
  csrf: string | null;
}

for (const dialect of DIALECTS) {
  describe(`accounts API (${dialect})`, async () => {
    const available = await dialectAvailable(dialect, 'accounts API tests');
    if (!available) {
      it.skip('PostgreSQL not reachable', () => {});
      return;
    }
    let db: AppDatabase;
    let app: App;
    const logs: string[] = [];
    const answers: string[] = [];
    const admin: Client = { cookie: null, csrf: null };
    const ids: Record<string, string> = {};

    const call = async (method: string, path: string, opts: { as?: Client; body?: unknown; csrf?: string | null; headers?: Record<string, string> } = {}) => {
      const headers: Record<string, string> = { ...(opts.headers ?? {}) };
      if (opts.as?.cookie) headers.cookie = opts.as.cookie;
      const csrf = opts.csrf === undefined ? opts.as?.csrf : opts.csrf;
      if (csrf) headers['x-csrf-token'] = csrf;
      if (opts.body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(`${app.url}${path}`, { method, headers, ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}) });
      const text = await res.text();
      answers.push(text, res.headers.get('set-cookie') ?? '');
      return { status: res.status, text, body: text ? (JSON.parse(text) as any) : undefined, headers: res.headers };
    };
    /** Signs in and returns the client with its cookie and CSRF token. */
    const login = async (username: string, password: string, totp?: string) => {
      const res = await call('POST', '/api/v1/session', { body: { username, password, ...(totp !== undefined ? { totp } : {}) } });
      const setCookie = res.headers.get('set-cookie');
      return { res, client: { cookie: setCookie ? setCookie.split(';')[0]! : null, csrf: res.body?.csrf ?? null } as Client };
    };

    beforeAll(async () => {
      db = appDatabase(dialect);
      const configPath = join(db.dir, 'vigie.yaml');
      writeFileSync(configPath, CONFIG);
      const sink = new Writable({ write: (chunk, _enc, done) => (logs.push(String(chunk)), done()) });
      const logger = pino({ level: 'debug', base: { app: 'vigie' }, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, sink);
      app = await startApp({ ...db.appOptions(configPath), logger, watch: false });
    }, 60_000);

    afterAll(async () => {
      await app?.close();
      await db?.cleanup();
    });

    it('asks for setup, logs the one-time link at warn level, and refuses a wrong or missing token and a short password', async () => {
      expect((await call('GET', '/api/v1/setup')).body).toEqual({ needed: true });
      const token = app.setupToken();
      expect(token).toMatch(/^[\w-]{32}$/);
      const line = logs.map((l) => JSON.parse(l)).find((l) => typeof l.msg === 'string' && l.msg.startsWith('first run'));
      expect(line).toMatchObject({ level: 40, msg: `first run: create the administrator at ${app.url}/setup?token=${token}` });
      const body = { username: 'Admin', password: PASSWORDS.admin, display_name: 'Ada Admin', language: 'fr' };
      const missing = await call('POST', '/api/v1/setup', { body });
      expect(missing.status).toBe(400);
      expect(missing.body.issues).toEqual([{ path: 'setup_token', message: expect.any(String) }]);
      const wrong = await call('POST', '/api/v1/setup', { body: { ...body, setup_token: 'x'.repeat(32) } });
      expect(wrong).toMatchObject({ status: 403, body: { error: 'invalid_setup_token' } });
      const short = await call('POST', '/api/v1/setup', { body: { ...body, setup_token: token, password: 'short pass' } });
      expect(short.status).toBe(400);
      expect(short.body.issues).toEqual([{ path: 'password', message: 'must have at least 12 characters' }]);
      expect(await app.store.accounts.countUsers()).toBe(0);
    });

    it('creates the administrator with the token, signs them in with a strict cookie, then refuses a second setup', async () => {
      const token = app.setupToken()!;
      const res = await call('POST', '/api/v1/setup', { body: { setup_token: token, username: 'Admin', password: PASSWORDS.admin, display_name: 'Ada Admin', language: 'fr' } });
      expect(res.status).toBe(201);
      expect(res.body.user).toMatchObject({ username: 'admin', display_name: 'Ada Admin', role: 'admin', language: 'fr', totp_enabled: false });
      const cookie = res.headers.get('set-cookie')!;
      expect(cookie).toMatch(/^vigie_session=[\w-]{43}; Path=\/; Max-Age=43200; HttpOnly; SameSite=Strict$/);
      admin.cookie = cookie.split(';')[0]!;
      admin.csrf = res.body.csrf;
      ids.admin = res.body.user.id;
      expect(app.setupToken()).toBeNull();
      expect((await call('GET', '/api/v1/setup')).body).toEqual({ needed: false });
      const again = await call('POST', '/api/v1/setup', { body: { setup_token: token, username: 'other', password: PASSWORDS.vera } });
      expect(again).toMatchObject({ status: 409, body: { error: 'setup_done' } });
      const session = await call('GET', '/api/v1/session', { as: admin });
      expect(session.body).toEqual({ user: res.body.user, csrf: admin.csrf });
      expect((await call('GET', '/api/v1/session')).status).toBe(401);
    });

    it('needs the CSRF token on cookie writes, not on reads nor with a bearer token', async () => {
      const body = { username: 'vera', password: PASSWORDS.vera, role: 'viewer', display_name: 'Véra' };
      const without = await call('POST', '/api/v1/users', { as: admin, body, csrf: null });
      expect(without).toMatchObject({ status: 403, body: { error: 'csrf_failed' } });
      const forged = await call('POST', '/api/v1/users', { as: admin, body, csrf: 'A'.repeat(43) });
      expect(forged).toMatchObject({ status: 403, body: { error: 'csrf_failed' } });
      expect((await call('GET', '/api/v1/users', { as: admin, csrf: null })).status).toBe(200);
      const made = await call('POST', '/api/v1/users', { as: admin, body });
      expect(made.status).toBe(201);
      ids.vera = made.body.id;
      for (const [name, role] of [['rita', 'responder'], ['eddie', 'editor']] as const) {
        const res = await call('POST', '/api/v1/users', { as: admin, body: { username: name, password: PASSWORDS[name], role } });
        expect(res.status).toBe(201);
        ids[name] = res.body.id;
      }
      expect((await call('POST', '/api/v1/users', { as: admin, body: { ...body, username: 'VERA' } })).body.error).toBe('username_taken');
      const token = await call('POST', '/api/v1/tokens', { as: admin, body: { name: 'ci', role: 'responder' } });
      expect(token.status).toBe(201);
      const bearer = await fetch(`${app.url}/api/v1/silences`, { method: 'POST', headers: { authorization: `Bearer ${token.body.secret}`, 'content-type': 'application/json' }, body: JSON.stringify({ matchers: { tags: ['night'] }, duration: '1h', comment: 'night work' }) });
      expect(bearer.status).toBe(201);
    });

    it('answers a wrong password and an unknown user with the same bytes', async () => {
      const wrong = (await login('vera', PASSWORDS.wrong)).res;
      const unknown = (await login('nobody-here', PASSWORDS.wrong)).res;
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(wrong.text).toBe(unknown.text);
      expect(wrong.body).toMatchObject({ error: 'invalid_credentials', message: 'wrong user name or password' });
      expect(wrong.headers.get('set-cookie')).toBeNull();
      const right = (await login('VERA', PASSWORDS.vera)).res;
      expect(right.status).toBe(200);
    });

    it('locks a user name after 5 failures in 15 minutes, known or not, with Retry-After', async () => {
      await call('POST', '/api/v1/users', { as: admin, body: { username: 'locky', password: PASSWORDS.vera, role: 'viewer' } });
      const answers: Record<string, string> = {};
      for (const name of ['locky', 'ghost']) {
        for (let i = 0; i < 5; i++) expect((await login(name, PASSWORDS.wrong)).res.status).toBe(401);
        const locked = (await login(name, name === 'locky' ? PASSWORDS.vera : PASSWORDS.wrong)).res;
        expect(locked.status).toBe(429);
        expect(locked.body.error).toBe('locked');
        expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(890);
        expect(Number(locked.headers.get('retry-after'))).toBeLessThanOrEqual(900);
        answers[name] = locked.text;
      }
      expect(answers.locky).toBe(answers.ghost);
      expect((await login('vera', PASSWORDS.vera)).res.status).toBe(200);
    });

    it('enrols TOTP, then needs a code; a recovery code works once', async () => {
      const { client: vera } = await login('vera', PASSWORDS.vera);
      const started = await call('POST', '/api/v1/me/totp', { as: vera });
      expect(started.status).toBe(200);
      expect(started.body.uri).toMatch(/^otpauth:\/\/totp\/.*issuer=Vigie/);
      expect((await call('POST', '/api/v1/me/totp/confirm', { as: vera, body: { code: '000000' } })).body.error).toBe('invalid_code');
      const confirmed = await call('POST', '/api/v1/me/totp/confirm', { as: vera, body: { code: await totpCode(started.body.secret, Date.now()) } });
      expect(confirmed.status).toBe(200);
      const codes: string[] = confirmed.body.recovery_codes;
      expect(codes).toHaveLength(10);
      expect((await call('GET', '/api/v1/session', { as: vera })).body.user.totp_enabled).toBe(true);

      expect((await login('vera', PASSWORDS.vera)).res.body.error).toBe('totp_required');
      expect((await login('vera', PASSWORDS.vera, '123456')).res.body.error).toBe('invalid_credentials');
      expect((await login('vera', PASSWORDS.wrong, codes[0])).res.body.error).toBe('invalid_credentials');
      expect((await login('vera', PASSWORDS.vera, codes[0])).res.status).toBe(200);
      expect((await login('vera', PASSWORDS.vera, codes[0])).res.body.error).toBe('invalid_credentials');
      // The enrolment code's step is spent: the next step's code signs in (±1 step of drift).
      const next = await totpCode(started.body.secret, Date.now() + 30_000);
      expect((await login('vera', PASSWORDS.vera, next)).res.status).toBe(200);
      expect((await login('vera', PASSWORDS.vera, next)).res.body.error).toBe('invalid_credentials');

      const off = await call('DELETE', '/api/v1/me/totp', { as: vera, body: { password: PASSWORDS.wrong } });
      expect(off.status).toBe(403);
      expect((await call('DELETE', '/api/v1/me/totp', { as: vera, body: { password: PASSWORDS.vera } })).status).toBe(204);
      expect((await login('vera', PASSWORDS.vera)).res.status).toBe(200);
    });

    it('refuses every write route above viewer to a viewer session, even with its CSRF token', async () => {
      const { client: vera } = await login('vera', PASSWORDS.vera);
      const doc = (await call('GET', '/api/v1/openapi.json')).body;
      let checked = 0;
      const ownAccount: string[] = [];
      for (const [path, operations] of Object.entries(doc.paths as Record<string, Record<string, { responses: Record<string, unknown>; tags: string[] }>>)) {
        for (const [method, operation] of Object.entries(operations)) {
          // Writes that need a token or session (401) and more than the viewer role (403); a viewer may still sign out and manage their own account.
          if (method === 'get' || !operation.responses['403'] || !operation.responses['401']) continue;
          if (operation.tags.includes('sessions')) {
            ownAccount.push(`${method.toUpperCase()} ${path}`);
            continue;
          }
          const url = path.replace(/\{[^}]+\}/g, '1');
          const res = await call(method.toUpperCase(), url, { as: vera, body: {} });
          expect(res.status, `${method.toUpperCase()} ${path}`).toBe(403);
          expect(res.body.error, `${method.toUpperCase()} ${path}`).toBe('forbidden');
          checked++;
        }
      }
      expect(checked).toBeGreaterThanOrEqual(38);
      // Only these of the own-account routes document a 403 (a wrong current password).
      expect(ownAccount.sort()).toEqual(['DELETE /api/v1/me/totp', 'PATCH /api/v1/me']);
    });

    it('lets a responder act on incidents and silences, not on monitors', async () => {
      const { client: rita } = await login('rita', PASSWORDS.rita);
      const silence = await call('POST', '/api/v1/silences', { as: rita, body: { matchers: { tags: ['night'] }, duration: '1h', comment: 'night work' } });
      expect(silence.status).toBe(201);
      expect((await call('POST', '/api/v1/incidents/999999/acknowledge', { as: rita })).status).toBe(404);
      expect((await call('POST', '/api/v1/monitors/beat/pause', { as: rita })).status).toBe(403);
      expect((await call('POST', '/api/v1/channels/x/test', { as: rita, body: {} })).status).toBe(403);
      const { client: eddie } = await login('eddie', PASSWORDS.eddie);
      expect((await call('POST', '/api/v1/monitors/beat/pause', { as: eddie })).status).toBe(200);
      expect((await call('GET', '/api/v1/users', { as: eddie })).status).toBe(403);
    });

    it('changes my profile and password (needing the current one), ending my other sessions', async () => {
      const { client: first } = await login('eddie', PASSWORDS.eddie);
      const { client: second } = await login('eddie', PASSWORDS.eddie);
      const zone = await call('PATCH', '/api/v1/me', { as: first, body: { time_zone: 'Mars/Olympus' } });
      expect(zone.body.issues).toEqual([{ path: 'time_zone', message: expect.stringContaining('IANA') }]);
      const renamed = await call('PATCH', '/api/v1/me', { as: first, body: { display_name: 'Eddie E.', language: 'fr', time_zone: 'America/Montreal' } });
      expect(renamed.body).toMatchObject({ display_name: 'Eddie E.', language: 'fr', time_zone: 'America/Montreal' });
      expect((await call('PATCH', '/api/v1/me', { as: first, body: { password: { current: PASSWORDS.wrong, new: 'eddie new password' } } })).body.error).toBe('wrong_password');
      expect((await call('PATCH', '/api/v1/me', { as: first, body: { password: { current: PASSWORDS.eddie, new: 'eddie new password' } } })).status).toBe(200);
      expect((await call('GET', '/api/v1/session', { as: first })).status).toBe(200);
      expect((await call('GET', '/api/v1/session', { as: second })).status).toBe(401);
      expect((await login('eddie', 'eddie new password')).res.status).toBe(200);
    });

    it('signs out: the session ends on the server and the cookie is cleared', async () => {
      const { client: rita } = await login('rita', PASSWORDS.rita);
      const out = await call('DELETE', '/api/v1/session', { as: rita });
      expect(out.status).toBe(204);
      expect(out.headers.get('set-cookie')).toMatch(/^vigie_session=; Path=\/; Max-Age=0; HttpOnly; SameSite=Strict$/);
      expect((await call('GET', '/api/v1/session', { as: rita })).status).toBe(401);
      expect((await call('GET', '/api/v1/monitors', { as: rita })).status).toBe(401);
    });

    it('ends a disabled user’s sessions and never removes the last admin', async () => {
      const { client: rita } = await login('rita', PASSWORDS.rita);
      expect((await call('GET', '/api/v1/monitors', { as: rita })).status).toBe(200);
      expect((await call('PATCH', `/api/v1/users/${ids.rita}`, { as: admin, body: { disabled: true } })).body.disabled).toBe(true);
      expect((await call('GET', '/api/v1/monitors', { as: rita })).status).toBe(401);
      expect((await login('rita', PASSWORDS.rita)).res.body.error).toBe('invalid_credentials');
      expect((await call('DELETE', `/api/v1/users/${ids.admin}`, { as: admin })).body.error).toBe('last_admin');
      expect((await call('PATCH', `/api/v1/users/${ids.admin}`, { as: admin, body: { role: 'editor' } })).body.error).toBe('last_admin');
      expect((await call('DELETE', `/api/v1/users/${ids.rita}`, { as: admin })).status).toBe(204);
      expect((await call('DELETE', `/api/v1/users/${ids.rita}`, { as: admin })).status).toBe(404);
    });

    it('keeps an audit log of sign-ins, account changes and every write', async () => {
      const page = await call('GET', '/api/v1/audit?limit=500', { as: admin });
      expect(page.status).toBe(200);
      const items: Array<{ action: string; actor: string; actor_kind: string; target: string | null; details: Record<string, unknown> }> = page.body.items;
      const actions = new Set(items.map((e) => e.action));
      for (const action of ['setup', 'login', 'login.failed', 'login.locked', 'logout', 'user.create', 'user.update', 'user.delete', 'totp.enable', 'totp.disable', 'recovery_code.used', 'password.change', 'profile.update', 'POST /api/v1/tokens', 'POST /api/v1/monitors/:id/pause']) {
        expect(actions, action).toContain(action);
      }
      expect(items.find((e) => e.action === 'POST /api/v1/monitors/:id/pause')).toMatchObject({ actor: 'eddie', actor_kind: 'user', target: 'beat', details: { status: 200 } });
      expect(items.find((e) => e.action === 'POST /api/v1/silences' && e.actor_kind === 'token')).toMatchObject({ actor: 'ci' });
      expect(items.find((e) => e.action === 'login.failed' && e.actor === 'nobody-here')).toBeDefined();
      const first = await call('GET', '/api/v1/audit?limit=3', { as: admin });
      expect(first.body.items).toEqual(items.slice(0, 3));
      const second = await call('GET', `/api/v1/audit?limit=3&cursor=${first.body.next_cursor}`, { as: admin });
      expect(second.body.items).toEqual(items.slice(3, 6));
      expect((await call('GET', '/api/v1/audit', { as: (await login('vera', PASSWORDS.vera)).client })).status).toBe(403);
    });

    it('never shows a password, in answers or in logs', async () => {
      const everything = [...answers, ...logs].join('\n');
      for (const password of [...Object.values(PASSWORDS), 'eddie new password']) expect(everything).not.toContain(password);
      expect(everything).not.toContain('scrypt$');
    });
  });
}
