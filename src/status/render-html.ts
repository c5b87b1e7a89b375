/**
 * @module The status page as server-rendered HTML, from a {@link PageSnapshot} alone (no store):
 * overall state, a notice while the data is stale, components (grouped) with their state and
 * 90-day uptime bars, open incidents and their public updates, scheduled maintenance, paginated
 * history, the subscribe form and a footer with the feeds. No script; one inline style sheet;
 * WCAG 2.1 AA (landmarks, heading order, text for every colour, visible focus, both themes).
 * Also the small message pages (404, private page, subscription results) in the same frame.
 *
 * With `static`, the page is written for a static export (`static-site.ts`): links are relative
 * file paths (`html-links.ts`), there is no theme switch (the automatic theme follows the
 * reader's system), the footer gives the time of the data without "N minutes ago" (a file is
 * read long after it is written), and the subscribe form becomes a link to the live page's
 * form, or goes.
 */
import { escapeHtml } from '../core/html.js';
import type { Localized } from '../incidents/incident.types.js';
import { formatDateTime, formatMoment, minutesBetween, timeElement, withTimes } from './html-format.js';
import { stateIcon } from './html-icons.js';
import { historySection, maintenanceSection, openIncidentsSection, pick, type IncidentContext } from './html-incidents.js';
import { renderLayout } from './html-layout.js';
import { pageHref, resourceHref, type LinkState, type StaticLinks } from './html-links.js';
import { subscribeSection, type SubscribeOffer } from './html-subscribe.js';
import { HTML_TEXTS, type StatusLang, type StatusTheme } from './html-texts.js';
import { uptimeBlock } from './html-uptime.js';
import type { ComponentSnapshot, GroupSnapshot, PageSnapshot } from './status.types.js';

export { renderLayout, logoSrc, type LayoutOptions } from './html-layout.js';
export { HISTORY_PER_PAGE, historyPageCount } from './html-incidents.js';
export { HTML_TEXTS, type StatusLang, type StatusTheme } from './html-texts.js';
export type { LinkState, StaticLinks } from './html-links.js';
export type { SubscribeOffer } from './html-subscribe.js';

export interface StatusPageOptions {
  lang: StatusLang;
  /** The page's languages, in its order (the switch offers them). */
  languages: readonly StatusLang[];
  /** Where the page is served: `/status/public`, or `''` at a host's root. */
  basePath: string;
  /** The absolute URL of the page, no trailing slash (for the feed links in `<head>`). */
  baseUrl: string;
  now: number;
  theme?: StatusTheme | undefined;
  /** History page, from 1 (clamped to the pages there are). */
  historyPage?: number | undefined;
  /** Subscriptions offered (the form only when given). */
  subscribe?: SubscribeOffer | undefined;
  /** A private page's token, kept in every link. */
  token?: string | undefined;
  /** Written as a static file: where it sits relative to the page's folder (see `html-links.ts`). */
  static?: StaticLinks | undefined;
}

const LANGS: readonly string[] = ['en', 'fr'];
const THEMES: readonly string[] = ['auto', 'light', 'dark'];

/** Throws a clear error on options a caller got wrong (they come from code, not from users). */
function checkOptions(where: string, o: { lang: string; basePath: string; theme?: string | undefined }): void {
  if (!LANGS.includes(o.lang)) throw new Error(`${where}: lang must be "en" or "fr", got ${JSON.stringify(o.lang)}`);
  if (o.basePath !== '' && (!o.basePath.startsWith('/') || o.basePath.endsWith('/'))) throw new Error(`${where}: basePath must be '' or start with "/" and not end with "/", got ${JSON.stringify(o.basePath)}`);
  if (o.theme !== undefined && !THEMES.includes(o.theme)) throw new Error(`${where}: theme must be auto, light or dark, got ${JSON.stringify(o.theme)}`);
}

function stateLabel(c: { state: GroupSnapshot['state'] }, lang: StatusLang): string {
  return `<span class="state">${stateIcon(c.state)} ${escapeHtml(HTML_TEXTS[lang].states[c.state])}</span>`;
}

