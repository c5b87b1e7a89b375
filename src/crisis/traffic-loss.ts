/**
 * @module The traffic an incident lost on one `traffic` monitor, estimated from its pushed
 * buckets: over the incident's window, the sum per bucket of what the baseline expected minus
 * what was answered (never below zero).
 *
 * - The counter is the ratio's numerator when the monitor has a ratio rule (`answered`), else its
 *   `volume` counter; the baseline is computed on that same counter by `baselineFor`.
 * - The baseline is learnt only from buckets before the incident (those inside it are the
 *   outage): per bucket, the same time of week in past weeks when that history exists, else the
 *   moving median of the buckets just before the incident, held for the whole window.
 * - A bucket cut by the window's edges counts whole: its counts are already measured, and its
 *   deficit is what the outage cost during the part inside the window (pro-rating it would
 *   undercount the outage by up to a bucket at each end).
 * - A bucket not yet over, or over but whose counts may still arrive (within the grace), is left
 *   for later; a bucket past that with no counts counts as nothing answered (traffic vanished).
 *
 * {@link estimateTrafficLoss} is pure; {@link readTrafficLoss} fetches what it needs first.
 */
import type { TrafficBucket, PassiveReader } from '../checks/passive-reader.js';
import { baselineFor, WEEK_MS, type Baseline } from '../checks/traffic/baseline.js';
import type { TrafficConfig } from '../checks/traffic/traffic.schema.js';
import type { Incident, Localized } from '../incidents/incident.types.js';

/** What an estimate needs of a monitor's `traffic` block. */
export type TrafficImpactConfig = Pick<TrafficConfig, 'bucket' | 'volume' | 'baseline'> & {
  ratio?: Pick<NonNullable<TrafficConfig['ratio']>, 'numerator'> | undefined;
  grace?: number | undefined;
};

/** A span of time, epoch ms, `end` excluded. */
export interface TimeWindow {
  start: number;
  end: number;
}

/** Why a monitor has no estimate. */
export interface NoEstimateReason extends Localized {
  code: 'learning' | 'no_complete_bucket';
}

/** The estimated loss on one traffic monitor; the figures are null when there is no estimate. */
export interface TrafficLoss {
  monitorId: string;
  /** The counter the figures count (`answered` for a ratio monitor, else the volume counter). */
  counter: string;
  window: TimeWindow;
  /** What the baseline expected over the counted buckets. */
  expected: number | null;
  /** What was answered (or seen) over them. */
  observed: number | null;
  /** Σ max(0, expected − observed) per bucket: never negative, never more than `expected`. */
  lost: number | null;
  /** Buckets counted. */
  buckets: number;
  /** Of those, buckets that had no counts at all (counted as nothing answered). */
  missing: number;
  /** Complete buckets left out because no baseline exists for them (the estimate is then partial). */
  unestimated: number;
  /** Buckets left for later: not over yet, or their counts may still arrive. */
  pending: number;
  /** How the baselines were found: `mixed` when some buckets had weekly history and some not. */
  method: Baseline['method'] | 'mixed' | null;
  reason: NoEstimateReason | null;
}

/** What {@link estimateTrafficLoss} reads. */
export interface TrafficLossInput {
  monitorId: string;
  config: TrafficImpactConfig;
  window: TimeWindow;
  now: number;
  /** The window's buckets and the history before it (recent and same-time-of-week), any order. */
  buckets: readonly TrafficBucket[];
}

/** The counter whose loss matters: the ratio's numerator (answered), else the volume counter. */
export function impactCounter(config: TrafficImpactConfig): string {
  return config.ratio?.numerator ?? config.volume;
}

/** An incident's window: from its first failure (or opening) to its recovery, resolution, or `now`. */
export function incidentWindow(incident: Pick<Incident, 'firstFailureAt' | 'openedAt' | 'recoveredAt' | 'resolvedAt'>, now: number): TimeWindow {
  const start = incident.firstFailureAt ?? incident.openedAt;
  const end = Math.min(incident.recoveredAt ?? incident.resolvedAt ?? now, now);
  return { start, end: Math.max(start, end) };
}

const REASONS: Record<NoEstimateReason['code'], Localized> = {
  learning: { en: 'no baseline yet: the monitor is still learning its usual traffic', fr: 'pas encore de référence : la sonde apprend encore son trafic habituel' },
  no_complete_bucket: { en: 'no complete bucket of counts in the incident yet', fr: 'aucun intervalle de comptage complet depuis le début de l’incident' },
};

function check(config: TrafficImpactConfig, window: TimeWindow, where: string): void {
  if (!(Number.isFinite(config.bucket) && config.bucket > 0)) throw new Error(`${where}: traffic bucket must be a positive number of ms, got ${config.bucket}`);
  if (!(Number.isFinite(window.start) && Number.isFinite(window.end))) throw new Error(`${where}: the window needs finite start and end times`);
}

