import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TrafficBucket } from '../checks/passive-reader.js';
import { WEEK_MS } from '../checks/traffic/baseline.js';
import { estimateTrafficLoss, impactCounter, incidentWindow, totalTrafficLoss, type TrafficImpactConfig, type TrafficLoss } from './traffic-loss.js';

const MIN = 60_000;
const SIZE = 5 * MIN;
/** 2 June 2021, 16:45 Paris (14:45 UTC): the start of the emergency-calls outage. */
const T0 = Date.UTC(2021, 5, 2, 14, 45);
const ASR: TrafficImpactConfig = { bucket: SIZE, volume: 'attempts', ratio: { numerator: 'answered' }, baseline: { weeks: 4, buckets: 12 } };
const VOLUME: TrafficImpactConfig = { bucket: SIZE, volume: 'attempts', baseline: { weeks: 4, buckets: 12 } };

const bucket = (start: number, counts: Record<string, number>): TrafficBucket => ({ start, seconds: SIZE / 1000, counts });

/** A seeded pseudo-random generator (mulberry32), for reproducible noise. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Steady buckets before T0: ~1,000 attempts and ~900 answered (±3 %). */
function steady(count: number, rand: () => number, answered = 900): TrafficBucket[] {
  return Array.from({ length: count }, (_, i) => {
    const noise = 1 + (rand() - 0.5) * 0.06;
    return bucket(T0 - (count - i) * SIZE, { attempts: Math.round(1000 * noise), answered: Math.round(answered * noise) });
  });
}