function component(c: ComponentSnapshot, snapshot: PageSnapshot, lang: StatusLang): string {
  const t = HTML_TEXTS[lang];
  const zone = snapshot.page.time_zone;
  const description = c.description ? `<p class="small">${escapeHtml(pick(c.description, lang))}</p>` : '';
  const since =
    c.state !== 'operational' && c.since !== null
      ? `<p class="small">${withTimes(`${t.states[c.state]} ${t.since('\u0000')}`, [timeElement(c.since, formatDateTime(c.since, lang, zone))])}</p>`
      : '';
  const details = c.details ? `<p class="small">${escapeHtml(`${t.details}${lang === 'fr' ? ' :' : ':'} ${pick(c.details, lang)}`)}</p>` : '';
  return `<li class="comp s-${c.state}"><div class="comp-head"><span class="comp-name">${escapeHtml(pick(c.name, lang))}</span>${stateLabel(c, lang)}</div>${description}${since}${details}${uptimeBlock(c, lang, zone)}</li>`;
}

/** Groups and lone components in page order; consecutive lone components share one list. */
function componentsSection(snapshot: PageSnapshot, lang: StatusLang): string {
  const t = HTML_TEXTS[lang];
  const groupIds = new Set(snapshot.groups.map((g) => g.id));
  const byId = new Map(snapshot.components.map((c) => [c.id, c]));
  type Entry = { position: number; group: GroupSnapshot } | { position: number; component: ComponentSnapshot };
  const entries: Entry[] = [
    ...snapshot.groups.map((group) => ({ position: group.position, group })),
    ...snapshot.components.filter((c) => c.groupId === null || !groupIds.has(c.groupId)).map((component) => ({ position: component.position, component })),
  ].sort((a, b) => a.position - b.position);
  const html: string[] = [];
  let lone: string[] = [];
  const flush = () => {
    if (lone.length > 0) html.push(`<ul class="comps">${lone.join('')}</ul>`);
    lone = [];
  };
  for (const entry of entries) {
    if ('component' in entry) {
      lone.push(component(entry.component, snapshot, lang));
      continue;
    }
    flush();
    const g = entry.group;
    const members = g.componentIds.map((id) => byId.get(id)).filter((c): c is ComponentSnapshot => c !== undefined);
    html.push(`<div class="group s-${g.state}"><div class="group-head"><h3>${escapeHtml(pick(g.name, lang))}</h3>${stateLabel(g, lang)}</div><ul class="comps">${members.map((c) => component(c, snapshot, lang)).join('')}</ul></div>`);
  }
  flush();
  return `<section aria-labelledby="components"><h2 id="components">${escapeHtml(t.components)}</h2>${html.join('')}</section>`;
}

function banner(snapshot: PageSnapshot, lang: StatusLang): string {
  return `<section class="banner s-${snapshot.state}" aria-labelledby="overall">${stateIcon(snapshot.state)}<h2 id="overall">${escapeHtml(HTML_TEXTS[lang].overall[snapshot.state])}</h2></section>`;
}

function staleNotice(snapshot: PageSnapshot, lang: StatusLang, now: number): string {
  if (!snapshot.stale) return '';
  const when = formatMoment(snapshot.builtAt, now, lang, snapshot.page.time_zone);
  return `<p class="notice" role="note"><strong>${escapeHtml(HTML_TEXTS[lang].stale(when))}</strong></p>`;
}

function footer(snapshot: PageSnapshot, lang: StatusLang, links: LinkState, now: number): string {
  const t = HTML_TEXTS[lang];
  const at = timeElement(snapshot.builtAt, formatDateTime(snapshot.builtAt, lang, snapshot.page.time_zone));
  // A static file is read long after it was written: "N minutes ago" would be wrong by then.
  const updated = links.static
    ? `<p>${escapeHtml(t.lastUpdated('').trim())}${lang === 'fr' ? ' :' : ':'} ${at}.</p>`
    : `<p>${escapeHtml(t.lastUpdated(t.ago(minutesBetween(snapshot.builtAt, now))))} (${at}).</p>`;
  const feeds: [string, string, string][] = [
    ['history.rss', 'application/rss+xml', 'RSS'],
    ['history.atom', 'application/atom+xml', 'Atom'],
    ['api/v2/summary.json', 'application/json', 'JSON'],
  ];
  const list = feeds.map(([path, type, label]) => `<li><a href="${escapeHtml(resourceHref(links, path))}" type="${type}">${label}</a></li>`).join('');
  return `${updated}<nav aria-label="${escapeHtml(t.feeds)}"><ul>${list}</ul></nav><p>${escapeHtml(t.poweredBy)}</p>`;
}

