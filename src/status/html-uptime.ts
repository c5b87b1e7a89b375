/**
 * @module A component's uptime bar: an inline SVG of the period (oldest day first) where each run
 * of consecutive days of the same class is one rectangle, its colour and its height telling the
 * classes apart (full: available all day; shorter: partial, then major outage; a thin line: no
 * data). No per-day tooltip (it made a 20-component page weigh 220 KB); for screen readers and
 * keyboards the same facts as text: the uptime over the period in one sentence, and a table of
 * only the days with an outage inside `<details>` (the SVG itself is hidden from assistive
 * technologies).
 */
import { escapeHtml } from '../core/html.js';
import { formatDay, formatDuration, formatPercent } from './html-format.js';
import { HTML_TEXTS, type StatusLang } from './html-texts.js';
import type { ComponentSnapshot, UptimeDay } from './status.types.js';

type DayClass = 'ok' | 'partial' | 'major' | 'none';

const BAR_HEIGHT: Record<DayClass, number> = { ok: 20, partial: 14, major: 9, none: 3 };
const MINUTE = 60_000;

/** How a day is drawn: any major outage minute makes it "major", any other loss "partial". */
export function dayClass(day: UptimeDay): DayClass {
  if (day.majorMinutes > 0) return 'major';
  if (day.partialMinutes > 0 || (day.ratio !== null && day.ratio < 1)) return 'partial';
  return day.ratio === null ? 'none' : 'ok';
}

/** Consecutive days of the same class, oldest first: `[class, first index, day count]`. */
export function dayRuns(days: readonly UptimeDay[]): [DayClass, number, number][] {
  const runs: [DayClass, number, number][] = [];
  days.forEach((day, i) => {
    const cls = dayClass(day);
    const last = runs[runs.length - 1];
    if (last && last[0] === cls) last[2]++;
    else runs.push([cls, i, 1]);
  });
  return runs;
}

/** The bar: one rectangle per run of days of the same class (a day is 4 units wide plus a 1-unit gap). */
function bars(days: readonly UptimeDay[]): string {
  const rects = dayRuns(days).map(([cls, first, count]) => {
    const h = BAR_HEIGHT[cls];
    return `<rect class="d-${cls}" x="${first * 5}" y="${20 - h}" width="${count * 5 - 1}" height="${h}"/>`;
  });
  return `<svg class="bars" viewBox="0 0 ${days.length * 5 - 1} 20" preserveAspectRatio="none" aria-hidden="true" focusable="false">${rects.join('')}</svg>`;
}

function outageTable(c: ComponentSnapshot, lang: StatusLang, timeZone: string): string {
  const t = HTML_TEXTS[lang];
  const bad = c.days.filter((d) => dayClass(d) === 'partial' || dayClass(d) === 'major').reverse();
  const missing = c.days.filter((d) => dayClass(d) === 'none').length;
  const missingLine = missing > 0 ? `<p class="small">${escapeHtml(t.noDataDays(missing))}</p>` : '';
  if (bad.length === 0) return `<p class="small">${escapeHtml(t.noBadDays(c.days.length))}</p>${missingLine}`;
  const rows = bad.map((d) => {
    const outage = [d.partialMinutes > 0 ? t.partialFor(formatDuration(d.partialMinutes * MINUTE, lang)) : '', d.majorMinutes > 0 ? t.majorFor(formatDuration(d.majorMinutes * MINUTE, lang)) : '']
      .filter(Boolean)
      .join(', ');
    const ratio = d.ratio === null ? '—' : formatPercent(d.ratio, lang);
    return `<tr><th scope="row">${escapeHtml(formatDay(d.day, lang, timeZone))}</th><td>${escapeHtml(ratio)}</td><td>${escapeHtml(outage || '—')}</td></tr>`;
  });
  const table = `<table><caption class="vh">${escapeHtml(`${c.name[lang]} — ${t.badDays(bad.length)}`)}</caption><thead><tr><th scope="col">${escapeHtml(t.day)}</th><th scope="col">${escapeHtml(t.available)}</th><th scope="col">${escapeHtml(t.outage)}</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
  return `<details><summary>${escapeHtml(t.badDays(bad.length))}</summary>${table}${missingLine}</details>`;
}

/** The bar, the uptime line and the outage days of component `c`; empty when it has no days. */
export function uptimeBlock(c: ComponentSnapshot, lang: StatusLang, timeZone: string): string {
  if (c.days.length === 0) return '';
  const t = HTML_TEXTS[lang];
  const summary = c.uptime === null ? t.noData(c.days.length) : t.uptime(formatPercent(c.uptime, lang), c.days.length);
  const axis = `<div class="axis" aria-hidden="true"><span>${escapeHtml(t.barStart(c.days.length))}</span><span>${escapeHtml(t.barEnd)}</span></div>`;
  return `${bars(c.days)}${axis}<p class="small">${escapeHtml(summary)}</p>${outageTable(c, lang, timeZone)}`;
}
