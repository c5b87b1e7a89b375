/** @module Pure change detection for heartbeats: a new boot raises `heartbeat.rebooted`. */
import type { CheckEvent, CheckResult } from '../types.js';

interface BootDetails {
  at: number;
  bootId: string | null;
  previousBootId: string | null;
}

function lastBootOf(details: Record<string, unknown> | undefined): BootDetails | undefined {
  const boot = details?.lastBoot as Partial<BootDetails> | null | undefined;
  return boot && typeof boot.at === 'number' ? (boot as BootDetails) : undefined;
}

const short = (id: string | null) => (id === null ? 'unknown' : id.length > 13 ? `${id.slice(0, 12)}…` : id);

/**
 * `heartbeat.rebooted` when the newest recorded boot differs from the one of the previous run
 * (nothing on the first run: that boot is not news).
 */
export function diffHeartbeat(previous: Record<string, unknown> | undefined, current: CheckResult): CheckEvent[] {
  const before = lastBootOf(previous);
  const after = lastBootOf(current.details);
  if (!before || !after || (before.at === after.at && before.bootId === after.bootId)) return [];
  // The same boot id recorded again (a server silent for longer than the raw retention comes back
  // without having rebooted: its last heartbeat was pruned, its last boot was kept) is no reboot.
  if (after.bootId !== null && after.bootId === before.bootId) return [];
  const from = short(after.previousBootId ?? before.bootId);
  const to = short(after.bootId);
  const how = after.bootId !== null && from !== to ? `boot id ${from} → ${to}` : 'uptime went backwards';
  const fr = after.bootId !== null && from !== to ? `identifiant de démarrage ${from} → ${to}` : "la durée de fonctionnement est repartie de zéro";
  return [
    {
      type: 'heartbeat.rebooted',
      message: `rebooted: ${how}`,
      messages: { en: `rebooted: ${how}`, fr: `redémarré : ${fr}` },
      before: { bootId: after.previousBootId ?? before.bootId },
      after: { bootId: after.bootId, bootedAt: new Date(after.at).toISOString() },
    },
  ];
}
