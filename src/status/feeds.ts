/**
 * @module RSS 2.0 and Atom 1.0 feeds of a status page (its `history.rss` and `history.atom`), built
 * from a page snapshot with the `feed` package: one entry per incident (its public updates, newest
 * first, as Statuspage's feeds write them) and one per maintenance occurrence, in the requested
 * language, linking to the page. Entry ids are URNs named after the page and the incident, so a
 * mirror on another domain serves the same entries and readers do not see them twice.
 *
 * Escaping: entry texts are HTML (an RSS `description`, an Atom `type="html"` element), so what
 * users wrote is HTML-escaped before the package wraps it in CDATA; an RSS item title is plain text.
 * Characters XML 1.0 cannot carry (controls, lone surrogates) are dropped.
 */
import { Feed } from 'feed';
import { escapeHtml } from '../core/html.js';
import type { PageSnapshot, PublicIncident, PublicMaintenance, RenderContext } from './status.types.js';
import { checkBaseUrl, feedUrl, incidentUrl, maintenanceUrl } from './status-links.js';
import { maintenanceTimeline, STATUSPAGE_LIST_LIMIT } from './statuspage-json.js';
import { xmlSafe } from './xml-text.js';

/** At most this many entries per feed (the newest). */
export const FEED_ENTRY_LIMIT = STATUSPAGE_LIST_LIMIT;

const WORDS = {
  en: {
    history: 'incident history',
    affected: 'Affected components',
    maintenance: 'Scheduled maintenance',
    window: (from: string, to: string) => `Scheduled from ${from} to ${to}`,
    stale: (since: string) => `The status data could not be read since ${since}: this is the last known state.`,
    status: { investigating: 'Investigating', identified: 'Identified', monitoring: 'Monitoring', resolved: 'Resolved', scheduled: 'Scheduled', in_progress: 'In progress', completed: 'Completed' },
    colon: ':',
  },
  fr: {
    history: 'historique des incidents',
    affected: 'Composants concernés',
    maintenance: 'Maintenance programmée',
    window: (from: string, to: string) => `Prévue du ${from} au ${to}`,
    stale: (since: string) => `Les données d’état ne peuvent plus être lues depuis le ${since} : voici le dernier état connu.`,
    status: { investigating: 'Recherche en cours', identified: 'Cause identifiée', monitoring: 'Sous surveillance', resolved: 'Résolu', scheduled: 'Programmée', in_progress: 'En cours', completed: 'Terminée' },
    colon: ' :',
  },
} as const;

type Words = (typeof WORDS)['en' | 'fr'];
type StepStatus = keyof Words['status'];

/** An entry before it is written as RSS or Atom: `html` is already escaped HTML. */
interface Entry {
  id: string;
  link: string;
  title: string;
  html: string;
  date: number;
  published: number;
}

/** The page's RSS 2.0 feed (`history.rss`). */
export function rssFeed(snapshot: PageSnapshot, ctx: RenderContext): string {
  const { feed, entries } = prepare(snapshot, ctx, 'rssFeed');
  for (const e of entries) feed.addItem({ title: e.title, id: e.id, link: e.link, date: new Date(e.date), description: e.html });
  return feed.rss2();
}

/** The page's Atom 1.0 feed (`history.atom`). */
export function atomFeed(snapshot: PageSnapshot, ctx: RenderContext): string {
  const { feed, entries } = prepare(snapshot, ctx, 'atomFeed');
  // Atom titles are written `type="html"` by the package: escape them as HTML.
  for (const e of entries) feed.addItem({ title: escapeHtml(e.title), id: e.id, link: e.link, date: new Date(e.date), published: new Date(e.published), content: e.html });
  return feed.atom1();
}

