/** @module Times and spans as people read them in check messages (`10:31`, `22 min`). */

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A time of the Vigie process's time zone: `10:31` within the last 24 hours of `now`, else
 * `2026-11-23 10:31`.
 */
export function clockText(ms: number, now: number): string {
  const d = new Date(ms);
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  if (now - ms < 86_400_000 && now >= ms) return hm;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${hm}`;
}

/** A span rounded up to whole minutes (at least 1): `22 min`, `3 h 05 min`, `2 d 4 h`. */
export function spanText(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${pad(minutes % 60)} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}
