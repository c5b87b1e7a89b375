/**
 * @module Signing in to the console: the first-run setup of the administrator (with a one-time
 * token the server logs, never a default password), sign-in with password and optional second
 * factor, the lockout, and sessions (created, resolved from the cookie with a sliding end, ended).
 *
 * A wrong password and an unknown user name get the same answer after the same work (a dummy
 * scrypt); failures are counted per user name as typed, so the lockout does not tell either.
 */
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Role, Store } from '../storage/store.js';
import type { Language, Session, User } from './accounts.types.js';
import { accountErrors } from './account-errors.js';
import { AuditLog } from './audit.js';
import { failuresSince, lockedFor, LOCKOUT, type LockoutPolicy } from './lockout.js';
import { hashPassword, verifyNothing, verifyPassword } from './passwords.js';
import { hashSessionId, newSessionId, SESSION_LIFETIMES, sessionEnd, TOUCH_EVERY_MS, type SessionLifetimes } from './sessions.js';
import { hashRecoveryCode, looksLikeRecoveryCode, matchTotp } from './totp.js';
import { normalizeUsername } from './user-view.js';

export interface AccountServiceOptions {
  store: Store;
  now?: () => number;
  audit?: AuditLog;
  lifetimes?: SessionLifetimes;
  lockout?: LockoutPolicy;
}

export interface SetupInput {
  setup_token: string;
  username: string;
  password: string;
  display_name?: string | undefined;
  language?: Language | undefined;
}

export interface LoginInput {
  username: string;
  password: string;
  totp?: string | undefined;
}

/** A signed-in user with the session the request came with. */
export interface SignedIn {
  user: User;
  session: Session;
  /** The session id from the cookie. */
  sessionId: string;
  /** Set when the end moved (the cookie should be sent again with this Max-Age). */
  renewedMaxAgeMs?: number;
}

