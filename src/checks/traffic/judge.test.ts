import { describe, expect, it } from 'vitest';
import type { TrafficBucket } from '../passive-reader.js';
import { judgeTraffic, trafficSample } from './judge.js';
import { trafficConfigSchema } from './traffic.schema.js';

const BUCKET = 5 * 60_000;
const DAY = 86_400_000;
/** Monday 23 November 2026, 16:50 UTC: the 16:45–16:50 bucket has just ended. */
const NOW = Date.UTC(2026, 10, 23, 16, 50);

/** Calls per 5 minutes: ~40 at night, ~900 in mid-afternoon, with a little deterministic noise. */
function usual(start: number): number {
  const hour = (start % DAY) / 3_600_000;
  const shape = 40 + 900 * Math.max(0, Math.sin((Math.PI * (hour - 6)) / 16));
  const noise = 0.97 + ((start / BUCKET) % 7) * 0.01;
  return Math.round(shape * noise);
}

/** A week (plus a day) of buckets ending at `end`, answered at 97 %. */
function history(end: number, days = 8, override: (start: number) => Partial<Record<string, number>> = () => ({})): TrafficBucket[] {
  const buckets: TrafficBucket[] = [];
  for (let start = end - days * DAY; start < end; start += BUCKET) {
    const attempts = usual(start);
    buckets.push({ start, seconds: 300, counts: { attempts, answered: Math.round(attempts * 0.97), ...override(start) } as Record<string, number> });
  }
  return buckets;
}

const input = {
  token: 'x'.repeat(32),
  volume: 'attempts',
  drop: { below_percent: 50 },
  ratio: { name: 'ASR', numerator: 'answered', denominator: 'attempts', min: 0.8 },
  min_volume: 100,
};
const config = trafficConfigSchema.parse(input);

const judge = (buckets: TrafficBucket[], now = NOW, c = config) => judgeTraffic(c, { now, lastStart: buckets.at(-1)?.start, buckets });

describe('judgeTraffic', () => {
  it('catches a 60 % drop at 16:45 against the same time last week', () => {
    const dropAt = NOW - BUCKET;
    const r = judge(history(NOW, 8, (s) => (s === dropAt ? { attempts: Math.round(usual(s) * 0.4), answered: Math.round(usual(s) * 0.4 * 0.97) } : {})));
    expect(r.status).toBe('down');
    expect(r.message).toMatch(/^traffic drop: attempts \d+ in \d\d:\d\d–\d\d:\d\d is 4\d % of the usual \d+ \(same time of week, last 1 week\(s\)\)$/);
    expect(r.messages?.fr).toMatch(/^chute de trafic : attempts \d+ sur .*, soit 4\d % de l'habituel \d+/);
    expect(r.details).toMatchObject({ baselineMethod: 'weekly' });
  });

  it('uses the median of several past weeks when they exist', () => {
    const r = judge(history(NOW, 29));
    expect(r.status).toBe('up');
    expect(r.details).toMatchObject({ baselineMethod: 'weekly' });
    expect(r.message).toMatch(/^attempts \d+ in .* \(\d+ % of usual \d+\); ASR 0\.97$/);
  });

  it('does not flag a quiet night at its normal volume', () => {
    const night = Date.UTC(2026, 10, 23, 3, 5);
    const r = judge(history(night), night, trafficConfigSchema.parse({ ...input, min_volume: 0 }));
    expect(r.status).toBe('up');
    expect((r.details as { counts: { attempts: number } }).counts.attempts).toBeLessThan(60);
  });

  it('stays silent at night under min_volume, but not in the day', () => {
    const night = Date.UTC(2026, 10, 23, 3, 5);
    const empty = (at: number) => (s: number) => (s === at - BUCKET ? { attempts: 0, answered: 0 } : {});
    expect(judge(history(night, 8, empty(night)), night).status).toBe('up');
    expect(judge(history(night, 8, empty(night)), night, trafficConfigSchema.parse({ ...input, min_volume: 0 })).status).toBe('down');
    expect(judge(history(NOW, 8, empty(NOW))).status).toBe('down');
  });

  it('catches an ASR under its threshold at normal volume', () => {
    const at = NOW - BUCKET;
    const r = judge(history(NOW, 8, (s) => (s === at ? { answered: Math.round(usual(s) * 0.6) } : {})));
    expect(r.status).toBe('down');
    expect(r.message).toMatch(/^ASR 0\.60 under 0\.8 in \d\d:\d\d–\d\d:\d\d \(answered \d+ \/ attempts \d+\)$/);
    expect(r.messages?.fr).toMatch(/^ASR 0,60 sous le seuil 0,8/);
  });

  it('falls back on the moving median without weekly history, and learns before that', () => {
    const recent = history(NOW, 2 / 24);
    recent.at(-1)!.counts.attempts = 100;
    const r = judge(recent);
    expect(r.status).toBe('down');
    expect(r.message).toContain('median of the last 12 buckets');
    expect(judge(history(NOW, 2 * BUCKET / DAY)).status).toBe('up');
  });

  it('is down when counts stop arriving for longer than the grace (two buckets by default)', () => {
    const buckets = history(NOW - 3 * BUCKET, 1);
    const r = judge(buckets);
    expect(r.status).toBe('down');
    expect(r.message).toMatch(/^no traffic counts since \d\d:\d\d \(grace 10m\)$/);
    expect(judge(history(NOW - 2 * BUCKET, 1)).status).toBe('up');
  });

  it('is unknown before anything was pushed', () => {
    expect(judge([]).status).toBe('unknown');
  });
});

describe('trafficSample', () => {
  it('is the bucket judged, whenever it is judged, so that runs judging one bucket count as one confirmation', () => {
    const buckets = history(NOW);
    const atEnd = judge(buckets);
    const later = judge(buckets, NOW + 4 * 60_000);
    expect(trafficSample(atEnd.details)).toBe('bucket:2026-11-23T16:45:00.000Z');
    expect(trafficSample(later.details)).toBe(trafficSample(atEnd.details));
    expect(trafficSample(judge(history(NOW + BUCKET), NOW + BUCKET).details)).toBe('bucket:2026-11-23T16:50:00.000Z');
  });

  it('is the time slot of one bucket when no bucket was judged (counts missing)', () => {
    const stale = judge(history(NOW - DAY / 2, 2), NOW);
    expect(stale.status).toBe('down');
    expect(trafficSample(stale.details)).toBe('slot:2026-11-23T16:50:00.000Z');
    expect(trafficSample(judge(history(NOW - DAY / 2, 2), NOW + 4 * 60_000).details)).toBe('slot:2026-11-23T16:50:00.000Z');
    expect(trafficSample(judge(history(NOW - DAY / 2, 2), NOW + BUCKET).details)).toBe('slot:2026-11-23T16:55:00.000Z');
  });
});
