/**
 * @module The `heartbeat` check type (passive): servers push to `/api/v1/push/<token>`; each
 * run judges what was pushed (missed heartbeat, explicit down, reboot loop) without probing.
 */
import { pushTokenDigest } from '../../secrets/push-token.js';
import { defineCheck, type CheckResult } from '../types.js';
import { diffHeartbeat } from './diff.js';
import { heartbeatConfigSchema } from './heartbeat.schema.js';
import { heartbeatSample, judgeHeartbeat } from './judge.js';

/** A short, stable, non-secret key for a push token (per-target limits, logs); the same for its stored `sha256:` form. */
export function tokenKey(token: string): string {
  return pushTokenDigest(token).slice(0, 12);
}

/** The result of a passive check run outside a Vigie server (e.g. `vigie check`). */
export function noPassiveData(kind: string): CheckResult {
  const en = `${kind} monitors are passive: they only run inside vigie serve, which receives the pushes`;
  const fr = `les moniteurs ${kind} sont passifs : ils ne fonctionnent que dans vigie serve, qui reçoit les envois`;
  return { status: 'unknown', message: en, messages: { en, fr }, latencyMs: null };
}

/** The `heartbeat` check type. */
export const heartbeatCheck = defineCheck({
  type: 'heartbeat',
  description: 'Passive: servers push heartbeats (with boot id and uptime) to /api/v1/push/<token>; down when one is missed, reported down, or the server reboots in a loop.',
  schema: heartbeatConfigSchema,
  target(config) {
    return `push:${tokenKey(config.token)}`;
  },
  async run(config, ctx): Promise<CheckResult> {
    if (!ctx.passive || ctx.monitorId === undefined) return noPassiveData('heartbeat');
    const now = Date.now();
    const since = config.reboot_loop === false ? now : now - config.reboot_loop.within;
    const [last, boots, lastBoot] = await Promise.all([
      ctx.passive.lastHeartbeat(ctx.monitorId),
      config.reboot_loop === false ? Promise.resolve([]) : ctx.passive.bootsSince(ctx.monitorId, since),
      ctx.passive.lastBoot(ctx.monitorId),
    ]);
    return judgeHeartbeat(config, { now, last, boots, lastBoot });
  },
  diff(_config, previous, current) {
    return diffHeartbeat(previous, current);
  },
  // A heartbeat is judged by the run its push triggers and again by scheduled runs: one confirmation.
  sample: heartbeatSample,
});
