/**
 * @module `/api/v1/setup`, `/api/v1/session`, `/api/v1/me`, `/api/v1/users` and `/api/v1/audit`:
 * the console's accounts. Sign-in sets the `vigie_session` cookie (HttpOnly, SameSite=Strict,
 * Secure over HTTPS); writes made with it need the `X-CSRF-Token` header (checked before any
 * route runs, see `auth.ts`).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AccountService } from '../../accounts/account-service.js';
import { accountErrors } from '../../accounts/account-errors.js';
import type { AuditActor } from '../../accounts/audit.js';
import type { ProfileService } from '../../accounts/profile-service.js';
import { clearedCookie, csrfTokenOf, sessionCookie, sessionIdFromCookie } from '../../accounts/sessions.js';
import type { UserAdmin } from '../../accounts/user-admin.js';
import { userView } from '../../accounts/user-view.js';
import type { User } from '../../accounts/accounts.types.js';
import type { Principal } from '../auth.js';
import { ApiError } from '../errors.js';
import { defineRoute, type AnyRoute } from '../route-table.js';
import {
  auditPage,
  auditQuery,
  loginBody,
  profilePatchBody,
  sessionView,
  setupBody,
  setupState,
  totpConfirmBody,
  totpConfirmed,
  totpDisableBody,
  totpStarted,
  userCreateBody,
  userIdParams,
  userList,
  userPatchBody,
  userView as userSchema,
} from '../schemas/account.schemas.js';

export interface AccountRouteDeps {
  accounts: AccountService;
  profiles: ProfileService;
  users: UserAdmin;
}

const secure = (request: FastifyRequest) => request.protocol === 'https';

/** Answers a new session: the cookie, and the user with the CSRF token. */
function signedInAnswer(accounts: AccountService, request: FastifyRequest, reply: FastifyReply, user: User, sessionId: string) {
  reply.header('set-cookie', sessionCookie(sessionId, accounts.cookieMaxAgeMs(), secure(request)));
  reply.header('cache-control', 'no-store');
  return { user: userView(user), csrf: csrfTokenOf(sessionId) };
}

/** The session of a caller that must be a signed-in user (not a token). */
function sessionOf(principal: Principal | null) {
  if (!principal?.session) throw new ApiError(403, 'session_required', 'this route is for users signed in to the console, not for API tokens');
  return principal.session;
}

function actorOf(principal: Principal | null): AuditActor {
  return principal?.session ? { name: principal.name, kind: 'user' } : { name: principal?.name ?? 'api', kind: 'token' };
}