function prepare(snapshot: PageSnapshot, ctx: RenderContext, where: string): { feed: Feed; entries: Entry[] } {
  if (ctx.lang !== 'en' && ctx.lang !== 'fr') throw new Error(`${where}(): ctx.lang must be "en" or "fr", got ${JSON.stringify(ctx.lang)}`);
  const baseUrl = checkBaseUrl(ctx.baseUrl, `${where}()`);
  const w = WORDS[ctx.lang];
  const when = dateFormatter(ctx.lang, snapshot.page.time_zone);
  const title = xmlSafe(snapshot.page.title[ctx.lang]);
  const about = snapshot.page.description ? xmlSafe(snapshot.page.description[ctx.lang]) : `${title} — ${w.history}`;
  const feed = new Feed({
    id: `urn:vigie:status:${snapshot.page.id}:history:${ctx.lang}`,
    title: `${title} — ${w.history}`,
    description: snapshot.stale ? `${about} ${w.stale(when(snapshot.stale.since))}` : about,
    link: baseUrl,
    language: ctx.lang,
    updated: new Date(snapshot.updatedAt),
    generator: 'Vigie',
    feedLinks: { rss: feedUrl(baseUrl, 'rss'), atom: feedUrl(baseUrl, 'atom') },
    author: { name: title, link: baseUrl },
  });
  const names = new Map(snapshot.components.map((c) => [c.id, xmlSafe(c.name[ctx.lang])]));
  const seen = new Set<number>();
  const list = [...snapshot.incidents, ...snapshot.history].filter((i) => !seen.has(i.id) && seen.add(i.id));
  const entries = [
    ...list.map((i) => incidentEntry(snapshot, i, baseUrl, ctx.lang, names, when)),
    ...snapshot.maintenances.map((m) => maintenanceEntry(snapshot, m, baseUrl, ctx.lang, names, when)),
  ]
    .sort((a, b) => b.date - a.date || a.id.localeCompare(b.id))
    .slice(0, FEED_ENTRY_LIMIT);
  return { feed, entries };
}

function incidentEntry(snapshot: PageSnapshot, i: PublicIncident, baseUrl: string, lang: 'en' | 'fr', names: Map<string, string>, when: (ms: number) => string): Entry {
  const w = WORDS[lang];
  const steps = [...i.updates].sort((a, b) => b.at - a.at || b.id - a.id).map((u) => step(w, u.status, u.at, u.text[lang], when));
  // An incident without a public update yet still says what state it is in, and since when.
  if (steps.length === 0) steps.push(step(w, i.status, i.startedAt, '', when));
  return {
    id: `urn:vigie:status:${snapshot.page.id}:incident:${i.id}`,
    link: incidentUrl(baseUrl, i.id),
    title: xmlSafe(i.title[lang]),
    html: steps.join('') + affected(w, i.componentIds, names),
    date: i.updatedAt,
    published: i.createdAt,
  };
}

function maintenanceEntry(snapshot: PageSnapshot, m: PublicMaintenance, baseUrl: string, lang: 'en' | 'fr', names: Map<string, string>, when: (ms: number) => string): Entry {
  const w = WORDS[lang];
  const { announcedAt, steps } = maintenanceTimeline(m, snapshot);
  const header = `<p>${escapeHtml(w.window(when(m.scheduledFor), when(m.scheduledUntil)))}</p>`;
  return {
    id: `urn:vigie:status:${snapshot.page.id}:maintenance:${encodeURIComponent(m.id)}`,
    link: maintenanceUrl(baseUrl, m.id),
    title: `${w.maintenance}${w.colon} ${xmlSafe(m.title[lang])}`,
    html: header + steps.map((s) => step(w, s.status, s.at, s.text[lang], when)).join('') + affected(w, m.componentIds, names),
    date: steps[0]!.at,
    published: announcedAt,
  };
}

/** One update as Statuspage's feeds write it: `<p><small>date</small><br><strong>Status</strong> - text</p>`. */
function step(w: Words, status: StepStatus, at: number, text: string, when: (ms: number) => string): string {
  const body = text ? ` - ${paragraphs(text)}` : '';
  return `<p><small>${escapeHtml(when(at))}</small><br><strong>${escapeHtml(w.status[status])}</strong>${body}</p>`;
}

function affected(w: Words, ids: string[], names: Map<string, string>): string {
  const list = ids.map((id) => names.get(id)).filter((n): n is string => n !== undefined);
  return list.length ? `<p>${escapeHtml(w.affected)}${escapeHtml(w.colon)} ${list.map(escapeHtml).join(', ')}</p>` : '';
}

/** Text escaped as HTML, line breaks kept. */
function paragraphs(text: string): string {
  return escapeHtml(xmlSafe(text)).replace(/\r\n|\r|\n/g, '<br>');
}

/** "14 May 2026 at 11:05 CEST" / "14 mai 2026 à 11:05 UTC+2", in the page's time zone. */
function dateFormatter(lang: 'en' | 'fr', timeZone: string): (ms: number) => string {
  const f = new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { timeZone, day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' });
  return (ms) => f.format(new Date(ms));
}
