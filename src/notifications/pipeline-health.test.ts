import { describe, expect, it } from 'vitest';
import { pipelineHealth, type PipelineFacts } from './pipeline-health.js';

const limits = { maxSchedulerLagMs: 30_000, maxOutboxLagMs: 60_000, maxDeliveryLagMs: 60_000 };
const calm: PipelineFacts = { schedulerLagMs: 0, outboxLagMs: 0, deliveryLagMs: 0, loopIdleMs: 400 };

describe('pipelineHealth', () => {
  it('is healthy when every fact is within its limit, limits included', () => {
    expect(pipelineHealth(calm, limits)).toEqual({ healthy: true, problems: [], behind: [] });
    expect(pipelineHealth({ schedulerLagMs: 30_000, outboxLagMs: 60_000, deliveryLagMs: 60_000, loopIdleMs: 60_000 }, limits).healthy).toBe(true);
  });

  it('names each fact over its limit, with its value and the limit', () => {
    expect(pipelineHealth({ ...calm, schedulerLagMs: 45_000 }, limits).problems).toEqual(['scheduler lag: the oldest due check has waited 45 s (limit 30 s)']);
    expect(pipelineHealth({ ...calm, outboxLagMs: 120_000 }, limits).problems).toEqual(['outbox lag: the oldest transition not turned into incidents is 2 min (limit 1 min)']);
    expect(pipelineHealth({ ...calm, deliveryLagMs: 61_000 }, limits).problems).toEqual(['delivery lag: the oldest due message not sent has waited 1 min 1 s (limit 1 min)']);
    expect(pipelineHealth({ ...calm, loopIdleMs: 90_000 }, limits).problems).toEqual(['notification loop stalled: no step completed for 1 min 30 s (limit 1 min)']);
  });

  it('reports every problem at once and is then unhealthy', () => {
    const health = pipelineHealth({ schedulerLagMs: 31_000, outboxLagMs: 61_000, deliveryLagMs: 61_000, loopIdleMs: 61_000 }, limits);
    expect(health.healthy).toBe(false);
    expect(health.problems).toHaveLength(4);
    expect(health.behind).toEqual(['scheduler', 'outbox', 'delivery', 'loop']);
  });
});
