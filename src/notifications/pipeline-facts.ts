/**
 * @module Reads the facts {@link pipelineHealth} judges from the store and the running loops: the
 * age of the oldest transition the incident engine has not consumed (the outbox), and of the
 * oldest due message not sent; the scheduler's lag and the notification loop's last step are
 * given by their owners.
 */
import { INCIDENTS_CONSUMER } from '../incidents/incident-engine.js';
import type { Store } from '../storage/store.js';
import type { PipelineFacts } from './pipeline-health.js';

export interface PipelineFactSources {
  store: Store;
  now: number;
  /** How late the scheduler is (ms). */
  schedulerLagMs: number;
  /** When the notification loop last completed a step (or started). */
  lastStepAt: number;
}

/** The pipeline's facts now; every age is 0 when nothing waits. */
export async function pipelineFacts(s: PipelineFactSources): Promise<PipelineFacts> {
  const { items } = await s.store.transitions.claim(INCIDENTS_CONSUMER, 1);
  const { oldestDueAt } = await s.store.deliveries.backlog(s.now);
  const age = (at: number | null | undefined) => (at === null || at === undefined ? 0 : Math.max(0, s.now - at));
  return { schedulerLagMs: s.schedulerLagMs, outboxLagMs: age(items[0]?.at), deliveryLagMs: age(oldestDueAt), loopIdleMs: age(s.lastStepAt) };
}
