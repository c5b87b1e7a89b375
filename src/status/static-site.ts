/**
 * @module A status page as static files, for a copy served by any file server, CDN or object
 * store when Vigie itself is out of reach (`vigie status export` and `vigie status mirror`). Pure:
 * from one {@link PageSnapshot}, the files of the page's folder, by relative path:
 *
 * - `index.html` — the page in its first language; `<lang>/index.html` for every language it
 *   offers; `<lang>/history/<n>/index.html` for history pages 2 and beyond. A static host cannot
 *   read query strings, so these pages link to each other by relative paths (`html-links.ts`):
 *   the language switch to `../en/`, the history pager to `history/2/`; there is no theme switch
 *   (the automatic theme follows the reader's system). The subscribe form becomes a link to the
 *   live page's form when its address is known (`server.public_url`), and is left out otherwise:
 *   a static copy cannot take a form.
 * - `api/v2/….json` (the 8 Statuspage documents), `history.rss`, `history.atom`, `badge.svg`,
 *   `badge/<id>.svg` for each component (under both the snapshot's id and the id
 *   `components.json` gives it), all in the page's first language, as the live page answers a
 *   request that names no language.
 * - `logo.<png|jpg|svg>` when the logo is a file (read by the caller).
 *
 * Directory paths end in `/`: the host must answer `<dir>/` with `<dir>/index.html`, as nginx,
 * Apache, Caddy and object-store website hosting do.
 */
import { badgeSvg, pageBadgeSvg } from './badge.js';
import { historyPageCount, renderStatusPage, type StatusLang } from './render-html.js';
import { staticPagePath } from './html-links.js';
import type { LogoFile } from './logo-files.js';
import { FEED_DOCUMENTS, JSON_DOCUMENTS } from './status-documents.js';
import { checkBaseUrl } from './status-links.js';
import { statuspageId } from './statuspage-format.js';
import type { PageSnapshot } from './status.types.js';

/** What a page's files need besides its snapshot. */
export interface StaticPageOptions {
  /** The absolute URL the page's folder will be served at (`https://status-mirror.example.org`): the JSON and feeds link there. */
  baseUrl: string;
  /** The time the page is written (for "updated N minutes ago"). */
  now: number;
  /** The live page's absolute URL (`<server.public_url>/status/<id>`): the subscribe section links to its form. Without it there is no subscribe section. */
  liveUrl?: string | undefined;
  /** The page's logo file, when its `logo` is a file that could be read. */
  logo?: LogoFile | undefined;
}

const LOGO_EXTENSIONS: Readonly<Record<string, string>> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/svg+xml': 'svg' };
/** A safe path segment: what page ids and component ids are made of. */
const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

/** The logo's file name in the page's folder, e.g. `logo.svg`. */
export function logoFileName(logo: LogoFile): string {
  return `logo.${LOGO_EXTENSIONS[logo.contentType] ?? 'img'}`;
}

/** `../` once per folder of `dir` (a path ending in `/`, or `''`). */
function rootOf(dir: string): string {
  return '../'.repeat(dir.split('/').filter(Boolean).length);
}

/**
 * The files of one page's folder, by path relative to it (`index.html`, `en/index.html`,
 * `api/v2/summary.json`…).
 * @throws Error when `opts.baseUrl` is not an absolute http(s) URL, or an id would not make a safe file name.
 */
export function staticFiles(snapshot: PageSnapshot, opts: StaticPageOptions): Map<string, string | Buffer> {
  const baseUrl = checkBaseUrl(opts.baseUrl, `static files of status page "${snapshot.page.id}"`);
  const page = snapshot.page;
  const languages: readonly StatusLang[] = page.languages;
  const first = languages[0] ?? 'en';
  const logoName = opts.logo ? logoFileName(opts.logo) : undefined;
  // A logo file that could not be read is left out rather than linked to a missing file.
  const shown = page.logo && !/^https:\/\//i.test(page.logo) && !logoName ? { ...snapshot, page: { ...page, logo: undefined } } : snapshot;
  const subs = page.subscriptions;
  const subscribe = subs && opts.liveUrl !== undefined ? { email: subs.email !== undefined, webhooks: subs.webhooks, liveUrl: '' } : undefined;
  const html = (lang: StatusLang, historyPage: number, dir: string): string =>
    renderStatusPage(shown, {
      lang,
      languages,
      basePath: '',
      baseUrl,
      now: opts.now,
      historyPage,
      subscribe: subscribe && { ...subscribe, liveUrl: `${opts.liveUrl!.replace(/\/+$/, '')}/subscribe?lang=${lang}` },
      static: { root: rootOf(dir), logo: logoName },
    });

  const files = new Map<string, string | Buffer>();
  const pages = historyPageCount(snapshot.history.length);
  files.set('index.html', html(first, 1, ''));
  for (const lang of languages) {
    for (let n = 1; n <= pages; n++) files.set(`${staticPagePath(lang, n)}index.html`, html(lang, n, staticPagePath(lang, n)));
  }
  const ctx = { lang: first, baseUrl, now: opts.now };
  for (const [path, doc] of [...Object.entries(JSON_DOCUMENTS), ...Object.entries(FEED_DOCUMENTS)]) files.set(path, doc.render(snapshot, ctx));
  files.set('badge.svg', pageBadgeSvg(snapshot, { lang: first }));
  for (const c of snapshot.components) {
    const svg = badgeSvg(c, { lang: first });
    for (const id of new Set([c.id, statuspageId('component', page.id, c.id)])) files.set(`badge/${safeSegment(id, 'component id')}.svg`, svg);
  }
  if (opts.logo && logoName) files.set(logoName, opts.logo.body);
  return files;
}

/** `id` when it is a safe file name; throws otherwise (ids come from the config schema and hashes, so this is a guard). */
export function safeSegment(id: string, what: string): string {
  if (!SEGMENT.test(id) || id.length > 200) throw new Error(`a status page ${what} cannot be a file name: ${JSON.stringify(id)}`);
  return id;
}
