/** @module A token-bucket rate limiter per key (push token hash), with a bounded memory. */

export interface RateLimitOptions {
  /** Requests allowed in a burst. */
  burst: number;
  /** Requests regained per second. */
  perSecond: number;
  /** Keys remembered at most; full buckets are forgotten first. */
  maxKeys: number;
}

export const DEFAULT_PUSH_RATE_LIMIT: RateLimitOptions = { burst: 30, perSecond: 0.5, maxKeys: 10_000 };

interface Bucket {
  tokens: number;
  at: number;
}

/** Token buckets by key. */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly opts: RateLimitOptions,
    private readonly now: () => number,
  ) {}

  /** Takes one request from `key`'s bucket; returns 0 when allowed, else the seconds to wait. */
  take(key: string): number {
    const now = this.now();
    const bucket = this.refill(this.buckets.get(key), now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      this.remember(key, bucket);
      return 0;
    }
    this.remember(key, bucket);
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.opts.perSecond));
  }

  private refill(bucket: Bucket | undefined, now: number): Bucket {
    if (!bucket) return { tokens: this.opts.burst, at: now };
    const tokens = Math.min(this.opts.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.opts.perSecond);
    return { tokens, at: now };
  }

  private remember(key: string, bucket: Bucket): void {
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size <= this.opts.maxKeys) return;
    const now = this.now();
    for (const [k, b] of this.buckets) {
      if (this.buckets.size <= this.opts.maxKeys) break;
      if (this.refill(b, now).tokens >= this.opts.burst) this.buckets.delete(k);
    }
    // Still too many busy keys: forget the least recently used.
    for (const k of this.buckets.keys()) {
      if (this.buckets.size <= this.opts.maxKeys) break;
      this.buckets.delete(k);
    }
  }
}