describe('estimateTrafficLoss', () => {
  it('estimates the calls lost in a long outage within 1 % of the truth, the baseline held from before it', () => {
    const rand = random(42);
    const before = steady(12, rand);
    // 7 h 15 of outage: the demand keeps its usual level, 10 % of it is answered.
    const outage: TrafficBucket[] = [];
    let truth = 0;
    let demandSum = 0;
    for (let i = 0; i < 87; i++) {
      const demand = 900 * (1 + (rand() - 0.5) * 0.06);
      const answered = Math.round(demand * 0.1);
      truth += demand - answered;
      demandSum += demand;
      outage.push(bucket(T0 + i * SIZE, { attempts: Math.round(demand / 0.9), answered }));
    }
    const end = T0 + 87 * SIZE;
    const loss = estimateTrafficLoss({ monitorId: 'calls', config: ASR, window: { start: T0, end }, now: end + 10 * SIZE, buckets: [...before, ...outage] });
    expect(loss).toMatchObject({ counter: 'answered', buckets: 87, missing: 0, unestimated: 0, pending: 0, method: 'median', reason: null });
    expect(Math.abs(loss.lost! - truth) / truth).toBeLessThan(0.01);
    expect(Math.abs(loss.expected! - demandSum) / demandSum).toBeLessThan(0.01);
    expect(loss.observed).toBe(outage.reduce((s, b) => s + b.counts['answered']!, 0));
  });

  it('counts the numerator of a ratio monitor, else the volume counter', () => {
    expect(impactCounter(ASR)).toBe('answered');
    expect(impactCounter(VOLUME)).toBe('attempts');
    const buckets = [...steady(12, () => 0.5), bucket(T0, { attempts: 400, answered: 100 })];
    const window = { start: T0, end: T0 + SIZE };
    expect(estimateTrafficLoss({ monitorId: 'm', config: VOLUME, window, now: T0 + 4 * SIZE, buckets }).lost).toBe(600);
    expect(estimateTrafficLoss({ monitorId: 'm', config: ASR, window, now: T0 + 4 * SIZE, buckets }).lost).toBe(800);
  });

  it('counts whole the buckets cut by the window edges: their deficit is the outage\'s', () => {
    // The outage runs from 2 min into the first bucket to 2 min into the third; 10 % answered meanwhile.
    const answered = [900 * (2 / 5) + 100 * (3 / 5), 100, 100 * (2 / 5) + 900 * (3 / 5)];
    const buckets = [...steady(12, () => 0.5), ...answered.map((a, i) => bucket(T0 + i * SIZE, { attempts: 1000, answered: a }))];
    const truth = answered.reduce((sum, a) => sum + (900 - a), 0);
    const loss = estimateTrafficLoss({ monitorId: 'm', config: ASR, window: { start: T0 + 2 * MIN, end: T0 + 2 * SIZE + 2 * MIN }, now: T0 + 10 * SIZE, buckets });
    expect(loss.buckets).toBe(3);
    expect(loss.lost).toBeCloseTo(truth, 6); // 1,600; pro-rating the edges would give 1,216
    expect(loss.expected).toBeCloseTo(900 * 3, 6);
    expect(loss.observed).toBeCloseTo(answered.reduce((s, a) => s + a, 0), 6);
  });

  it('has no estimate while the monitor is still learning, and says why', () => {
    const buckets = [...steady(2, () => 0.5), bucket(T0, { attempts: 1000, answered: 100 })];
    const loss = estimateTrafficLoss({ monitorId: 'm', config: ASR, window: { start: T0, end: T0 + SIZE }, now: T0 + 4 * SIZE, buckets });
    expect(loss).toMatchObject({ lost: null, expected: null, observed: null, method: null, unestimated: 1, buckets: 0 });
    expect(loss.reason).toMatchObject({ code: 'learning', en: expect.stringContaining('learning'), fr: expect.stringContaining('apprend') });
  });

  it('has no estimate before a first complete bucket of the incident', () => {
    const loss = estimateTrafficLoss({ monitorId: 'm', config: ASR, window: { start: T0, end: T0 + MIN }, now: T0 + MIN, buckets: steady(12, () => 0.5) });
    expect(loss).toMatchObject({ lost: null, pending: 1, reason: { code: 'no_complete_bucket' } });
  });

  it('prefers the same time of week over the recent median', () => {
    const weekly = [1, 2, 3].flatMap((k) => [0, 1].map((i) => bucket(T0 + i * SIZE - k * WEEK_MS, { attempts: 2200, answered: 2000 })));
    const outage = [0, 1].map((i) => bucket(T0 + i * SIZE, { attempts: 1000, answered: 500 }));
    const loss = estimateTrafficLoss({ monitorId: 'm', config: ASR, window: { start: T0, end: T0 + 2 * SIZE }, now: T0 + 10 * SIZE, buckets: [...weekly, ...steady(12, () => 0.5), ...outage] });
    expect(loss).toMatchObject({ method: 'weekly', expected: 4000, lost: 3000 });
    // Weekly history for one bucket only: the other one uses the recent median.
    const mixed = estimateTrafficLoss({ monitorId: 'm', config: ASR, window: { start: T0, end: T0 + 2 * SIZE }, now: T0 + 10 * SIZE, buckets: [...weekly.filter((b) => (b.start - T0) % WEEK_MS === 0), ...steady(12, () => 0.5), ...outage] });
    expect(mixed).toMatchObject({ method: 'mixed', expected: 2900, lost: 1900 });
  });

  it('counts a past bucket without counts as nothing answered, and waits for recent ones', () => {
    const buckets = [...steady(12, () => 0.5), bucket(T0 + SIZE, { attempts: 500, answered: 450 })];
    // Bucket 0 has no counts and is long past; bucket 2 has none yet but is within the grace; bucket 3 is not over.
    const now = T0 + 3 * SIZE + MIN;
    const loss = estimateTrafficLoss({ monitorId: 'm', config: ASR, window: { start: T0, end: now }, now, buckets });
    expect(loss).toMatchObject({ buckets: 2, missing: 1, pending: 2, expected: 1800, observed: 450, lost: 1350 });
    expect(estimateTrafficLoss({ monitorId: 'm', config: { ...ASR, grace: 0 }, window: { start: T0, end: now }, now, buckets })).toMatchObject({ buckets: 3, missing: 2, pending: 1, lost: 2250 });
  });

  it('never counts a bucket that is not over, even with counts in it', () => {
    const buckets = [...steady(12, () => 0.5), bucket(T0, { attempts: 10, answered: 1 })];
    expect(estimateTrafficLoss({ monitorId: 'm', config: ASR, window: { start: T0, end: T0 + 2 * MIN }, now: T0 + 2 * MIN, buckets })).toMatchObject({ lost: null, pending: 1 });
  });

  it('rejects a bucket size that is not a positive number, naming the monitor', () => {
    expect(() => estimateTrafficLoss({ monitorId: 'calls', config: { ...ASR, bucket: 0 }, window: { start: T0, end: T0 }, now: T0, buckets: [] })).toThrow(/traffic monitor "calls": traffic bucket must be a positive/);
  });

  it('never reports a negative loss, nor more than the baseline expected', () => {
    const counts = fc.record({ attempts: fc.nat(5000), answered: fc.nat(5000) });
    const series = fc.array(fc.option(counts, { nil: undefined }), { minLength: 0, maxLength: 40 });
    fc.assert(
      fc.property(series, series, fc.integer({ min: 0, max: 20 * SIZE }), fc.integer({ min: 0, max: 30 * SIZE }), fc.integer({ min: 0, max: 3 }), (history, during, startOffset, length, weeks) => {
        const buckets: TrafficBucket[] = [];
        history.forEach((c, i) => c && buckets.push(bucket(T0 - (history.length - i) * SIZE, c)));
        history.forEach((c, i) => c && weeks > 0 && buckets.push(bucket(T0 + i * SIZE - weeks * WEEK_MS, c)));
        during.forEach((c, i) => c && buckets.push(bucket(T0 + i * SIZE, c)));
        const start = T0 + startOffset;
        const loss = estimateTrafficLoss({ monitorId: 'm', config: ASR, window: { start, end: start + length }, now: T0 + 45 * SIZE, buckets });
        if (loss.lost === null) return loss.expected === null && loss.reason !== null;
        return loss.lost >= 0 && loss.lost <= loss.expected! + 1e-6 && loss.reason === null;
      }),
      { numRuns: 300 },
    );
  });
});

