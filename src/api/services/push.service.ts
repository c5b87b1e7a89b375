/**
 * @module Receiving pushes: heartbeats (with reboot detection) and traffic counts. The token is
 * the only credential: it is hashed once, rate-limited per token and looked up in memory
 * (`PushTargets`), and an unknown token is answered exactly like a token of the wrong kind.
 * Pushes are written through `PushedData` (group commit, answered once stored; reboot detection
 * from memory), the one the engine's passive checks read, then the monitor is evaluated at once so that an explicit down
 * or a reboot loop does not wait for its next run.
 */
import type { Logger } from 'pino';
import type { PushedHeartbeat, TrafficBucket } from '../../checks/passive-reader.js';
import type { MonitorControl } from '../../engine/monitor-control.js';
import { PushedData } from '../../engine/pushed-data.js';
import type { Store } from '../../storage/store.js';
import { ApiError, invalidRequest } from '../errors.js';
import type { MetricsBody, PushFields } from '../schemas/push.schemas.js';
import { hashToken } from '../tokens.js';
import { DEFAULT_PUSH_RATE_LIMIT, RateLimiter, type RateLimitOptions } from './push-rate-limit.js';
import type { PushTarget, PushTargets } from './push-targets.js';

/** The one answer for a token that does not open this endpoint. */
function unknownToken(): ApiError {
  return new ApiError(404, 'not_found', 'unknown push token');
}

/** Stores pushed heartbeats and counts. */
export class PushService {
  private readonly limiter: RateLimiter;
  /** Pushes of one monitor are handled one after the other, so two boots are never both "new". */
  private readonly chains = new Map<string, Promise<unknown>>();
  private readonly pushed: PushedData;

  constructor(
    store: Store,
    private readonly control: MonitorControl,
    private readonly targets: PushTargets,
    private readonly now: () => number,
    private readonly log: Pick<Logger, 'warn'>,
    rateLimit: RateLimitOptions = DEFAULT_PUSH_RATE_LIMIT,
  ) {
    this.limiter = new RateLimiter(rateLimit, now);
    this.pushed = PushedData.of(store.passive);
  }

  /** Stores a heartbeat; returns whether it revealed a new boot. */
  async heartbeat(token: string, fields: PushFields): Promise<{ ok: true; rebooted: boolean }> {
    const target = await this.admit(token, 'heartbeat');
    const rebooted = await this.serial(target.monitorId, async () => {
      const heartbeat: PushedHeartbeat = {
        at: this.now(),
        status: fields.status ?? 'up',
        message: fields.msg ?? null,
        bootId: fields.boot_id ?? null,
        uptimeS: fields.uptime ?? null,
        value: fields.value ?? null,
      };
      return this.pushed.recordHeartbeat(target.monitorId, heartbeat);
    });
    this.evaluateSoon(target.monitorId);
    return { ok: true, rebooted };
  }

  /** Stores the counts of one or more buckets (each time floored to the monitor's bucket size). */
  async metrics(token: string, body: MetricsBody): Promise<{ ok: true; buckets: number }> {
    const target = await this.admit(token, 'traffic');
    const size = target.config.bucket;
    const now = this.now();
    const items = 'buckets' in body ? body.buckets : [body];
    const byStart = new Map<number, TrafficBucket>();
    for (const [index, item] of items.entries()) {
      const start = Math.floor((item.bucket ?? now) / size) * size;
      if (start > now) {
        const where = 'buckets' in body ? `buckets[${index}].bucket` : 'bucket';
        throw invalidRequest(`invalid request body: ${where}: is in the future`, [{ path: where, message: 'is in the future' }]);
      }
      const bucket = byStart.get(start) ?? { start, seconds: size / 1000, counts: {} };
      Object.assign(bucket.counts, item.counts);
      byStart.set(start, bucket);
    }
    await this.pushed.recordTraffic(target.monitorId, [...byStart.values()]);
    this.evaluateSoon(target.monitorId);
    return { ok: true, buckets: byStart.size };
  }

  /** Rate-limits the token, then finds its monitor of the expected kind (or 404). */
  private async admit<K extends PushTarget['type']>(token: string, kind: K): Promise<Extract<PushTarget, { type: K }>> {
    const hash = hashToken(token);
    const wait = this.limiter.take(hash);
    if (wait > 0) {
      throw new ApiError(429, 'rate_limited', `too many pushes with this token; retry in ${wait} s`, {}, { 'Retry-After': String(wait) });
    }
    const target = await this.targets.lookupHash(hash);
    if (!target || target.type !== kind) throw unknownToken();
    return target as Extract<PushTarget, { type: K }>;
  }

  private async serial<T>(monitorId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.chains.get(monitorId) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(work);
    this.chains.set(monitorId, run);
    try {
      return await run;
    } finally {
      if (this.chains.get(monitorId) === run) this.chains.delete(monitorId);
    }
  }

  private evaluateSoon(monitorId: string): void {
    void this.control.runNow(monitorId).catch((err: unknown) => this.log.warn({ err, monitor: monitorId }, 'evaluating a monitor after a push failed'));
  }
}
