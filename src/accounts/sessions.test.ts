import { describe, expect, it } from 'vitest';
import { clearedCookie, csrfMatches, csrfTokenOf, hashSessionId, newSessionId, sessionCookie, sessionEnd, sessionIdFromCookie } from './sessions.js';

const H = 3_600_000;

describe('sessions', () => {
  it('makes random ids and stores only their hash', () => {
    const id = newSessionId();
    expect(id).toMatch(/^[\w-]{43}$/);
    expect(newSessionId()).not.toBe(id);
    expect(hashSessionId(id)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashSessionId(id)).not.toContain(id);
    expect(hashSessionId('short')).toBeUndefined();
    expect(hashSessionId(`${id}x`)).toBeUndefined();
  });

  it('derives a CSRF token per session and compares it', () => {
    const a = newSessionId();
    const b = newSessionId();
    expect(csrfTokenOf(a)).not.toBe(csrfTokenOf(b));
    expect(csrfMatches(a, csrfTokenOf(a))).toBe(true);
    expect(csrfMatches(a, csrfTokenOf(b))).toBe(false);
    expect(csrfMatches(a, undefined)).toBe(false);
    expect(csrfMatches(a, '')).toBe(false);
    expect(csrfMatches(a, [csrfTokenOf(a)])).toBe(false);
  });

  it('slides the end by 12 hours, never past the absolute end', () => {
    const start = Date.UTC(2026, 0, 1);
    const absolute = start + 7 * 24 * H;
    expect(sessionEnd(start, absolute)).toBe(start + 12 * H);
    expect(sessionEnd(start + 100 * H, absolute)).toBe(start + 112 * H);
    expect(sessionEnd(start + 160 * H, absolute)).toBe(absolute);
  });

  it('reads the cookie among others and writes it HttpOnly, SameSite=Strict', () => {
    const id = newSessionId();
    expect(sessionIdFromCookie(`theme=dark; vigie_session=${id}; other=1`)).toBe(id);
    expect(sessionIdFromCookie('theme=dark')).toBeUndefined();
    expect(sessionIdFromCookie(undefined)).toBeUndefined();
    expect(sessionCookie(id, 12 * H, false)).toBe(`vigie_session=${id}; Path=/; Max-Age=43200; HttpOnly; SameSite=Strict`);
    expect(sessionCookie(id, 12 * H, true)).toMatch(/; Secure$/);
    expect(clearedCookie(false)).toBe('vigie_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict');
  });
});
