import { describe, expect, it } from 'vitest';
import { EngineMetrics } from './metrics.js';

describe('EngineMetrics.takeLagMs', () => {
  it('is the worst lag of runs started since the last call, then starts over', () => {
    const metrics = new EngineMetrics(false);
    expect(metrics.takeLagMs(1000)).toBe(0);
    metrics.recordLag(40);
    metrics.recordLag(2500);
    metrics.recordLag(10);
    expect(metrics.takeLagMs(1000)).toBe(2500);
    expect(metrics.takeLagMs(1000)).toBe(0);
  });

  it('counts a due run still waiting for a slot by how long it has waited so far', () => {
    const metrics = new EngineMetrics(false);
    const started = metrics.waitingRun(10_000);
    metrics.waitingRun(12_000);
    expect(metrics.takeLagMs(45_000)).toBe(35_000);
    started();
    expect(metrics.takeLagMs(45_000)).toBe(33_000);
  });
});
