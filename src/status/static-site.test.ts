import { describe, expect, it } from 'vitest';
import { FIXTURE_NOW, fixtureSnapshot } from '../../test/helpers/status-html-fixture.js';
import type { LogoFile } from './logo-files.js';
import { renderStatusPage } from './render-html.js';
import { JSON_DOCUMENTS } from './status-documents.js';
import { staticFiles, type StaticPageOptions } from './static-site.js';
import { statuspageId } from './statuspage-format.js';
import type { PageSnapshot } from './status.types.js';

const BASE = 'https://status-mirror.example.org';

function files(snapshot: PageSnapshot = fixtureSnapshot(), change: Partial<StaticPageOptions> = {}): Map<string, string | Buffer> {
  return staticFiles(snapshot, { baseUrl: BASE, now: FIXTURE_NOW, ...change });
}

function text(map: Map<string, string | Buffer>, path: string): string {
  const body = map.get(path);
  if (body === undefined) throw new Error(`no file ${path}; files: ${[...map.keys()].join(', ')}`);
  return body.toString();
}

/** The file a relative link of `from` opens on a static host (`dir/` is `dir/index.html`), and its anchor. */
function target(from: string, href: string): { path: string; hash: string } {
  const url = new URL(href, `http://mirror.test/${from}`);
  const path = decodeURIComponent(url.pathname.slice(1));
  return { path: path === '' || path.endsWith('/') ? `${path}index.html` : path, hash: url.hash.slice(1) };
}

const links = (html: string) => [...html.matchAll(/\s(?:href|src|action)="([^"]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));

