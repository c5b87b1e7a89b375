/** @module Tests of the monitor diff used on reload. */
import { describe, it, expect } from 'vitest';
import { diffMonitors } from './diff-monitors.js';
import type { MonitorDefinition } from '../monitors/monitor.schema.js';

function def(id: string, overrides: Partial<MonitorDefinition> = {}): MonitorDefinition {
  return {
    id,
    name: id,
    tags: [],
    intervalMs: 60_000,
    timeoutMs: 10_000,
    confirmations: { down: 2, up: 1 },
    flapping: { changes: 5, windowMs: 3_600_000 },
    paused: false,
    type: 'http',
    check: { url: `https://${id}.example.test/` },
    ...overrides,
  };
}

describe('diffMonitors', () => {
  it('classifies monitors by id as added, changed, removed or unchanged', () => {
    const before = [def('a'), def('b'), def('c')];
    const after = [def('c'), def('a', { intervalMs: 30_000 }), def('d')];
    const diff = diffMonitors(before, after);
    expect(diff.added.map((d) => d.id)).toEqual(['d']);
    expect(diff.changed).toEqual([def('a', { intervalMs: 30_000 })]);
    expect(diff.removed).toEqual([def('b')]);
    expect(diff.unchanged.map((d) => d.id)).toEqual(['c']);
  });

  it('sees a change inside the check block', () => {
    const diff = diffMonitors([def('a')], [def('a', { check: { url: 'https://other.example.test/' } })]);
    expect(diff.changed.map((d) => d.id)).toEqual(['a']);
    expect(diff.unchanged).toEqual([]);
  });

  it('finds nothing to do for identical sets', () => {
    expect(diffMonitors([def('a')], [def('a')])).toEqual({ added: [], changed: [], removed: [], unchanged: [def('a')] });
  });
});