describe('incidentWindow', () => {
  const incident = { firstFailureAt: T0, openedAt: T0 + MIN, recoveredAt: null, resolvedAt: null };
  it('runs from the first failure to the recovery, the resolution or now', () => {
    expect(incidentWindow(incident, T0 + 10 * MIN)).toEqual({ start: T0, end: T0 + 10 * MIN });
    expect(incidentWindow({ ...incident, firstFailureAt: null }, T0 + 10 * MIN)).toEqual({ start: T0 + MIN, end: T0 + 10 * MIN });
    expect(incidentWindow({ ...incident, recoveredAt: T0 + 5 * MIN, resolvedAt: T0 + 8 * MIN }, T0 + 10 * MIN)).toEqual({ start: T0, end: T0 + 5 * MIN });
    expect(incidentWindow({ ...incident, resolvedAt: T0 + 8 * MIN }, T0 + 10 * MIN)).toEqual({ start: T0, end: T0 + 8 * MIN });
  });
});

describe('totalTrafficLoss', () => {
  const loss = (monitorId: string, counter: string, lost: number | null, unestimated = 0): TrafficLoss => ({
    monitorId, counter, window: { start: T0, end: T0 + SIZE }, expected: lost === null ? null : lost + 100, observed: lost === null ? null : 100, lost,
    buckets: 1, missing: 0, unestimated, pending: 0, method: lost === null ? null : 'median', reason: null,
  });

  it('adds up the monitors with an estimate and says when it is partial', () => {
    expect(totalTrafficLoss([loss('a', 'answered', 1000), loss('b', 'answered', 500)])).toEqual({ counter: 'answered', expected: 1700, observed: 200, lost: 1500, monitors: 2, partial: false });
    expect(totalTrafficLoss([loss('a', 'answered', 1000), loss('b', 'answered', null)])).toMatchObject({ lost: 1000, monitors: 1, partial: true });
    expect(totalTrafficLoss([loss('a', 'answered', 1000, 2)])).toMatchObject({ partial: true });
    expect(totalTrafficLoss([loss('a', 'answered', 1000), loss('b', 'sms', 5)])).toMatchObject({ counter: null, lost: 1005 });
    expect(totalTrafficLoss([loss('a', 'answered', null)])).toBeNull();
    expect(totalTrafficLoss([])).toBeNull();
  });
});
