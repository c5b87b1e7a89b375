/**
 * @module The incident parts of the status page: open incidents with their public updates (newest
 * first) and the "no public update for N min" marker, scheduled maintenance, and the history of
 * resolved incidents, 10 per page with previous/next links (`?page=N#history`).
 */
import { escapeHtml } from '../core/html.js';
import type { Localized } from '../incidents/incident.types.js';
import { formatDateTime, formatDuration, timeElement, withTimes } from './html-format.js';
import { pageHref, type LinkState } from './html-links.js';
import { HTML_TEXTS, type StatusLang } from './html-texts.js';
import type { ComponentState, PublicImpact, PublicIncident, PublicMaintenance, PublicUpdate } from './status.types.js';

/** Resolved incidents shown per history page. */
export const HISTORY_PER_PAGE = 10;

/** What the incident parts need to write times, names and links. */
export interface IncidentContext {
  lang: StatusLang;
  timeZone: string;
  now: number;
  links: LinkState;
  /** Component id → public name. */
  names: ReadonlyMap<string, Localized>;
}

/** The text in `lang`, or in the other language when that one is empty. */
export function pick(text: Localized, lang: StatusLang): string {
  return text[lang] || text[lang === 'en' ? 'fr' : 'en'];
}

const IMPACT_STATE: Record<PublicImpact, ComponentState> = { none: 'operational', minor: 'degraded_performance', major: 'partial_outage', critical: 'major_outage' };

function at(ms: number, ctx: IncidentContext): string {
  return timeElement(ms, formatDateTime(ms, ctx.lang, ctx.timeZone));
}

function affects(ids: readonly string[], ctx: IncidentContext): string {
  const names = ids.map((id) => ctx.names.get(id)).filter((n): n is Localized => n !== undefined).map((n) => pick(n, ctx.lang));
  return names.length === 0 ? '' : `<p class="meta">${escapeHtml(HTML_TEXTS[ctx.lang].affects(names.join(', ')))}</p>`;
}

function updatesList(updates: readonly PublicUpdate[], ctx: IncidentContext): string {
  const t = HTML_TEXTS[ctx.lang];
  if (updates.length === 0) return `<p class="meta">${escapeHtml(t.noUpdate)}</p>`;
  const items = [...updates]
    .sort((a, b) => b.at - a.at)
    .map((u) => `<li><p class="meta"><span class="upd-status">${escapeHtml(t.statuses[u.status])}</span> — ${at(u.at, ctx)}</p><p class="upd-text">${escapeHtml(pick(u.text, ctx.lang))}</p></li>`);
  return `<ol class="updates">${items.join('')}</ol>`;
}

function openIncident(incident: PublicIncident, ctx: IncidentContext): string {
  const t = HTML_TEXTS[ctx.lang];
  const headingId = `incident-${incident.id}`;
  const meta = `<p class="meta"><span class="upd-status">${escapeHtml(t.statuses[incident.status])}</span> · ${escapeHtml(t.impact(t.impacts[incident.impact]))} · ${withTimes(t.started('\u0000'), [at(incident.startedAt, ctx)])}</p>`;
  const since = incident.lastUpdateAt ?? incident.createdAt;
  const overdue = incident.updateOverdue ? `<p class="overdue">${escapeHtml(t.overdue(formatDuration(Math.max(0, ctx.now - since), ctx.lang)))}</p>` : '';
  return `<article class="inc s-${IMPACT_STATE[incident.impact]}" aria-labelledby="${headingId}"><h3 id="${headingId}">${escapeHtml(pick(incident.title, ctx.lang))}</h3>${meta}${affects(incident.componentIds, ctx)}${overdue}${updatesList(incident.updates, ctx)}</article>`;
}

/** The "Open incidents" section; empty when none is open. */
export function openIncidentsSection(incidents: readonly PublicIncident[], ctx: IncidentContext): string {
  if (incidents.length === 0) return '';
  const t = HTML_TEXTS[ctx.lang];
  return `<section aria-labelledby="incidents"><h2 id="incidents">${escapeHtml(t.openIncidents)}</h2>${incidents.map((i) => openIncident(i, ctx)).join('')}</section>`;
}

