import { describe, expect, it } from 'vitest';
import { parseWhoisDate } from './whois-dates.js';

describe('parseWhoisDate', () => {
  it('reads the usual WHOIS date forms as UTC', () => {
    expect(parseWhoisDate('2026-08-13T04:00:00Z')).toBe('2026-08-13T04:00:00.000Z');
    expect(parseWhoisDate('2026-08-13T04:00:00.123456Z')).toBe('2026-08-13T04:00:00.000Z');
    expect(parseWhoisDate('2026-08-13 04:00:00')).toBe('2026-08-13T04:00:00.000Z');
    expect(parseWhoisDate('2026-08-13')).toBe('2026-08-13T00:00:00.000Z');
    expect(parseWhoisDate('2026/08/13')).toBe('2026-08-13T00:00:00.000Z');
    expect(parseWhoisDate('13-Aug-2026')).toBe('2026-08-13T00:00:00.000Z');
    expect(parseWhoisDate('13.08.2026')).toBe('2026-08-13T00:00:00.000Z');
    expect(parseWhoisDate('2026-08-13T06:00:00+02:00')).toBe('2026-08-13T04:00:00.000Z');
  });

  it('returns null for what it cannot read', () => {
    expect(parseWhoisDate(undefined)).toBeNull();
    expect(parseWhoisDate('next year')).toBeNull();
    expect(parseWhoisDate('2026-13-45')).toBeNull();
  });
});
