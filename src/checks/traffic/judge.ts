/**
 * @module Pure judgement of a traffic monitor from its pushed buckets: missing counts, volume
 * drop against the baseline, ratio (ASR) under its threshold. English and French messages.
 */
import { formatDuration } from '../../core/duration.js';
import { clockText } from '../heartbeat/time-text.js';
import type { TrafficBucket } from '../passive-reader.js';
import type { CheckResult } from '../types.js';
import { baselineFor, type Baseline } from './baseline.js';
import { trafficGraceMs, type TrafficConfig } from './traffic.schema.js';

/** What the judgement reads. */
export interface TrafficFacts {
  now: number;
  /** Start of the newest bucket ever pushed. */
  lastStart: number | undefined;
  /** Recent buckets and the same-time-of-week ones (any order). */
  buckets: readonly TrafficBucket[];
}

interface Finding {
  en: string;
  fr: string;
}

const frNumber = (text: string) => text.replace('.', ',');

function result(status: CheckResult['status'], parts: Finding[], details: Record<string, unknown>): CheckResult {
  const en = parts.map((p) => p.en).join('; ');
  const fr = parts.map((p) => p.fr).join(' ; ');
  return { status, message: en, messages: { en, fr }, latencyMs: null, details };
}

function dropFinding(config: TrafficConfig, volume: number, baseline: Baseline | undefined, when: string): { down: boolean; finding: Finding } | undefined {
  if (!config.drop || !baseline || baseline.value <= 0 || baseline.value < config.min_volume) return undefined;
  const percent = (100 * volume) / baseline.value;
  const usual = Math.round(baseline.value);
  const pct = Math.round(percent);
  if (percent >= config.drop.below_percent) {
    return { down: false, finding: { en: `${config.volume} ${volume} in ${when} (${pct} % of usual ${usual})`, fr: `${config.volume} ${volume} sur ${when} (${pct} % de l'habituel ${usual})` } };
  }
  const how = baseline.method === 'weekly'
    ? { en: `same time of week, last ${baseline.samples} week(s)`, fr: `même moment de la semaine, ${baseline.samples} dernière(s) semaine(s)` }
    : { en: `median of the last ${baseline.samples} buckets`, fr: `médiane des ${baseline.samples} derniers intervalles` };
  return {
    down: true,
    finding: {
      en: `traffic drop: ${config.volume} ${volume} in ${when} is ${pct} % of the usual ${usual} (${how.en})`,
      fr: `chute de trafic : ${config.volume} ${volume} sur ${when}, soit ${pct} % de l'habituel ${usual} (${how.fr})`,
    },
  };
}

function ratioFinding(config: TrafficConfig, counts: Record<string, number>, when: string): { down: boolean; value: number; finding: Finding } | undefined {
  const rule = config.ratio;
  if (!rule) return undefined;
  const den = counts[rule.denominator] ?? 0;
  const num = counts[rule.numerator] ?? 0;
  if (den <= 0 || den < config.min_volume) return undefined;
  const value = num / den;
  const name = rule.name ?? `${rule.numerator}/${rule.denominator}`;
  const shown = value.toFixed(2);
  if (value >= rule.min) return { down: false, value, finding: { en: `${name} ${shown}`, fr: `${name} ${frNumber(shown)}` } };
  const parts = `${rule.numerator} ${num} / ${rule.denominator} ${den}`;
  return {
    down: true,
    value,
    finding: {
      en: `${name} ${shown} under ${rule.min} in ${when} (${parts})`,
      fr: `${name} ${frNumber(shown)} sous le seuil ${frNumber(String(rule.min))} sur ${when} (${parts})`,
    },
  };
}

/**
 * What a verdict judged (`details.sample`): the bucket it read, or — without one — the time slot
 * of one bucket it was made in. Results with the same sample count as one confirmation.
 */
function sampleOf(kind: 'bucket' | 'slot', start: number): string {
  return `${kind}:${new Date(start).toISOString()}`;
}

/** The sample of a traffic result (see `CheckType.sample`). */
export function trafficSample(details: Record<string, unknown> | undefined): string | undefined {
  return typeof details?.sample === 'string' ? details.sample : undefined;
}

/** The verdict on a traffic monitor at `facts.now`. */
export function judgeTraffic(config: TrafficConfig, facts: TrafficFacts): CheckResult {
  const { now, lastStart } = facts;
  const size = config.bucket;
  const slot = { sample: sampleOf('slot', Math.floor(now / size) * size) };
  if (lastStart === undefined) {
    return result('unknown', [{ en: `no counts received yet (one bucket every ${formatDuration(size)})`, fr: `aucun comptage reçu pour l'instant (un intervalle toutes les ${formatDuration(size)})` }], slot);
  }
  const complete = facts.buckets.filter((b) => b.start + size <= now).sort((a, b) => a.start - b.start);
  const latest = complete.at(-1);
  const lastEnd = Math.max(latest ? latest.start + size : Number.NEGATIVE_INFINITY, lastStart + size <= now ? lastStart + size : Number.NEGATIVE_INFINITY);
  if (lastEnd === Number.NEGATIVE_INFINITY) {
    return result('unknown', [{ en: 'waiting for the first complete bucket', fr: 'en attente du premier intervalle complet' }], slot);
  }
  if (now - lastEnd > trafficGraceMs(config)) {
    const at = clockText(lastEnd, now);
    const grace = formatDuration(trafficGraceMs(config));
    return result('down', [{ en: `no traffic counts since ${at} (grace ${grace})`, fr: `aucun comptage de trafic depuis ${at} (tolérance ${grace})` }], { lastBucketEnd: new Date(lastEnd).toISOString(), ...slot });
  }
  if (!latest) return result('unknown', [{ en: 'waiting for the first complete bucket', fr: 'en attente du premier intervalle complet' }], slot);
  return judgeBucket(config, latest, complete, now);
}

function judgeBucket(config: TrafficConfig, latest: TrafficBucket, complete: readonly TrafficBucket[], now: number): CheckResult {
  const volumes = new Map(complete.filter((b) => b !== latest).map((b) => [b.start, b.counts[config.volume] ?? 0]));
  const baseline = baselineFor(latest.start, volumes, { weeks: config.baseline.weeks, buckets: config.baseline.buckets, bucketMs: config.bucket });
  const volume = latest.counts[config.volume] ?? 0;
  const when = `${clockText(latest.start, now)}–${clockText(latest.start + config.bucket, now)}`;
  const drop = dropFinding(config, volume, baseline, when);
  const ratio = ratioFinding(config, latest.counts, when);
  const details = {
    bucket: new Date(latest.start).toISOString(),
    counts: latest.counts,
    baseline: baseline ? Math.round(baseline.value * 100) / 100 : null,
    baselineMethod: baseline?.method ?? null,
    ratio: ratio ? Math.round(ratio.value * 10_000) / 10_000 : null,
    sample: sampleOf('bucket', latest.start),
  };
  const down = [drop, ratio].filter((f) => f?.down).map((f) => f!.finding);
  if (down.length > 0) return result('down', down, details);
  const fine: Finding[] = [drop?.finding ?? { en: `${config.volume} ${volume} in ${when}`, fr: `${config.volume} ${volume} sur ${when}` }];
  if (ratio) fine.push(ratio.finding);
  return result('up', fine, details);
}
