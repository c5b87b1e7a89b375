import { describe, expect, it } from 'vitest';
import { graceMs, heartbeatConfigSchema } from './heartbeat.schema.js';

describe('heartbeat config', () => {
  it('applies the defaults: period 1m, grace half the period (at least 30s), reboot loop 3 in 30m', () => {
    const c = heartbeatConfigSchema.parse({ token: '0123456789abcdef' });
    expect(c).toMatchObject({ period: 60_000, reboot_loop: { boots: 3, within: 1_800_000 } });
    expect(graceMs(c)).toBe(30_000);
    expect(graceMs(heartbeatConfigSchema.parse({ token: '0123456789abcdef', period: '1h' }))).toBe(1_800_000);
  });

  it('accepts the stored form of a token, sha256: and its 64 hex digits', () => {
    expect(heartbeatConfigSchema.parse({ token: `sha256:${'0a'.repeat(32)}` }).token).toBe(`sha256:${'0a'.repeat(32)}`);
  });

  it('refuses short or URL-unsafe tokens and unknown keys', () => {
    expect(heartbeatConfigSchema.safeParse({ token: 'short' }).error?.issues[0]?.message).toMatch(/at least 16 characters.*openssl rand -hex 16/);
    expect(heartbeatConfigSchema.safeParse({ token: '0123456789abcdef/x' }).success).toBe(false);
    expect(heartbeatConfigSchema.safeParse({ token: `sha256:${'A'.repeat(64)}` }).success).toBe(false);
    expect(heartbeatConfigSchema.safeParse({ token: `sha256:${'a'.repeat(63)}` }).success).toBe(false);
    expect(heartbeatConfigSchema.safeParse({ token: '0123456789abcdef', perod: '1m' }).success).toBe(false);
  });
});