/** The default time zone of new users: the server's. */
export function defaultTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export class AccountService {
  readonly store: Store;
  readonly now: () => number;
  readonly audit: AuditLog;
  readonly lifetimes: SessionLifetimes;
  private readonly lockout: LockoutPolicy;
  private token: string | null = null;

  constructor(opts: AccountServiceOptions) {
    this.store = opts.store;
    this.now = opts.now ?? Date.now;
    this.audit = opts.audit ?? new AuditLog(opts.store, this.now);
    this.lifetimes = opts.lifetimes ?? SESSION_LIFETIMES;
    this.lockout = opts.lockout ?? LOCKOUT;
  }

  /** True while no user exists. */
  async setupNeeded(): Promise<boolean> {
    return (await this.store.accounts.countUsers()) === 0;
  }

  /** Makes the one-time setup token when no user exists (once per process); null otherwise. */
  async prepareSetup(): Promise<string | null> {
    if (!(await this.setupNeeded())) return (this.token = null);
    return (this.token ??= randomBytes(24).toString('base64url'));
  }

  /** The setup token of this process, null once the administrator exists. */
  setupToken(): string | null {
    return this.token;
  }

  /** Creates the administrator and signs them in. */
  async setup(input: SetupInput, ip: string | null): Promise<{ user: User; sessionId: string }> {
    if (!(await this.setupNeeded())) throw accountErrors.setupDone();
    if (this.token === null || !sameText(input.setup_token, this.token)) throw accountErrors.setupToken();
    const username = normalizeUsername(input.username);
    const user = await this.store.accounts.createFirstUser(
      { id: randomUUID(), username, displayName: input.display_name ?? username, role: 'admin', language: input.language ?? 'en', timeZone: defaultTimeZone(), passwordHash: await hashPassword(input.password) },
      this.now(),
    );
    if (!user) throw accountErrors.setupDone();
    this.token = null;
    await this.audit.record({ name: user.username, kind: 'user' }, 'setup', user.id, { username: user.username }, ip);
    return { user, sessionId: await this.openSession(user, ip) };
  }

  /** Checks the credentials and opens a session; throws the answers of `POST /api/v1/session`. */
  async login(input: LoginInput, ip: string | null): Promise<{ user: User; sessionId: string }> {
    const username = normalizeUsername(input.username);
    const now = this.now();
    const locked = lockedFor(await this.store.accounts.loginFailures(username, failuresSince(now, this.lockout)), now, this.lockout);
    if (locked !== null) {
      await this.audit.record({ name: username, kind: 'user' }, 'login.locked', null, {}, ip);
      throw accountErrors.locked(locked);
    }
    const user = await this.store.accounts.findUserByName(username);
    const passwordOk = user ? await verifyPassword(input.password, user.passwordHash) : await verifyNothing(input.password);
    if (!user || !passwordOk || user.disabledAt !== null) return this.fail(username, 'password', ip);
    if (user.totpSecret !== null) {
      if (input.totp === undefined || input.totp.trim() === '') throw accountErrors.totpRequired();
      if (!(await this.secondFactor(user, input.totp))) return this.fail(username, 'second_factor', ip);
    }
    await this.store.accounts.clearLoginFailures(username);
    await this.audit.record({ name: user.username, kind: 'user' }, 'login', user.id, {}, ip);
    return { user, sessionId: await this.openSession(user, ip) };
  }

  /** Whether a TOTP code (not used before) or an unused recovery code is right; a recovery code is used up. */
  async secondFactor(user: User, code: string): Promise<boolean> {
    if (user.totpSecret === null) return false;
    if (looksLikeRecoveryCode(code)) {
      const used = await this.store.accounts.useRecoveryCode(user.id, hashRecoveryCode(code), this.now());
      if (used) await this.audit.record({ name: user.username, kind: 'user' }, 'recovery_code.used', user.id, {});
      return used;
    }
    const step = await matchTotp(user.totpSecret, code, this.now());
    return step !== null && (await this.store.accounts.acceptTotpStep(user.id, step));
  }

  private async fail(username: string, reason: string, ip: string | null): Promise<never> {
    await this.store.accounts.recordLoginFailure(username, this.now());
    await this.audit.record({ name: username, kind: 'user' }, 'login.failed', null, { reason }, ip);
    throw accountErrors.invalidCredentials();
  }

  private async openSession(user: User, ip: string | null): Promise<string> {
    const id = newSessionId();
    const now = this.now();
    const absolute = now + this.lifetimes.absoluteMs;
    await this.store.accounts.createSession({ idHash: hashSessionId(id)!, userId: user.id, createdAt: now, lastSeenAt: now, expiresAt: sessionEnd(now, absolute, this.lifetimes), absoluteExpiresAt: absolute, ip });
    return id;
  }

  /** The user of a live session (sliding its end), or undefined for an unknown, ended or disabled one. */
  async resolve(sessionId: string | undefined): Promise<SignedIn | undefined> {
    const idHash = sessionId === undefined ? undefined : hashSessionId(sessionId);
    if (idHash === undefined) return undefined;
    const session = await this.store.accounts.getSession(idHash);
    const now = this.now();
    if (!session) return undefined;
    if (now >= session.expiresAt || now >= session.absoluteExpiresAt) {
      await this.store.accounts.deleteSession(idHash);
      return undefined;
    }
    const user = await this.store.accounts.getUser(session.userId);
    if (!user || user.disabledAt !== null) {
      await this.store.accounts.deleteSession(idHash);
      return undefined;
    }
    const signedIn: SignedIn = { user, session, sessionId: sessionId! };
    if (now - session.lastSeenAt >= TOUCH_EVERY_MS) {
      const end = sessionEnd(now, session.absoluteExpiresAt, this.lifetimes);
      await this.store.accounts.touchSession(idHash, now, end);
      signedIn.renewedMaxAgeMs = end - now;
    }
    return signedIn;
  }

  /** Ends a session. */
  async logout(signedIn: SignedIn, ip: string | null): Promise<void> {
    await this.store.accounts.deleteSession(signedIn.session.idHash);
    await this.audit.record({ name: signedIn.user.username, kind: 'user' }, 'logout', signedIn.user.id, {}, ip);
  }

  /** How long a new session's cookie lives. */
  cookieMaxAgeMs(): number {
    return Math.min(this.lifetimes.idleMs, this.lifetimes.absoluteMs);
  }
}

/** Compares two secrets in constant time (for equal lengths). */
export function sameText(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export type { Role };
