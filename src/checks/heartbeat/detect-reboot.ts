/** @module Pure reboot detection between two heartbeats: a new boot id, or uptime going backwards. */
import type { BootRecord, PushedHeartbeat } from '../passive-reader.js';

/** Uptime may be read a little before the previous one was (clocks, rounding): ignore drops this small. */
const UPTIME_SLACK_S = 2;

type BootInfo = Pick<PushedHeartbeat, 'at' | 'bootId' | 'uptimeS'>;

/**
 * The boot to record for `current`, or `undefined` when it is the same boot as `previous` (the
 * newest earlier heartbeat that carried boot information). The boot time is the push time minus
 * the uptime when known, never before the previous heartbeat.
 */
export function detectReboot(previous: BootInfo | undefined, current: BootInfo): BootRecord | undefined {
  if (current.bootId === null && current.uptimeS === null) return undefined;
  const bootAt = (floor: number) => Math.max(floor, current.uptimeS === null ? current.at : Math.round(current.at - current.uptimeS * 1000));
  if (!previous || (previous.bootId === null && previous.uptimeS === null)) {
    return { at: bootAt(Number.MIN_SAFE_INTEGER), bootId: current.bootId, previousBootId: null };
  }
  const floor = previous.at + 1;
  if (previous.bootId !== null && current.bootId !== null) {
    return previous.bootId === current.bootId ? undefined : { at: bootAt(floor), bootId: current.bootId, previousBootId: previous.bootId };
  }
  if (previous.uptimeS !== null && current.uptimeS !== null && current.uptimeS + UPTIME_SLACK_S < previous.uptimeS) {
    return { at: bootAt(floor), bootId: current.bootId, previousBootId: previous.bootId };
  }
  return undefined;
}
