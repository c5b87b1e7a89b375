import { describe, expect, it } from 'vitest';
import { RunQueue, type QueuedRun } from './run-queue.js';

/** A run whose completion the test controls. */
function controlled(host: string, log: string[], name: string) {
  let finish: () => void = () => undefined;
  const run: QueuedRun = {
    host,
    start(done) {
      log.push(`start ${name}`);
      finish = done;
    },
  };
  return { run, finish: () => finish() };
}

describe('RunQueue', () => {
  it('never runs more than the global limit at once', () => {
    const q = new RunQueue(2, 10);
    const log: string[] = [];
    const runs = ['a', 'b', 'c', 'd'].map((n) => controlled(`h-${n}`, log, n));
    runs.forEach((r) => q.enqueue(r.run));
    expect(log).toEqual(['start a', 'start b']);
    expect(q.inFlight).toBe(2);
    expect(q.depth).toBe(2);
    runs[0]!.finish();
    expect(log).toEqual(['start a', 'start b', 'start c']);
    runs[1]!.finish();
    runs[2]!.finish();
    runs[3]!.finish();
    expect(q.inFlight).toBe(0);
    expect(q.depth).toBe(0);
  });

  it('holds back a saturated host without blocking other hosts', () => {
    const q = new RunQueue(10, 1);
    const log: string[] = [];
    const a1 = controlled('a', log, 'a1');
    const a2 = controlled('a', log, 'a2');
    const b1 = controlled('b', log, 'b1');
    q.enqueue(a1.run);
    q.enqueue(a2.run);
    q.enqueue(b1.run);
    expect(log).toEqual(['start a1', 'start b1']);
    a1.finish();
    expect(log).toEqual(['start a1', 'start b1', 'start a2']);
  });

  it('ignores a second done() from the same run', () => {
    const q = new RunQueue(1, 1);
    const log: string[] = [];
    const a = controlled('a', log, 'a');
    const b = controlled('a', log, 'b');
    const c = controlled('a', log, 'c');
    [a, b, c].forEach((r) => q.enqueue(r.run));
    a.finish();
    a.finish();
    expect(log).toEqual(['start a', 'start b']);
    expect(q.inFlight).toBe(1);
  });
});
