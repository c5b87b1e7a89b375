/** @module Dates as WHOIS servers write them, read as UTC into ISO strings. */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function iso(year: number, month: number, day: number, time = '00:00:00'): string | null {
  const at = Date.parse(`${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T${time}Z`);
  return Number.isNaN(at) ? null : new Date(at).toISOString();
}

/**
 * Reads `2026-03-01T10:31:00Z`, `2026-03-01 10:31:00` (UTC assumed), `2026-03-01`,
 * `2026/03/01`, `01-Mar-2026` and `01.03.2026`; `null` otherwise.
 */
export function parseWhoisDate(text: string | undefined): string | null {
  if (!text) return null;
  const value = text.trim();
  let m = /^(\d{4})[-/](\d{2})[-/](\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?)(\.\d+)?)?\s*(Z|UTC|[+-]\d{2}:?\d{2})?$/i.exec(value);
  if (m) {
    const time = m[4] ? (m[4].length === 5 ? `${m[4]}:00` : m[4]) : '00:00:00';
    const zone = m[6] && !/^(z|utc)$/i.test(m[6]) ? m[6] : '';
    if (zone) {
      const at = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${time}${zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`}`);
      return Number.isNaN(at) ? null : new Date(at).toISOString();
    }
    return iso(Number(m[1]), Number(m[2]), Number(m[3]), time);
  }
  m = /^(\d{1,2})-([a-z]{3})-(\d{4})$/i.exec(value);
  if (m) {
    const month = MONTHS.indexOf(m[2]!.toLowerCase());
    return month < 0 ? null : iso(Number(m[3]), month + 1, Number(m[1]));
  }
  m = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(value);
  if (m) return iso(Number(m[3]), Number(m[2]), Number(m[1]));
  return null;
}
