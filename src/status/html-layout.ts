/**
 * @module The frame every status page HTML shares (the page itself, and the small pages of
 * errors, private access and subscriptions): an HTML5 document with `lang`, a CSP that allows no
 * script and only this style sheet, a skip link, a header (logo, title, description, language
 * and theme switches), `<main>` and a footer. No script, no external resource except an https
 * logo. Pure: it only assembles strings; every text passed as `string` is escaped here, while
 * `main` and `footer` are HTML the caller built (escaped) itself.
 */
import { escapeHtml } from '../core/html.js';
import { pageHref, resourceHref, type LinkState } from './html-links.js';
import { STATUS_CSS, STATUS_CSS_HASH } from './html-style.js';
import { HTML_TEXTS, type StatusLang, type StatusTheme } from './html-texts.js';

export interface LayoutOptions {
  lang: StatusLang;
  /** The document title (`<title>`). */
  title: string;
  /** The page heading (`<h1>`), e.g. the status page's title. */
  heading: string;
  /** A line under the heading. */
  description?: string | null | undefined;
  /** The status page's `logo` setting: an https URL is used as is, a file is served at `<basePath>/logo`. */
  logo?: string | null | undefined;
  /** Where the page lives; its lang, theme and token are kept in the switches' links. */
  links: LinkState;
  /** Languages offered by the switch (no switch with fewer than two). */
  languages: readonly StatusLang[];
  /** Show the theme switch (default true). */
  themeSwitch?: boolean | undefined;
  /** The content of `<main>`, already escaped HTML. */
  main: string;
  /** The content of the footer, already escaped HTML (default: "Powered by Vigie"). */
  footer?: string | undefined;
  /** Extra `<head>` elements, already escaped HTML (feed links…). */
  head?: string | undefined;
  /** Ask search engines not to index the page (private pages, message pages). */
  noindex?: boolean | undefined;
}

/** The `<img>` source of a logo setting, or null when there is none. */
export function logoSrc(logo: string | null | undefined, links: Pick<LinkState, 'basePath' | 'token' | 'static'>): string | null {
  if (!logo) return null;
  return /^https:\/\//i.test(logo) ? logo : resourceHref(links, 'logo');
}

function languageSwitch(o: LayoutOptions): string {
  if (o.languages.length < 2) return '';
  const t = HTML_TEXTS[o.lang];
  const items = o.languages.map((l) => {
    const current = l === o.lang ? ' aria-current="true"' : '';
    return `<li><a href="${escapeHtml(pageHref(o.links, { lang: l }))}" lang="${l}" hreflang="${l}"${current}>${escapeHtml(HTML_TEXTS[l].langName)}</a></li>`;
  });
  return `<nav aria-label="${escapeHtml(t.languageNav)}"><ul>${items.join('')}</ul></nav>`;
}

function themeSwitch(o: LayoutOptions): string {
  if (o.themeSwitch === false) return '';
  const t = HTML_TEXTS[o.lang];
  const themes: StatusTheme[] = ['auto', 'light', 'dark'];
  const items = themes.map((theme) => {
    const current = theme === o.links.theme ? ' aria-current="true"' : '';
    return `<li><a href="${escapeHtml(pageHref(o.links, { theme }))}"${current}>${escapeHtml(t.themes[theme])}</a></li>`;
  });
  return `<nav aria-label="${escapeHtml(t.themeNav)}"><ul>${items.join('')}</ul></nav>`;
}

function header(o: LayoutOptions): string {
  const src = logoSrc(o.logo, o.links);
  // The logo sits beside the title, which names it: decorative (alt="") so the title is not read twice.
  const logo = src ? `<img src="${escapeHtml(src)}" alt="">` : '';
  const description = o.description ? `<p class="desc">${escapeHtml(o.description)}</p>` : '';
  const switches = `${languageSwitch(o)}${themeSwitch(o)}`;
  return `<header class="top"><div class="wrap"><div class="brand">${logo}<h1>${escapeHtml(o.heading)}</h1></div>${description}${switches ? `<div class="switches">${switches}</div>` : ''}</div></header>`;
}

/** The whole HTML document. */
export function renderLayout(o: LayoutOptions): string {
  const t = HTML_TEXTS[o.lang];
  const themeClass = o.links.theme === 'auto' ? '' : ` class="theme-${o.links.theme}"`;
  const csp = `default-src 'none'; style-src ${STATUS_CSS_HASH}; img-src 'self' https: data:; form-action 'self'; base-uri 'none'`;
  const meta = [
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">`,
    `<meta name="color-scheme" content="${o.links.theme === 'auto' ? 'light dark' : o.links.theme}">`,
    o.noindex || o.links.token ? '<meta name="robots" content="noindex, nofollow">' : '',
    o.links.token ? '<meta name="referrer" content="no-referrer">' : '',
  ].join('');
  const footer = o.footer ?? `<p>${escapeHtml(t.poweredBy)}</p>`;
  return [
    `<!doctype html>`,
    `<html lang="${o.lang}"${themeClass}>`,
    `<head>${meta}<title>${escapeHtml(o.title)}</title>${o.head ?? ''}<style>${STATUS_CSS}</style></head>`,
    `<body>`,
    `<a class="skip" href="#main">${escapeHtml(t.skip)}</a>`,
    header(o),
    `<main id="main" tabindex="-1"><div class="wrap">${o.main}</div></main>`,
    `<footer class="bottom"><div class="wrap">${footer}</div></footer>`,
    `</body>`,
    `</html>`,
    '',
  ].join('\n');
}
