import { describe, expect, it } from 'vitest';
import { jitterOffset, nextDue, Scheduler } from './scheduler.js';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('nextDue', () => {
  it('stays on the anchor grid whatever the lateness', () => {
    expect(nextDue(1000, 100, 500)).toBe(1000);
    expect(nextDue(1000, 100, 1000)).toBe(1100);
    expect(nextDue(1000, 100, 1099)).toBe(1100);
    expect(nextDue(1000, 100, 1350)).toBe(1400);
  });
});

describe('jitterOffset', () => {
  it('is stable for an id and spread within min(interval, 60 s)', () => {
    expect(jitterOffset('api', 30_000)).toBe(jitterOffset('api', 30_000));
    const offsets = Array.from({ length: 1000 }, (_, i) => jitterOffset(`m-${i}`, 30_000));
    expect(Math.max(...offsets)).toBeLessThan(30_000);
    expect(new Set(offsets).size).toBeGreaterThan(900);
    const long = Array.from({ length: 200 }, (_, i) => jitterOffset(`m-${i}`, 3_600_000));
    expect(Math.max(...long)).toBeLessThan(60_000);
  });
});

describe('Scheduler', () => {
  it('fires each monitor on its grid and never overlaps a run with itself', async () => {
    const dues: Record<string, number[]> = { fast: [], slow: [] };
    let skipped = 0;
    const hold: Array<() => void> = [];
    const scheduler = new Scheduler(
      {
        onDue(item, dueAt, finished) {
          dues[item.id]!.push(dueAt);
          if (item.id === 'slow') hold.push(finished);
          else finished();
        },
        onSkip: () => skipped++,
      },
      false,
    );
    scheduler.upsert({ id: 'fast', intervalMs: 40 });
    scheduler.upsert({ id: 'slow', intervalMs: 40 });
    const deadline = Date.now() + 10_000;
    while ((dues.fast!.length < 5 || skipped < 2) && Date.now() < deadline) await wait(20);
    scheduler.stop();
    const fast = dues.fast!;
    expect(fast.length).toBeGreaterThanOrEqual(5);
    for (let i = 1; i < fast.length; i++) expect((fast[i]! - fast[0]!) % 40).toBe(0);
    expect(dues.slow).toHaveLength(1);
    expect(skipped).toBeGreaterThanOrEqual(2);
    hold.forEach((f) => f());
  });

  it('removes and reschedules monitors', async () => {
    const seen: string[] = [];
    const scheduler = new Scheduler({ onDue: (item, _d, finished) => (seen.push(item.id), finished()) }, false);
    scheduler.upsert({ id: 'a', intervalMs: 30 });
    scheduler.upsert({ id: 'b', intervalMs: 30 });
    scheduler.remove('b');
    const deadline = Date.now() + 10_000;
    while (seen.length < 3 && Date.now() < deadline) await wait(20);
    scheduler.stop();
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen).not.toContain('b');
    expect(scheduler.has('b')).toBe(false);
  });
});