/** The loss on one traffic monitor over `window` (pure). */
export function estimateTrafficLoss(input: TrafficLossInput): TrafficLoss {
  const { monitorId, config, window, now } = input;
  check(config, window, `traffic monitor "${monitorId}"`);
  const size = config.bucket;
  const counter = impactCounter(config);
  const grace = config.grace ?? 2 * size;
  const end = Math.min(window.end, now);
  const anchor = Math.floor(window.start / size) * size;
  const byStart = new Map(input.buckets.map((b) => [b.start, b]));
  const history = new Map(input.buckets.filter((b) => b.start < anchor).map((b) => [b.start, b.counts[counter] ?? 0]));
  const opts = { weeks: config.baseline.weeks, buckets: config.baseline.buckets, bucketMs: size };
  const recent = baselineFor(anchor, history, { ...opts, weeks: 0 });
  const sums = { expected: 0, observed: 0, lost: 0 };
  const count = { buckets: 0, missing: 0, unestimated: 0, pending: 0 };
  const methods = new Set<Baseline['method']>();
  for (let start = anchor; start < end; start += size) {
    const overlap = Math.min(start + size, end) - Math.max(start, window.start);
    if (overlap <= 0) continue;
    const bucket = byStart.get(start);
    if (start + size > now || (!bucket && start + size + grace > now)) {
      count.pending++;
      continue;
    }
    const weekly = baselineFor(start, history, opts);
    const baseline = weekly?.method === 'weekly' ? weekly : recent;
    if (!baseline) {
      count.unestimated++;
      continue;
    }
    const answered = bucket ? (bucket.counts[counter] ?? 0) : 0;
    sums.expected += baseline.value;
    sums.observed += answered;
    sums.lost += Math.max(0, baseline.value - answered);
    count.buckets++;
    if (!bucket) count.missing++;
    methods.add(baseline.method);
  }
  const base = { monitorId, counter, window: { start: window.start, end }, ...count };
  if (count.buckets === 0) {
    const code = count.unestimated > 0 ? 'learning' : 'no_complete_bucket';
    return { ...base, expected: null, observed: null, lost: null, method: null, reason: { code, ...REASONS[code] } };
  }
  const method = methods.size > 1 ? 'mixed' : [...methods][0]!;
  return { ...base, ...sums, method, reason: null };
}

/**
 * The loss on one traffic monitor, reading its buckets: the window's, the previous
 * `baseline.buckets` ones, and the same span in each of the `baseline.weeks` past weeks.
 */
export async function readTrafficLoss(reader: Pick<PassiveReader, 'trafficBuckets'>, input: Omit<TrafficLossInput, 'buckets'>): Promise<TrafficLoss> {
  const { monitorId, config, window, now } = input;
  check(config, window, `traffic monitor "${monitorId}"`);
  const size = config.bucket;
  const anchor = Math.floor(window.start / size) * size;
  const until = Math.ceil(Math.min(window.end, now) / size) * size;
  const ranges: [number, number][] = [[anchor - config.baseline.buckets * size, Math.max(until, anchor)]];
  for (let k = 1; k <= config.baseline.weeks; k++) ranges.push([anchor - k * WEEK_MS, Math.min(until - k * WEEK_MS, anchor)]);
  const read = await Promise.all(ranges.filter(([from, to]) => to > from).map(([from, to]) => reader.trafficBuckets(monitorId, from, to)));
  return estimateTrafficLoss({ ...input, buckets: read.flat() });
}

/** The losses of several monitors added up. */
export interface TrafficTotal {
  /** The counter they all count, or null when they count different ones. */
  counter: string | null;
  expected: number;
  observed: number;
  lost: number;
  /** How many monitors had an estimate. */
  monitors: number;
  /** Some monitor had no estimate, or some buckets no baseline: the loss is at least this. */
  partial: boolean;
}

/** The sum of the monitors that have an estimate; null when none has. */
export function totalTrafficLoss(losses: readonly TrafficLoss[]): TrafficTotal | null {
  const estimated = losses.filter((l) => l.lost !== null);
  if (estimated.length === 0) return null;
  const counters = new Set(estimated.map((l) => l.counter));
  return {
    counter: counters.size === 1 ? estimated[0]!.counter : null,
    expected: estimated.reduce((s, l) => s + l.expected!, 0),
    observed: estimated.reduce((s, l) => s + l.observed!, 0),
    lost: estimated.reduce((s, l) => s + l.lost!, 0),
    monitors: estimated.length,
    partial: estimated.length < losses.length || estimated.some((l) => l.unestimated > 0),
  };
}
