/**
 * @module The status pages of a Vigie as one folder of static files (`vigie status export` and
 * `vigie status mirror`): which pages go in, where each one's files sit, and where they link.
 *
 * - `--page <id>`: that page alone, at the root of the folder (a mirror on its own domain shows
 *   it at `/`). A private page is exported only when named this way: the copy has no token check.
 * - Otherwise every public page, each in `<page-id>/`, and at the root an `index.html` listing
 *   them. Private pages are left out (and reported).
 *
 * `baseUrl` is the address the folder will be served at; each page's JSON documents and feeds
 * link to `<baseUrl>` (one page) or `<baseUrl>/<page-id>`. When `server.public_url` is known, a
 * public page's subscribe section links to the live page's form (`<public_url>/status/<id>/subscribe`).
 */
import { escapeHtml } from '../core/html.js';
import { renderLayout, type StatusLang } from './render-html.js';
import { LogoFiles } from './logo-files.js';
import { checkBaseUrl } from './status-links.js';
import { safeSegment, staticFiles } from './static-site.js';
import type { StatusPageDefinition } from './status.schema.js';
import type { PageSnapshot } from './status.types.js';

/** Which pages to export and how. */
export interface ExportSelection {
  /** The page ids, in config order. */
  pageIds: string[];
  /** True when one page was named: its files go at the root of the folder. */
  single: boolean;
  /** Private pages left out. */
  skippedPrivate: string[];
}

/** What the folder's files need besides the snapshots. */
export interface SiteOptions {
  /** The address the folder will be served at, e.g. `https://status-mirror.example.org`. */
  baseUrl: string;
  now: number;
  /** `server.public_url`: the live pages' origin (subscribe links); none: no subscribe section. */
  publicUrl?: string | undefined;
  /** Reads logo files (relative to the config's folder). */
  logos: LogoFiles;
}

const INDEX_TITLE: Readonly<Record<StatusLang, string>> = { en: 'Status pages', fr: 'Pages d’état' };

/**
 * The pages to export: the one named, or every public page.
 * @throws Error naming the unknown page and the known ones, or saying there is no public page.
 */
export function selectPages(pages: readonly StatusPageDefinition[], pageId: string | undefined): ExportSelection {
  if (pageId !== undefined) {
    if (!pages.some((p) => p.id === pageId)) {
      const known = pages.map((p) => p.id);
      throw new Error(`--page: no status page "${pageId}" in the configuration (${known.length > 0 ? `its pages: ${known.join(', ')}` : 'it has no status_pages'})`);
    }
    return { pageIds: [pageId], single: true, skippedPrivate: [] };
  }
  const skippedPrivate = pages.filter((p) => p.private_token !== undefined).map((p) => p.id);
  const pageIds = pages.filter((p) => p.private_token === undefined).map((p) => p.id);
  if (pageIds.length === 0) {
    throw new Error(
      pages.length === 0
        ? 'the configuration has no status_pages to export'
        : `every status page is private (${skippedPrivate.join(', ')}): a static copy cannot check their token; name one with --page <id> to export it anyway`,
    );
  }
  return { pageIds, single: false, skippedPrivate };
}

/** The page's folder in the export (`''` at the root, else `<id>/`). */
function folderOf(selection: ExportSelection, pageId: string): string {
  return selection.single ? '' : `${safeSegment(pageId, 'id')}/`;
}

/** Every file of the export, by path relative to its folder. */
export async function siteFiles(snapshots: ReadonlyMap<string, PageSnapshot>, selection: ExportSelection, opts: SiteOptions): Promise<Map<string, string | Buffer>> {
  const baseUrl = checkBaseUrl(opts.baseUrl, '--base-url');
  const files = new Map<string, string | Buffer>();
  const exported: PageSnapshot[] = [];
  for (const id of selection.pageIds) {
    const snapshot = snapshots.get(id);
    if (!snapshot) continue;
    exported.push(snapshot);
    const page = snapshot.page;
    const folder = folderOf(selection, id);
    const logo = page.logo && !/^https?:\/\//i.test(page.logo) ? await opts.logos.read(page.logo) : undefined;
    const publicUrl = opts.publicUrl?.replace(/\/+$/, '');
    const liveUrl = publicUrl && page.private_token === undefined ? `${publicUrl}/status/${id}` : undefined;
    const pageFiles = staticFiles(snapshot, { baseUrl: selection.single ? baseUrl : `${baseUrl}/${id}`, now: opts.now, liveUrl, logo });
    for (const [path, body] of pageFiles) files.set(`${folder}${path}`, body);
  }
  if (!selection.single && exported.length > 0) files.set('index.html', indexPage(exported));
  return files;
}

/** The root page of a several-page export: a list of the pages, in the first page's first language. */
function indexPage(snapshots: readonly PageSnapshot[]): string {
  const lang = snapshots[0]!.page.languages[0] ?? 'en';
  const items = snapshots.map((s) => `<li><a href="${escapeHtml(`${s.page.id}/`)}">${escapeHtml(s.page.title[lang])}</a></li>`).join('');
  return renderLayout({
    lang,
    title: INDEX_TITLE[lang],
    heading: INDEX_TITLE[lang],
    links: { basePath: '', lang, theme: 'auto', static: { root: '' } },
    languages: [],
    themeSwitch: false,
    main: `<ul>${items}</ul>`,
  });
}