/** The account routes. */
export function accountRoutes({ accounts, profiles, users }: AccountRouteDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET', url: '/api/v1/setup', tag: 'sessions', role: null, summary: 'Whether the first administrator still has to be created',
      responses: { 200: { description: 'Whether setup is needed.', schema: setupState } },
      handler: async () => ({ needed: await accounts.setupNeeded() }),
    }),
    defineRoute({
      method: 'POST', url: '/api/v1/setup', tag: 'sessions', role: null, summary: 'Create the first administrator (with the token the server logged) and sign in', status: 201, body: setupBody, audit: false,
      responses: { 201: { description: 'The administrator, signed in.', schema: sessionView }, 403: { description: 'Wrong setup token.' }, 409: { description: 'A user exists already.' } },
      handler: async ({ body, request, reply }) => {
        const { user, sessionId } = await accounts.setup(body, request.ip);
        return signedInAnswer(accounts, request, reply, user, sessionId);
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/v1/session', tag: 'sessions', role: null, summary: 'Sign in (sets the session cookie)', body: loginBody, audit: false,
      description: 'A wrong password and an unknown user get the same answer. After 5 failures for one user name within 15 minutes, it is locked for 15 minutes (429 with Retry-After).',
      responses: { 200: { description: 'Signed in.', schema: sessionView }, 401: { description: '`invalid_credentials`, or `totp_required` when the second factor is missing.' }, 429: { description: '`locked`: too many failures for this user name.' } },
      handler: async ({ body, request, reply }) => {
        const { user, sessionId } = await accounts.login(body, request.ip);
        return signedInAnswer(accounts, request, reply, user, sessionId);
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/session', tag: 'sessions', role: null, summary: 'The signed-in user and the CSRF token',
      responses: { 200: { description: 'The session.', schema: sessionView }, 401: { description: 'Not signed in.' } },
      handler: async ({ request, reply }) => {
        const signedIn = await accounts.resolve(sessionIdFromCookie(request.headers.cookie));
        if (!signedIn) throw accountErrors.notSignedIn();
        if (signedIn.renewedMaxAgeMs !== undefined) reply.header('set-cookie', sessionCookie(signedIn.sessionId, signedIn.renewedMaxAgeMs, secure(request)));
        reply.header('cache-control', 'no-store');
        return { user: userView(signedIn.user), csrf: csrfTokenOf(signedIn.sessionId) };
      },
    }),
    defineRoute({
      method: 'DELETE', url: '/api/v1/session', tag: 'sessions', role: 'viewer', summary: 'Sign out (ends the session, clears the cookie)', status: 204, audit: false,
      responses: { 204: { description: 'Signed out.' } },
      handler: async ({ principal, request, reply }) => {
        if (principal?.session) await accounts.logout(principal.session, request.ip);
        reply.header('set-cookie', clearedCookie(secure(request)));
      },
    }),
    defineRoute({
      method: 'PATCH', url: '/api/v1/me', tag: 'sessions', role: 'viewer', summary: 'Change my name, language, time zone or password', body: profilePatchBody, audit: false,
      description: 'Changing the password needs the current one and ends my other sessions.',
      responses: { 200: { description: 'The user.', schema: userSchema }, 403: { description: 'Wrong current password, or called with an API token.' } },
      handler: async ({ body, principal, request }) => userView(await profiles.update(sessionOf(principal), body, request.ip)),
    }),
    defineRoute({
      method: 'POST', url: '/api/v1/me/totp', tag: 'sessions', role: 'viewer', summary: 'Start enrolling an authenticator app (TOTP)', audit: false,
      responses: { 200: { description: 'The secret and its otpauth URI; not in force until confirmed.', schema: totpStarted }, 409: { description: 'TOTP is already on.' } },
      handler: async ({ principal, reply }) => {
        reply.header('cache-control', 'no-store');
        return profiles.startTotp(sessionOf(principal));
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/v1/me/totp/confirm', tag: 'sessions', role: 'viewer', summary: 'Turn TOTP on with a code from the app', body: totpConfirmBody, audit: false,
      responses: { 200: { description: 'Ten recovery codes, each usable once, shown this once.', schema: totpConfirmed }, 400: { description: 'Wrong code.' }, 409: { description: 'No enrolment started, or TOTP already on.' } },
      handler: async ({ body, principal, request, reply }) => {
        reply.header('cache-control', 'no-store');
        return profiles.confirmTotp(sessionOf(principal), body.code, request.ip);
      },
    }),
    defineRoute({
      method: 'DELETE', url: '/api/v1/me/totp', tag: 'sessions', role: 'viewer', summary: 'Turn TOTP off (needs the password)', status: 204, body: totpDisableBody, audit: false,
      responses: { 204: { description: 'TOTP off; recovery codes deleted.' }, 403: { description: 'Wrong password.' } },
      handler: ({ body, principal, request }) => profiles.disableTotp(sessionOf(principal), body.password, request.ip),
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/users', tag: 'users', role: 'admin', summary: 'List users',
      responses: { 200: { description: 'The users (never their passwords).', schema: userList } },
      handler: async () => ({ items: (await users.list()).map(userView) }),
    }),
    defineRoute({
      method: 'POST', url: '/api/v1/users', tag: 'users', role: 'admin', summary: 'Create a user', status: 201, body: userCreateBody, audit: false,
      responses: { 201: { description: 'The user.', schema: userSchema }, 409: { description: 'The user name is taken.' } },
      handler: async ({ body, principal, request }) => userView(await users.create(body, actorOf(principal), request.ip)),
    }),
    defineRoute({
      method: 'PATCH', url: '/api/v1/users/:id', tag: 'users', role: 'admin', summary: 'Change a user’s role, name or password, or disable them', params: userIdParams, body: userPatchBody, audit: false,
      description: 'Disabling a user or setting their password ends their sessions. The last enabled admin cannot be demoted or disabled (409).',
      responses: { 200: { description: 'The user.', schema: userSchema }, 404: { description: 'No such user.' }, 409: { description: '`last_admin`.' } },
      handler: async ({ params, body, principal, request }) => userView(await users.update(params.id, body, actorOf(principal), request.ip)),
    }),
    defineRoute({
      method: 'DELETE', url: '/api/v1/users/:id', tag: 'users', role: 'admin', summary: 'Delete a user', status: 204, params: userIdParams, audit: false,
      responses: { 204: { description: 'Deleted; their sessions ended.' }, 404: { description: 'No such user.' }, 409: { description: '`last_admin`: never the last enabled admin.' } },
      handler: ({ params, principal, request }) => users.remove(params.id, actorOf(principal), request.ip),
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/audit', tag: 'audit', role: 'admin', summary: 'The audit log, newest first', query: auditQuery,
      responses: { 200: { description: 'A page of entries.', schema: auditPage } },
      handler: async ({ query }) => {
        const items = await accounts.store.accounts.listAudit({ limit: query.limit, ...(query.cursor !== undefined ? { before: query.cursor } : {}) });
        return {
          items: items.map((e) => ({ id: e.id, at: new Date(e.at).toISOString(), actor: e.actor, actor_kind: e.actorKind, action: e.action, target: e.target, details: e.details, ip: e.ip })),
          next_cursor: items.length === query.limit ? String(items[items.length - 1]!.id) : null,
        };
      },
    }),
  ];
}