function feedLinks(snapshot: PageSnapshot, lang: StatusLang, baseUrl: string, links: LinkState): string {
  const base = { basePath: baseUrl.replace(/\/+$/, ''), token: links.token, static: links.static };
  const title = escapeHtml(pick(snapshot.page.title, lang));
  return `<link rel="alternate" type="application/rss+xml" title="${title} (RSS)" href="${escapeHtml(resourceHref(base, 'history.rss'))}"><link rel="alternate" type="application/atom+xml" title="${title} (Atom)" href="${escapeHtml(resourceHref(base, 'history.atom'))}">`;
}

/** The status page of `snapshot`, a complete HTML document. */
export function renderStatusPage(snapshot: PageSnapshot, opts: StatusPageOptions): string {
  checkOptions('renderStatusPage', opts);
  const { lang, now } = opts;
  const t = HTML_TEXTS[lang];
  const links: LinkState = { basePath: opts.basePath, lang, theme: opts.static ? 'auto' : (opts.theme ?? 'auto'), token: opts.token, static: opts.static };
  const names = new Map<string, Localized>(snapshot.components.map((c) => [c.id, c.name]));
  const ctx: IncidentContext = { lang, timeZone: snapshot.page.time_zone, now, links, names };
  const main = [
    staleNotice(snapshot, lang, now),
    banner(snapshot, lang),
    `<p class="tz">${escapeHtml(t.timeZone(snapshot.page.time_zone))}</p>`,
    openIncidentsSection(snapshot.incidents, ctx),
    maintenanceSection(snapshot.maintenances, ctx),
    componentsSection(snapshot, lang),
    historySection(snapshot.history, opts.historyPage ?? 1, snapshot.page.history_days, ctx),
    subscribeSection(snapshot.components, opts.subscribe, lang, opts.languages, links),
  ].join('');
  const title = pick(snapshot.page.title, lang);
  return renderLayout({
    lang,
    title,
    heading: title,
    description: snapshot.page.description ? pick(snapshot.page.description, lang) : null,
    logo: snapshot.page.logo ?? null,
    links,
    languages: opts.languages,
    themeSwitch: opts.static === undefined,
    main,
    footer: footer(snapshot, lang, links, now),
    head: feedLinks(snapshot, lang, opts.baseUrl, links),
  });
}

export interface MessagePageOptions {
  lang: StatusLang;
  /** What happened, e.g. "Subscription confirmed" (the message's heading). */
  title: string;
  /** The message, one paragraph per string (plain text, escaped here). */
  message: string | readonly string[];
  /** The status page's path (`/status/public`, `''` at a host root): the "back" link goes there. */
  basePath: string;
  /** The tone: an icon and colour, always with the title as text (default `info`). */
  status?: 'info' | 'success' | 'error' | undefined;
  /** The status page's title for the header (default "Vigie"). */
  pageTitle?: string | undefined;
  /** The status page's logo setting. */
  logo?: string | null | undefined;
  theme?: StatusTheme | undefined;
  /** A private page's token, kept in the back link. */
  token?: string | undefined;
  /** Show the link back to the status page (default true; off e.g. on "this page needs its access link"). */
  backLink?: boolean | undefined;
  /** Extra content after the message, already escaped HTML (e.g. a confirmation form). */
  html?: string | undefined;
}

const MESSAGE_STATE = { info: null, success: 'operational', error: 'major_outage' } as const;

/** A small page in the status page's frame: 404, private page without token, subscription results. */
export function renderMessagePage(opts: MessagePageOptions): string {
  checkOptions('renderMessagePage', opts);
  const t = HTML_TEXTS[opts.lang];
  const links: LinkState = { basePath: opts.basePath, lang: opts.lang, theme: opts.theme ?? 'auto', token: opts.token };
  const state = MESSAGE_STATE[opts.status ?? 'info'];
  const paragraphs = (typeof opts.message === 'string' ? [opts.message] : opts.message).map((p) => `<p>${escapeHtml(p)}</p>`).join('');
  const back = opts.backLink === false ? '' : `<p><a href="${escapeHtml(pageHref(links))}">${escapeHtml(t.backToPage)}</a></p>`;
  const main = `<section class="banner ${state ? `s-${state}` : 's-info'}" aria-labelledby="message">${state ? stateIcon(state) : ''}<h2 id="message">${escapeHtml(opts.title)}</h2></section>${paragraphs}${opts.html ?? ''}${back}`;
  const pageTitle = opts.pageTitle ?? 'Vigie';
  return renderLayout({ lang: opts.lang, title: `${opts.title} — ${pageTitle}`, heading: pageTitle, logo: opts.logo ?? null, links, languages: [], themeSwitch: false, main, noindex: true });
}
