/**
 * @module The value formats of Atlassian Statuspage's public API v2 that Vigie reproduces: object
 * ids (12 characters of `[0-9a-z]`, stable: derived from what they name), times (ISO 8601 with
 * milliseconds and the page's UTC offset, `2014-05-14T14:22:39.441-06:00`; `Z` on a UTC page), and
 * the page status descriptions ("All Systems Operational", "Partial System Outage"…), in English
 * as Statuspage writes them, or in French.
 */
import { createHash } from 'node:crypto';
import { offsetAt } from '../maintenance/zoned-time.js';
import type { ComponentState, Indicator } from './status.types.js';

const ID_LENGTH = 12;
const idCache = new Map<string, string>();
const ID_CACHE_MAX = 20_000;

/**
 * A Statuspage-style id for the object named by `parts` (e.g. `('component', pageId, componentId)`):
 * 12 characters of `[0-9a-z]` from a SHA-256 of the parts, the same on every call and every host.
 */
export function statuspageId(...parts: (string | number)[]): string {
  const key = parts.join('\u0000');
  const cached = idCache.get(key);
  if (cached) return cached;
  const digest = createHash('sha256').update(key).digest();
  let n = digest.readBigUInt64BE(0);
  let id = '';
  for (let i = 0; i < ID_LENGTH; i++) {
    id += (n % 36n).toString(36);
    n /= 36n;
  }
  if (idCache.size >= ID_CACHE_MAX) idCache.clear();
  idCache.set(key, id);
  return id;
}

/** Zone names that Statuspage (Rails) writes with `Z` rather than `+00:00`. */
const UTC_ZONES = new Set(['UTC', 'Etc/UTC', 'Etc/UCT', 'UCT', 'Etc/Universal', 'Universal', 'Etc/Zulu', 'Zulu', 'GMT', 'Etc/GMT', 'Etc/GMT0', 'Etc/GMT+0', 'Etc/GMT-0', 'GMT0', 'Etc/Greenwich', 'Greenwich']);

/** `2026-05-14T14:22:39.441+02:00`: instant `ms` in `timeZone`, with milliseconds and offset. */
export function isoTime(ms: number, timeZone: string): string {
  if (!Number.isFinite(ms)) throw new Error(`Statuspage time: expected epoch milliseconds, got ${ms}`);
  const offset = offsetAt(ms, timeZone);
  const local = new Date(ms + offset).toISOString().slice(0, 23);
  if (offset === 0 && UTC_ZONES.has(timeZone)) return `${local}Z`;
  const sign = offset < 0 ? '-' : '+';
  const minutes = Math.round(Math.abs(offset) / 60_000);
  return `${local}${sign}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** `isoTime` for a nullable instant. */
export function isoTimeOrNull(ms: number | null, timeZone: string): string | null {
  return ms === null ? null : isoTime(ms, timeZone);
}

const DESCRIPTIONS = {
  operational: { en: 'All Systems Operational', fr: 'Tous les systèmes sont opérationnels' },
  degraded: { en: 'Partially Degraded Service', fr: 'Service partiellement dégradé' },
  minor: { en: 'Minor Service Outage', fr: 'Panne mineure du service' },
  major: { en: 'Partial System Outage', fr: 'Panne partielle du système' },
  critical: { en: 'Major System Outage', fr: 'Panne majeure du système' },
  maintenance: { en: 'Service Under Maintenance', fr: 'Service en maintenance' },
} as const;

/**
 * The page status description Statuspage pairs with an indicator: `none` "All Systems
 * Operational", `minor` "Partially Degraded Service" when the worst component is only degraded,
 * else "Minor Service Outage", `major` "Partial System Outage", `critical` "Major System Outage",
 * `maintenance` "Service Under Maintenance".
 */
export function statusDescription(indicator: Indicator, worstState: ComponentState, lang: 'en' | 'fr'): string {
  switch (indicator) {
    case 'none':
      return DESCRIPTIONS.operational[lang];
    case 'minor':
      return (worstState === 'degraded_performance' ? DESCRIPTIONS.degraded : DESCRIPTIONS.minor)[lang];
    case 'major':
      return DESCRIPTIONS.major[lang];
    case 'critical':
      return DESCRIPTIONS.critical[lang];
    case 'maintenance':
      return DESCRIPTIONS.maintenance[lang];
  }
}
