/**
 * @module Pure judgement of a heartbeat monitor from what was pushed: reboot loop, missed
 * heartbeat, explicit down, or up. English and French messages.
 */
import { formatDuration } from '../../core/duration.js';
import type { BootRecord, PushedHeartbeat } from '../passive-reader.js';
import type { CheckResult } from '../types.js';
import { graceMs, type HeartbeatConfig } from './heartbeat.schema.js';
import { clockText, spanText } from './time-text.js';

/** What the judgement reads. */
export interface HeartbeatFacts {
  now: number;
  last: PushedHeartbeat | undefined;
  /** Boots within the reboot-loop window, oldest first. */
  boots: readonly BootRecord[];
  /** The newest boot ever recorded (for reboot events). */
  lastBoot: BootRecord | undefined;
}

function result(status: CheckResult['status'], en: string, fr: string, details: Record<string, unknown>): CheckResult {
  return { status, message: en, messages: { en, fr }, latencyMs: null, details };
}

function detailsOf(facts: HeartbeatFacts): Record<string, unknown> {
  const { last, lastBoot, boots } = facts;
  return {
    lastAt: last ? new Date(last.at).toISOString() : null,
    bootId: last?.bootId ?? null,
    uptimeS: last?.uptimeS ?? null,
    value: last?.value ?? null,
    bootsInWindow: boots.length,
    lastBoot: lastBoot ? { at: lastBoot.at, bootId: lastBoot.bootId, previousBootId: lastBoot.previousBootId } : null,
  };
}

/**
 * The sample of a heartbeat result (see `CheckType.sample`): the last heartbeat while it is fresh,
 * so the run its push triggers and the scheduled runs that read it again count as one result;
 * none once it is older than period + grace (a missed heartbeat is seen anew at every run).
 */
export function heartbeatSample(details: Record<string, unknown> | undefined): string | undefined {
  return typeof details?.sample === 'string' ? details.sample : undefined;
}

/** The verdict on a heartbeat monitor at `facts.now`. */
export function judgeHeartbeat(config: HeartbeatConfig, facts: HeartbeatFacts): CheckResult {
  const { now, last, boots } = facts;
  const fresh = last !== undefined && now - last.at <= config.period + graceMs(config);
  const details = { ...detailsOf(facts), ...(fresh ? { sample: `heartbeat:${new Date(last.at).toISOString()}` } : {}) };
  const loop = config.reboot_loop;
  if (loop !== false && boots.length > loop.boots) {
    const span = spanText(now - boots[0]!.at);
    return result('down', `reboot loop: ${boots.length} boots in ${span}`, `boucle de redémarrage : ${boots.length} démarrages en ${span}`, details);
  }
  const period = formatDuration(config.period);
  const grace = formatDuration(graceMs(config));
  if (!last) {
    return result('unknown', `no heartbeat received yet (expected every ${period})`, `aucune pulsation reçue pour l'instant (attendue toutes les ${period})`, details);
  }
  const at = clockText(last.at, now);
  if (now - last.at > config.period + graceMs(config)) {
    return result(
      'down',
      `no heartbeat since ${at} (expected every ${period}, grace ${grace})`,
      `aucune pulsation depuis ${at} (attendue toutes les ${period}, tolérance ${grace})`,
      details,
    );
  }
  if (last.status === 'down') {
    const said = last.message ? `: ${last.message}` : '';
    return result('down', `reported down at ${at}${said}`, `signalé en panne à ${at}${said}`, details);
  }
  const said = last.message ? ` (${last.message})` : '';
  return result('up', `last heartbeat at ${at}${said}`, `dernière pulsation à ${at}${said}`, details);
}