describe('staticFiles', () => {
  it('writes the page in each language and history page, the 8 JSON documents, the feeds and a badge per component', () => {
    const snapshot = fixtureSnapshot();
    const out = files(snapshot);
    const expected = [
      'index.html',
      ...['fr', 'en'].flatMap((l) => [`${l}/index.html`, `${l}/history/2/index.html`, `${l}/history/3/index.html`]),
      ...Object.keys(JSON_DOCUMENTS),
      'history.rss',
      'history.atom',
      'badge.svg',
      ...snapshot.components.flatMap((c) => [`badge/${c.id}.svg`, `badge/${statuspageId('component', 'public', c.id)}.svg`]),
    ];
    expect([...out.keys()].sort()).toEqual([...expected].sort());
    expect(Object.keys(JSON_DOCUMENTS)).toHaveLength(8);
    expect(text(out, 'index.html')).toMatch(/^<!doctype html>\n<html lang="fr">/);
    expect(text(out, 'en/index.html')).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(text(out, 'en/history/2/index.html')).toContain('Page 2 of 3');
    expect(text(out, 'fr/history/3/index.html')).toContain('Page 3 sur 3');
  });

  it('links every page, language, history page and resource to a file of the export, with anchors that exist', () => {
    const out = files();
    let checked = 0;
    for (const [path, body] of out) {
      if (!path.endsWith('.html')) continue;
      for (const href of links(body.toString())) {
        if (/^https?:/.test(href)) continue;
        expect(href, `${path}: ${href}`).not.toMatch(/^\/|\?/);
        const { path: file, hash } = target(path, href);
        expect(out.has(file), `${path} links to ${href}, which is no file of the export`).toBe(true);
        if (hash && file.endsWith('.html')) expect(text(out, file), `${path}: ${href}`).toContain(`id="${hash}"`);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
    // The switch leads to the other language, the pager to the next history page in the same language.
    expect(links(text(out, 'fr/history/2/index.html'))).toEqual(expect.arrayContaining(['../../../en/', '../../../fr/#history', '../../../fr/history/3/#history', '../../../api/v2/summary.json']));
    expect(links(text(out, 'index.html'))).toEqual(expect.arrayContaining(['en/', 'fr/history/2/#history', 'history.rss']));
  });

  it('has no theme switch and no query-string link, and is otherwise the live page', () => {
    const snapshot = fixtureSnapshot();
    const html = text(files(snapshot), 'en/index.html');
    expect(html).not.toContain('aria-label="Theme"');
    expect(html).not.toMatch(/(?:href|src|action)="[^"]*\?/);
    expect(html).toContain('<meta name="color-scheme" content="light dark">');
    const live = renderStatusPage(snapshot, { lang: 'en', languages: ['fr', 'en'], basePath: '/status/public', baseUrl: 'https://vigie.example.org/status/public', now: FIXTURE_NOW });
    const withoutLinks = (h: string) =>
      h
        .replace(/\s(href|src|action)="[^"]*"/g, ' $1')
        .replace(/<nav aria-label="Theme">.*?<\/nav>/, '')
        .replace(/<section aria-labelledby="subscribe">.*?<\/section>/, '')
        .replace(/<footer class="bottom"><div class="wrap"><p>.*?<\/p>/, '');
    expect(withoutLinks(html)).toBe(withoutLinks(live));
    // The time of the data, without "N minutes ago", which would be wrong by the time the file is read.
    expect(html).toContain('<footer class="bottom"><div class="wrap"><p>Last updated: <time datetime="2026-06-02T11:57:00.000Z">');
    expect(text(files(snapshot), 'fr/index.html')).toContain('<footer class="bottom"><div class="wrap"><p>Mis à jour : <time');
    expect(live).toMatch(/Last updated [^<]*ago/);
    expect(html).not.toMatch(/Last updated [^<]*ago/);
  });

  it('links subscriptions to the live page when its address is known, and leaves them out otherwise', () => {
    const without = files();
    for (const path of ['index.html', 'en/index.html']) {
      expect(text(without, path)).not.toContain('<form');
      expect(text(without, path)).not.toContain('id="subscribe"');
    }
    const withLive = files(fixtureSnapshot(), { liveUrl: 'https://vigie.example.org/status/public/' });
    const french = text(withLive, 'fr/index.html');
    expect(french).not.toContain('<form');
    expect(french).toContain('<a href="https://vigie.example.org/status/public/subscribe?lang=fr">S’abonner</a>');
    expect(text(withLive, 'en/index.html')).toContain('<a href="https://vigie.example.org/status/public/subscribe?lang=en">Subscribe</a>');
  });

  it('writes the JSON documents and feeds for the base URL given, in the first language', () => {
    const out = files();
    const summary = JSON.parse(text(out, 'api/v2/summary.json')) as { page: { url: string; name: string } };
    expect(summary.page).toMatchObject({ url: BASE, name: 'État des services' });
    expect(text(out, 'history.atom')).toContain(`<link rel="self" href="${BASE}/history.atom"/>`);
    expect(text(out, 'badge.svg')).toMatch(/^<svg/);
  });

  it('copies a logo file under its type, links an https logo as is, and leaves out one that could not be read', () => {
    const snapshot = fixtureSnapshot();
    const svg: LogoFile = { body: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), contentType: 'image/svg+xml', etag: '"x"' };
    const withFile = files({ ...snapshot, page: { ...snapshot.page, logo: 'brand/logo.svg' } }, { logo: svg });
    expect(withFile.get('logo.svg')).toEqual(svg.body);
    expect(text(withFile, 'index.html')).toContain('<img src="logo.svg" alt="">');
    expect(text(withFile, 'en/history/2/index.html')).toContain('<img src="../../../logo.svg" alt="">');
    const unreadable = files({ ...snapshot, page: { ...snapshot.page, logo: 'brand/missing.svg' } });
    expect(text(unreadable, 'index.html')).not.toContain('<img');
    const remote = files({ ...snapshot, page: { ...snapshot.page, logo: 'https://cdn.example.org/logo.png' } });
    expect(text(remote, 'index.html')).toContain('<img src="https://cdn.example.org/logo.png" alt="">');
  });

  it('shows the stale notice of a stale snapshot', () => {
    const stale = fixtureSnapshot({ stale: { since: FIXTURE_NOW - 60_000, error: 'x' } });
    expect(text(files(stale), 'en/index.html')).toContain('Vigie cannot reach its database');
  });

  it('refuses a base URL that is not an absolute http(s) URL', () => {
    expect(() => files(fixtureSnapshot(), { baseUrl: 'status-mirror.example.org' })).toThrow(/static files of status page "public": ctx.baseUrl must be an absolute http\(s\) URL/);
  });
});
