/**
 * @module Times, days, durations and percentages as the status page writes them: in the page's
 * time zone with the zone named ("2 June 2026 at 14:05 CEST", "2 juin 2026 à 14:05 UTC+2"),
 * percentages never rounded up to 100 % ("99.99 %" while anything was lost). `Intl` only.
 */
import { escapeHtml } from '../core/html.js';
import type { StatusLang } from './html-texts.js';

const MINUTE = 60_000;
const locales: Record<StatusLang, string> = { en: 'en-GB', fr: 'fr-FR' };
const cache = new Map<string, Intl.DateTimeFormat>();

function dateFormat(lang: StatusLang, timeZone: string, kind: 'datetime' | 'time' | 'day'): Intl.DateTimeFormat {
  const key = `${lang}|${timeZone}|${kind}`;
  let f = cache.get(key);
  if (!f) {
    const day = { day: 'numeric', month: 'long', year: 'numeric' } as const;
    const time = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' } as const;
    const options: Intl.DateTimeFormatOptions = kind === 'day' ? day : kind === 'time' ? time : { ...day, ...time };
    f = new Intl.DateTimeFormat(locales[lang], { ...options, timeZone });
    cache.set(key, f);
  }
  return f;
}

/** "2 June 2026 at 14:05 CEST" / "2 juin 2026 à 14:05 UTC+2". */
export function formatDateTime(ms: number, lang: StatusLang, timeZone: string): string {
  return dateFormat(lang, timeZone, 'datetime').format(ms);
}

/** "2 June 2026" / "2 juin 2026". */
export function formatDay(ms: number, lang: StatusLang, timeZone: string): string {
  return dateFormat(lang, timeZone, 'day').format(ms);
}

/** "14:05 CEST" when `ms` falls on the same day as `now` in the zone, else the date and time. */
export function formatMoment(ms: number, now: number, lang: StatusLang, timeZone: string): string {
  return formatDay(ms, lang, timeZone) === formatDay(now, lang, timeZone) ? dateFormat(lang, timeZone, 'time').format(ms) : formatDateTime(ms, lang, timeZone);
}

/** A `<time>` element for `ms` showing `text` (escaped here). */
export function timeElement(ms: number, text: string): string {
  return `<time datetime="${new Date(ms).toISOString()}">${escapeHtml(text)}</time>`;
}

/** `sentence` (built with the markers `\u0000`, `\u0001` where the times go) escaped, with `<time>` elements in place of the markers. */
export function withTimes(sentence: string, times: readonly string[]): string {
  return times.reduce((html, time, i) => html.replace(String.fromCharCode(i), time), escapeHtml(sentence));
}

/** `ratio` (0..1) as "97.23%" / "97,23 %", two decimals at most, rounded down (never 100 % unless whole). */
export function formatPercent(ratio: number, lang: StatusLang): string {
  const floored = Math.floor(Math.min(1, Math.max(0, ratio)) * 10_000) / 10_000;
  return new Intl.NumberFormat(locales[lang], { style: 'percent', maximumFractionDigits: 2 }).format(floored);
}

/** A duration as "40 min", "2 h 5 min", "3 d 4 h" ("3 j 4 h" in French); under a minute counts as "1 min". */
export function formatDuration(ms: number, lang: StatusLang): string {
  const minutes = Math.max(1, Math.round(ms / MINUTE));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (days > 0) return hours > 0 ? `${days} ${lang === 'fr' ? 'j' : 'd'} ${hours} h` : `${days} ${lang === 'fr' ? 'j' : 'd'}`;
  if (hours > 0) return rest > 0 ? `${hours} h ${rest} min` : `${hours} h`;
  return `${rest} min`;
}

/** Whole minutes from `from` to `to`, never negative. */
export function minutesBetween(from: number, to: number): number {
  return Math.max(0, Math.floor((to - from) / MINUTE));
}
