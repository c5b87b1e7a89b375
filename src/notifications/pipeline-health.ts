/**
 * @module Whether Vigie's own pipeline is healthy enough to say so to the outside (the watchdog's
 * heartbeat): checks start on time, the incident engine keeps up with the transitions outbox,
 * due messages go out, and the notification loop keeps completing its steps. Pure.
 */
import { formatDuration } from '../incidents/incident-figures.js';

/** What the pipeline looks like now, each as an age or a delay in ms (0 when nothing waits). */
export interface PipelineFacts {
  /** How late the oldest due check not started yet is. */
  schedulerLagMs: number;
  /** Age of the oldest transition the incident engine has not consumed. */
  outboxLagMs: number;
  /** Age of the oldest due delivery not sent. */
  deliveryLagMs: number;
  /** Time since the notification loop last completed a step (or started). */
  loopIdleMs: number;
}

/** The most each fact may reach while the pipeline is called healthy. */
export interface PipelineLimits {
  maxSchedulerLagMs: number;
  maxOutboxLagMs: number;
  /** Bounds both the oldest due delivery and the time since the loop's last step. */
  maxDeliveryLagMs: number;
}

/** A part of the pipeline that can fall behind. */
export type PipelinePart = 'scheduler' | 'outbox' | 'delivery' | 'loop';

/** The verdict: healthy, or what is wrong, one sentence per problem (with its figures). */
export interface PipelineHealth {
  healthy: boolean;
  problems: string[];
  /** The parts behind, in the order of `problems` (stable while the figures change). */
  behind: PipelinePart[];
}

/** Judges the pipeline from its facts; a fact equal to its limit is still healthy. */
export function pipelineHealth(facts: PipelineFacts, limits: PipelineLimits): PipelineHealth {
  const problems: string[] = [];
  const behind: PipelinePart[] = [];
  const over = (part: PipelinePart, value: number, limit: number, text: string) => {
    if (value <= limit) return;
    problems.push(`${text} ${formatDuration(value)} (limit ${formatDuration(limit)})`);
    behind.push(part);
  };
  over('scheduler', facts.schedulerLagMs, limits.maxSchedulerLagMs, 'scheduler lag: the oldest due check has waited');
  over('outbox', facts.outboxLagMs, limits.maxOutboxLagMs, 'outbox lag: the oldest transition not turned into incidents is');
  over('delivery', facts.deliveryLagMs, limits.maxDeliveryLagMs, 'delivery lag: the oldest due message not sent has waited');
  over('loop', facts.loopIdleMs, limits.maxDeliveryLagMs, 'notification loop stalled: no step completed for');
  return { healthy: problems.length === 0, problems, behind };
}
