import { describe, expect, it } from 'vitest';
import { formatDuration, incidentFigures } from './incident-figures.js';

describe('incidentFigures', () => {
  it('measures detect, acknowledge and resolve from the incident times', () => {
    expect(incidentFigures({ firstFailureAt: 1_000, openedAt: 4_000, acknowledgedAt: 64_000, resolvedAt: 601_000 })).toEqual({
      timeToDetectMs: 3_000,
      timeToAcknowledgeMs: 60_000,
      timeToResolveMs: 600_000,
    });
  });

  it('leaves steps that did not happen null, and resolves from opening when no failure was seen (manual incident)', () => {
    expect(incidentFigures({ firstFailureAt: null, openedAt: 10_000, acknowledgedAt: null, resolvedAt: 70_000 })).toEqual({
      timeToDetectMs: null,
      timeToAcknowledgeMs: null,
      timeToResolveMs: 60_000,
    });
  });
});

describe('formatDuration', () => {
  it.each([
    [null, '—'],
    [45_000, '45 s'],
    [180_000, '3 min'],
    [200_000, '3 min 20 s'],
    [7_500_000, '2 h 05 min'],
  ])('%s ms reads %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
});
