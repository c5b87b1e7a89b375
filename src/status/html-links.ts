/**
 * @module The links the status page writes to itself and to its resources: the page with
 * `?lang=`, `?theme=`, `?page=` (a forced theme and a private page's token are kept in every link),
 * and `<basePath>/<resource>` for the feeds, JSON, logo and subscribe form. Values are
 * URL-encoded here; callers escape the result for HTML.
 *
 * A static export (`static-site.ts`) cannot read query strings: with {@link LinkState.static}
 * set, links are relative file paths instead — the language to `<lang>/`, history page N to
 * `<lang>/history/N/`, resources to their files — and the theme is not part of any link.
 */
import type { StatusLang, StatusTheme } from './html-texts.js';

/** What every link of a page carries over. */
export interface LinkState {
  /** Where the page is served: `/status/public`, or `''` at a host's root. */
  basePath: string;
  lang: StatusLang;
  theme: StatusTheme;
  /** A private page's token. */
  token?: string | undefined;
  /** Set when the page is written as static files: links are relative paths (see {@link StaticLinks}). */
  static?: StaticLinks | undefined;
}

/** How a page written as static files links to the others. */
export interface StaticLinks {
  /** The relative path from the file being written to the page's folder: `''`, `'../'`, `'../../../'`. */
  root: string;
  /** The logo's file name in the page's folder (`logo.png`), when it has a logo file. */
  logo?: string | undefined;
}

/** The static file of the page in `lang` at history page `page`, relative to the page's folder. */
export function staticPagePath(lang: StatusLang, page = 1): string {
  return page > 1 ? `${lang}/history/${page}/` : `${lang}/`;
}

function query(pairs: ReadonlyArray<readonly [string, string | number | undefined]>): string {
  const parts = pairs.filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`);
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

/** The page itself, with the language, theme and history page given (or the current ones). */
export function pageHref(state: LinkState, change: { lang?: StatusLang; theme?: StatusTheme; page?: number; hash?: string } = {}): string {
  if (state.static) return `${state.static.root}${staticPagePath(change.lang ?? state.lang, change.page)}${change.hash ? `#${change.hash}` : ''}`;
  const theme = change.theme ?? state.theme;
  const page = change.page !== undefined && change.page > 1 ? change.page : undefined;
  const q = query([
    ['lang', change.lang ?? state.lang],
    ['theme', theme === 'auto' && change.theme === undefined ? undefined : theme],
    ['page', page],
    ['token', state.token],
  ]);
  return `${state.basePath || '/'}${q}${change.hash ? `#${change.hash}` : ''}`;
}

/** A resource of the page (`history.rss`, `api/v2/summary.json`, `logo`, `subscribe`), with the token when private. */
export function resourceHref(state: Pick<LinkState, 'basePath' | 'token' | 'static'>, path: string): string {
  if (state.static) return `${state.static.root}${path === 'logo' ? (state.static.logo ?? path) : path}`;
  return `${state.basePath}/${path}${query([['token', state.token]])}`;
}
