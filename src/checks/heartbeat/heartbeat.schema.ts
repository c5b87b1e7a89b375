/** @module The `heartbeat` check block: the push token, the expected period and reboot-loop limits. */
import { z } from 'zod';
import { duration } from '../../core/duration.js';

/**
 * A push token: the only credential of `/api/v1/push/<token>`, so long and URL-safe. Its stored
 * form `sha256:<hex>` (src/secrets/push-token.ts) is accepted too, so a token read back from
 * storage validates, and a config file may hold the hash instead of the token.
 */
export const pushTokenSchema = z
  .string()
  .min(16, 'must be at least 16 characters (generate one with: openssl rand -hex 16)')
  .max(200)
  .regex(/^(?:[A-Za-z0-9._~-]+|sha256:[0-9a-f]{64})$/, 'must only use letters, digits and . _ ~ - (it is part of a URL)')
  .describe('Secret token of the push URL, at least 16 characters, e.g. ${HB_TOKEN} set from `openssl rand -hex 16`; or `sha256:` and the 64 lower-case hex digits of its SHA-256, which keeps the token itself out of the file.');

const rebootLoopSchema = z
  .strictObject({
    boots: z.number().int().min(1).max(1000).default(3).describe('Down when more boots than this are seen within `within`.'),
    within: duration({ min: 60_000, max: 7 * 86_400_000 }).prefault('30m').describe('The reboot-loop window.'),
  })
  .describe('Reboot-loop detection; `false` turns it off.');

/** The schema of `monitors[].heartbeat`. */
export const heartbeatConfigSchema = z.strictObject({
  token: pushTokenSchema,
  period: duration({ min: 1000, max: 7 * 86_400_000 }).prefault('1m').describe('How often the server is expected to push (1m by default).'),
  grace: duration({ min: 0, max: 7 * 86_400_000 })
    .optional()
    .describe('Extra time allowed after a missed period before the monitor is down (default: half the period, at least 30s).'),
  reboot_loop: z.union([z.literal(false), rebootLoopSchema]).prefault({}),
});

export type HeartbeatConfig = z.output<typeof heartbeatConfigSchema>;

/** The grace in ms: as configured, else half the period and at least 30 s. */
export function graceMs(config: HeartbeatConfig): number {
  return config.grace ?? Math.max(30_000, Math.round(config.period / 2));
}
