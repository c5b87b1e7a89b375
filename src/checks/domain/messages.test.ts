import { describe, expect, it } from 'vitest';
import { days, formatMoment, joinTexts } from './messages.js';

describe('domain messages helpers', () => {
  const now = Date.parse('2026-03-01T12:00:00Z');
  it('formats moments in UTC, with the date when not today', () => {
    expect(formatMoment(Date.parse('2026-03-01T10:31:45Z'), now)).toBe('10:31 UTC');
    expect(formatMoment(Date.parse('2026-03-01T10:31:45Z'), now, true)).toBe('10:31:45 UTC');
    expect(formatMoment(Date.parse('2026-03-02T00:05:00Z'), now)).toBe('2026-03-02 00:05 UTC');
  });

  it('counts days in both languages and joins with each language’s punctuation', () => {
    expect(days(1)).toEqual({ en: '1 day', fr: '1 jour' });
    expect(days(0)).toEqual({ en: '0 days', fr: '0 jour' });
    expect(days(2)).toEqual({ en: '2 days', fr: '2 jours' });
    expect(joinTexts([{ en: 'a', fr: 'a' }, { en: 'b', fr: 'b' }])).toEqual({ en: 'a; b', fr: 'a ; b' });
  });
});
