/**
 * @module Console sessions (pure parts): a random id kept only in the browser's `vigie_session`
 * cookie (the database has its SHA-256), a CSRF token derived from the id (so it needs no storage
 * and cannot be guessed from the database), the sliding and absolute lifetimes, and the cookie.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'vigie_session';
export const CSRF_HEADER = 'x-csrf-token';

export interface SessionLifetimes {
  /** Ends this long after the last request (sliding). */
  idleMs: number;
  /** Ends this long after sign-in, whatever happens. */
  absoluteMs: number;
}

export const SESSION_LIFETIMES: SessionLifetimes = { idleMs: 12 * 3_600_000, absoluteMs: 7 * 86_400_000 };
/** The last-seen time is written at most this often per session. */
export const TOUCH_EVERY_MS = 60_000;

const ID_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** A new session id (256 random bits, base64url). */
export function newSessionId(): string {
  return randomBytes(32).toString('base64url');
}

/** The stored form of a session id; undefined for a value that is not one. */
export function hashSessionId(id: string): string | undefined {
  if (!ID_PATTERN.test(id)) return undefined;
  return createHash('sha256').update(id, 'utf8').digest('hex');
}

/** The CSRF token of a session. */
export function csrfTokenOf(sessionId: string): string {
  return createHash('sha256').update(`vigie-csrf:${sessionId}`, 'utf8').digest('base64url');
}

/** Whether a request's CSRF header matches the session (constant time). */
export function csrfMatches(sessionId: string, header: string | string[] | undefined): boolean {
  if (typeof header !== 'string') return false;
  const expected = Buffer.from(csrfTokenOf(sessionId));
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** When a session seen at `at` ends (sliding, capped by the absolute end). */
export function sessionEnd(at: number, absoluteEnd: number, lifetimes: SessionLifetimes = SESSION_LIFETIMES): number {
  return Math.min(at + lifetimes.idleMs, absoluteEnd);
}

/** The session id from a `Cookie` header, or undefined. */
export function sessionIdFromCookie(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The `Set-Cookie` value for a session id, valid `maxAgeMs`; `secure` when the request came over HTTPS. */
export function sessionCookie(sessionId: string, maxAgeMs: number, secure: boolean): string {
  return `${SESSION_COOKIE}=${sessionId}; Path=/; Max-Age=${Math.max(0, Math.floor(maxAgeMs / 1000))}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

/** The `Set-Cookie` value that removes the cookie. */
export function clearedCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}