function maintenance(m: PublicMaintenance, ctx: IncidentContext, index: number): string {
  const t = HTML_TEXTS[ctx.lang];
  const headingId = `maintenance-${index}`;
  const window = withTimes(t.window('\u0000', '\u0001'), [at(m.scheduledFor, ctx), at(m.scheduledUntil, ctx)]);
  const description = m.description ? `<p class="upd-text">${escapeHtml(pick(m.description, ctx.lang))}</p>` : '';
  return `<article class="inc s-under_maintenance" aria-labelledby="${headingId}"><h3 id="${headingId}">${escapeHtml(pick(m.title, ctx.lang))}</h3><p class="meta"><span class="upd-status">${escapeHtml(t.maintenanceStatuses[m.status])}</span> · ${window}</p>${affects(m.componentIds, ctx)}${description}</article>`;
}

/** The "Scheduled maintenance" section; empty when none is planned or running. */
export function maintenanceSection(maintenances: readonly PublicMaintenance[], ctx: IncidentContext): string {
  if (maintenances.length === 0) return '';
  const t = HTML_TEXTS[ctx.lang];
  return `<section aria-labelledby="maintenance"><h2 id="maintenance">${escapeHtml(t.maintenance)}</h2>${maintenances.map((m, i) => maintenance(m, ctx, i)).join('')}</section>`;
}

/** How many history pages `count` resolved incidents make (at least 1). */
export function historyPageCount(count: number): number {
  return Math.max(1, Math.ceil(count / HISTORY_PER_PAGE));
}

function pastIncident(incident: PublicIncident, ctx: IncidentContext): string {
  const t = HTML_TEXTS[ctx.lang];
  const headingId = `incident-${incident.id}`;
  const end = incident.resolvedAt ?? incident.updatedAt;
  const resolved = withTimes(t.resolvedAfter('\u0000', formatDuration(end - incident.startedAt, ctx.lang)), [at(end, ctx)]);
  const updates = incident.updates.length === 0 ? '' : `<details><summary>${escapeHtml(t.updatesCount(incident.updates.length))}</summary>${updatesList(incident.updates, ctx)}</details>`;
  return `<article class="inc" aria-labelledby="${headingId}"><h3 id="${headingId}">${escapeHtml(pick(incident.title, ctx.lang))}</h3><p class="meta">${resolved} · ${escapeHtml(t.impact(t.impacts[incident.impact]))}</p>${affects(incident.componentIds, ctx)}${updates}</article>`;
}

function pager(page: number, pages: number, ctx: IncidentContext): string {
  if (pages <= 1) return '';
  const t = HTML_TEXTS[ctx.lang];
  const prev = page > 1 ? `<li><a rel="prev" href="${escapeHtml(pageHref(ctx.links, { page: page - 1, hash: 'history' }))}">← ${escapeHtml(t.previous)}</a></li>` : '<li></li>';
  const next = page < pages ? `<li><a rel="next" href="${escapeHtml(pageHref(ctx.links, { page: page + 1, hash: 'history' }))}">${escapeHtml(t.next)} →</a></li>` : '<li></li>';
  return `<nav class="pager" aria-label="${escapeHtml(t.historyPages)}"><ul>${prev}<li>${escapeHtml(t.pageOf(page, pages))}</li>${next}</ul></nav>`;
}

/** The "Past incidents" section at history page `page` (clamped to the pages there are). */
export function historySection(history: readonly PublicIncident[], page: number, historyDays: number, ctx: IncidentContext): string {
  const t = HTML_TEXTS[ctx.lang];
  const pages = historyPageCount(history.length);
  const current = Math.min(pages, Math.max(1, Math.floor(Number.isFinite(page) ? page : 1)));
  const shown = history.slice((current - 1) * HISTORY_PER_PAGE, current * HISTORY_PER_PAGE);
  const body = shown.length === 0 ? `<p>${escapeHtml(t.noHistory(historyDays))}</p>` : shown.map((i) => pastIncident(i, ctx)).join('');
  return `<section aria-labelledby="history"><h2 id="history">${escapeHtml(t.history)}</h2>${body}${pager(current, pages, ctx)}</section>`;
}
