import { describe, expect, it } from 'vitest';
import { deadlineWhen, formatCrisisList, span, table } from './crisis-format.js';

describe('crisis-format', () => {
  it('aligns columns, leaving the last one unpadded', () => {
    expect(table([['ID', 'STATE', 'TITLE'], ['12', 'open', 'Internal notice']])).toEqual(['ID  STATE  TITLE', '12  open   Internal notice']);
  });

  it('says how long in minutes, then hours and minutes', () => {
    expect(span(14 * 60_000)).toBe('14 min');
    expect(span(-(125 * 60_000))).toBe('2 h 05 min');
  });

  it('says the time left, or how late, in the language asked', () => {
    expect(deadlineWhen({ dueInMs: 15 * 60_000, lateByMs: null }, 'en')).toBe('in 15 min');
    expect(deadlineWhen({ dueInMs: null, lateByMs: 3 * 60_000 }, 'fr')).toBe('en retard de 3 min');
    expect(deadlineWhen({ dueInMs: null, lateByMs: null }, 'en')).toBe('—');
  });

  it('says when there is no crisis', () => {
    expect(formatCrisisList([], 'fr')).toBe('aucune crise\n');
  });
});
