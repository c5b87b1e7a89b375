/**
 * @module Tests of the RSS and Atom feeds: the XML is read back by a small strict reader (well
 * formed, one root, entities and CDATA decoded), then its entries are checked: what users wrote
 * with `<`, `&` or `]]>` comes back as they wrote it, never as markup; the language, the links to
 * the page, the order and the stale notice.
 */
import { describe, expect, it } from 'vitest';
import { both, componentSnapshot, pageSnapshot, publicIncident, publicMaintenance, publicUpdate } from '../../test/helpers/status-snapshot-fixture.js';
import type { PageSnapshot, RenderContext } from './status.types.js';
import { atomFeed, FEED_ENTRY_LIMIT, rssFeed } from './feeds.js';
import { xmlSafe } from './xml-text.js';

interface Element {
  name: string;
  attrs: Record<string, string>;
  children: Element[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string, where: string): string {
  if (/<|&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(raw)) throw new Error(`XML: unescaped < or & in ${where}: ${raw.slice(0, 60)}`);
  return raw.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (_, e: string) => (e.startsWith('#x') ? String.fromCodePoint(parseInt(e.slice(2), 16)) : e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1))) : ENTITIES[e]!));
}

/** A strict reader for the XML the feeds write: throws on anything not well formed. */
function parseXml(xml: string): Element {
  let i = 0;
  const root: Element = { name: '#document', attrs: {}, children: [], text: '' };
  const stack: Element[] = [root];
  const top = () => stack[stack.length - 1]!;
  if (xml.startsWith('<?xml')) i = xml.indexOf('?>') + 2;
  while (i < xml.length) {
    if (xml.startsWith('<![CDATA[', i)) {
      const end = xml.indexOf(']]>', i);
      if (end < 0) throw new Error('XML: unterminated CDATA');
      top().text += xml.slice(i + 9, end);
      i = end + 3;
    } else if (xml.startsWith('</', i)) {
      const end = xml.indexOf('>', i);
      const name = xml.slice(i + 2, end).trim();
      const open = stack.pop();
      if (!open || open.name !== name) throw new Error(`XML: </${name}> closes <${open?.name}>`);
      i = end + 1;
    } else if (xml[i] === '<') {
      const m = /^<([\w:.-]+)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>/.exec(xml.slice(i));
      if (!m) throw new Error(`XML: bad tag at ${xml.slice(i, i + 40)}`);
      const attrs: Record<string, string> = {};
      for (const a of m[2]!.matchAll(/([\w:.-]+)="([^"]*)"/g)) attrs[a[1]!] = decode(a[2]!, `attribute ${a[1]}`);
      const el: Element = { name: m[1]!, attrs, children: [], text: '' };
      if (top() === root && root.children.length > 0) throw new Error('XML: more than one root element');
      top().children.push(el);
      if (!m[3]) stack.push(el);
      i += m[0].length;
    } else {
      const next = xml.indexOf('<', i);
      const raw = xml.slice(i, next < 0 ? xml.length : next);
      const text = decode(raw, `<${top().name}>`);
      if (top() === root && text.trim()) throw new Error('XML: text outside the root element');
      top().text += text;
      i = next < 0 ? xml.length : next;
    }
  }
  if (stack.length !== 1) throw new Error(`XML: <${top().name}> is not closed`);
  return root.children[0]!;
}

const child = (el: Element, name: string) => el.children.find((c) => c.name === name);
const all = (el: Element, name: string) => el.children.filter((c) => c.name === name);
/** HTML text as a reader shows it: tags dropped, entities decoded. */
const htmlText = (html: string) => html.replace(/<br>/g, '\n').replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

const at = (iso: string) => Date.parse(iso);
const ctx: RenderContext = { lang: 'en', baseUrl: 'https://status.example.org', now: at('2026-05-14T12:00:00Z') };
const hostile = 'Database <primary> & "replica" ]]> down';

function state(): PageSnapshot {
  return pageSnapshot({
    updatedAt: at('2026-05-14T09:40:00Z'),
    components: [componentSnapshot({ id: 'service-web', name: { en: 'Website <main>', fr: 'Site web <principal>' } })],
    incidents: [
      publicIncident({
        id: 12,
        title: { en: hostile, fr: `${hostile} (fr)` },
        status: 'identified',
        createdAt: at('2026-05-14T09:00:00Z'),
        updatedAt: at('2026-05-14T09:30:00Z'),
        componentIds: ['service-web'],
        updates: [
          publicUpdate({ id: 1, at: at('2026-05-14T09:05:00Z'), status: 'investigating', text: { en: 'We are looking & <b>checking</b>\nline two', fr: 'Nous cherchons & <b>vérifions</b>' } }),
          publicUpdate({ id: 2, at: at('2026-05-14T09:30:00Z'), status: 'identified', text: { en: 'Cause found: a ]]> in a <config>', fr: 'Cause trouvée' } }),
        ],
      }),
    ],
    history: [publicIncident({ id: 9, title: both('Old outage'), status: 'resolved', createdAt: at('2026-05-01T08:00:00Z'), updatedAt: at('2026-05-01T09:00:00Z'), resolvedAt: at('2026-05-01T09:00:00Z') })],
    maintenances: [publicMaintenance({ id: 'db upgrade:1', title: both('Database upgrade'), description: both('Reads only for 1 h'), scheduledFor: at('2026-05-20T22:00:00Z'), scheduledUntil: at('2026-05-20T23:00:00Z'), componentIds: ['service-web'] })],
  });
}

describe('rssFeed', () => {
  const rss = parseXml(rssFeed(state(), ctx));
  const channel = child(rss, 'channel')!;
  const items = all(channel, 'item');

  it('is well-formed RSS 2.0 in the requested language, linking to the page and to itself', () => {
    expect(rss.name).toBe('rss');
    expect(rss.attrs['version']).toBe('2.0');
    expect(child(channel, 'language')!.text).toBe('en');
    expect(child(channel, 'link')!.text).toBe('https://status.example.org/');
    expect(child(channel, 'title')!.text).toBe('Example status — incident history');
    expect(child(channel, 'atom:link')!.attrs['href']).toBe('https://status.example.org/history.rss');
  });

  it('lists the maintenance and the incidents, latest change first, each linking to its page', () => {
    expect(items.map((i) => child(i, 'link')!.text)).toEqual(['https://status.example.org/#maintenance', 'https://status.example.org/#incident-12', 'https://status.example.org/#incident-9']);
    expect(items.map((i) => child(i, 'guid')!.text)).toEqual(['urn:vigie:status:public:maintenance:db%20upgrade%3A1', 'urn:vigie:status:public:incident:12', 'urn:vigie:status:public:incident:9']);
  });

  it('keeps <, & and ]]> in titles and bodies as text, never as markup', () => {
    const incident = items[1]!;
    expect(child(incident, 'title')!.text).toBe(hostile);
    const html = child(incident, 'description')!.text;
    expect(html).not.toContain('<primary>');
    expect(html).not.toContain('<config>');
    expect(html).not.toContain('<b>checking');
    expect(html).toContain('&lt;b&gt;checking&lt;/b&gt;');
    expect(htmlText(html)).toContain('Cause found: a ]]> in a <config>');
    expect(htmlText(html)).toContain('We are looking & <b>checking</b>\nline two');
    expect(htmlText(html)).toContain('Affected components: Website <main>');
  });

  it('writes the updates newest first with their status, and the time in the page zone', () => {
    const text = htmlText(child(items[1]!, 'description')!.text);
    expect(text.indexOf('Identified - Cause found')).toBeGreaterThan(-1);
    expect(text.indexOf('Identified - Cause found')).toBeLessThan(text.indexOf('Investigating - We are looking'));
    expect(text).toContain('14 May 2026 at 11:30 CEST\nIdentified');
  });

  it('is the same text for the same snapshot (cacheable, ETag-friendly)', () => {
    expect(rssFeed(state(), ctx)).toBe(rssFeed(state(), ctx));
  });
});

describe('atomFeed', () => {
  const feed = parseXml(atomFeed(state(), { ...ctx, lang: 'fr' }));
  const entries = all(feed, 'entry');

  it('is well-formed Atom 1.0 with an author, in French, linking to the page and to itself', () => {
    expect(feed.name).toBe('feed');
    expect(feed.attrs['xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect(child(feed, 'title')!.text).toBe('État des services — historique des incidents');
    expect(child(feed, 'id')!.text).toBe('urn:vigie:status:public:history:fr');
    expect(child(child(feed, 'author')!, 'name')!.text).toBe('État des services');
    expect(all(feed, 'link').map((l) => [l.attrs['rel'], l.attrs['href']])).toEqual([
      ['alternate', 'https://status.example.org/'],
      ['self', 'https://status.example.org/history.atom'],
    ]);
    expect(child(feed, 'updated')!.text).toBe('2026-05-14T09:40:00.000Z');
  });

  it('escapes titles as HTML, since Atom titles are type="html"', () => {
    const title = child(entries[1]!, 'title')!;
    expect(title.attrs['type']).toBe('html');
    expect(title.text).not.toContain('<primary>');
    expect(htmlText(title.text)).toBe(`${hostile} (fr)`);
    expect(htmlText(child(entries[0]!, 'title')!.text)).toBe('Maintenance programmée : Database upgrade (fr)');
  });

  it('writes French statuses, dates and the maintenance window', () => {
    const incident = htmlText(child(entries[1]!, 'content')!.text);
    expect(incident).toContain('Cause identifiée - Cause trouvée');
    expect(incident).toContain('Recherche en cours - Nous cherchons & <b>vérifions</b>');
    expect(incident).toContain('Composants concernés : Site web <principal>');
    const maintenance = htmlText(child(entries[0]!, 'content')!.text);
    expect(maintenance).toContain('Prévue du 21 mai 2026');
    expect(maintenance).toContain('Programmée - Reads only for 1 h (fr)');
    expect(child(entries[1]!, 'published')!.text).toBe('2026-05-14T09:00:00.000Z');
  });
});

describe('feed limits and notices', () => {
  it(`keeps the ${FEED_ENTRY_LIMIT} newest entries`, () => {
    const history = Array.from({ length: FEED_ENTRY_LIMIT + 10 }, (_, i) => publicIncident({ id: i + 1, status: 'resolved', createdAt: at('2026-01-01T00:00:00Z') + i * 86_400_000 }));
    const items = all(child(parseXml(rssFeed(pageSnapshot({ history }), ctx)), 'channel')!, 'item');
    expect(items).toHaveLength(FEED_ENTRY_LIMIT);
    expect(child(items[0]!, 'link')!.text).toBe(`https://status.example.org/#incident-${FEED_ENTRY_LIMIT + 10}`);
  });

  it('an incident without a public update says its state; a stale snapshot says it is the last known state', () => {
    const snapshot = pageSnapshot({ stale: { since: at('2026-05-14T08:00:00Z'), error: 'SQLITE_CANTOPEN' }, incidents: [publicIncident({ id: 3, status: 'investigating', createdAt: at('2026-05-14T07:00:00Z') })] });
    const channel = child(parseXml(rssFeed(snapshot, ctx)), 'channel')!;
    expect(htmlText(child(all(channel, 'item')[0]!, 'description')!.text)).toBe('14 May 2026 at 09:00 CEST\nInvestigating');
    expect(child(channel, 'description')!.text).toContain('this is the last known state');
    expect(child(channel, 'description')!.text).not.toContain('SQLITE');
  });

  it('drops characters XML cannot carry instead of writing a broken document', () => {
    expect(xmlSafe('a\u0000b\u0008c\td\ne\uD800f\u{1F600}')).toBe('abc\td\ne' + 'f\u{1F600}');
    const snapshot = pageSnapshot({ incidents: [publicIncident({ id: 4, title: both('bell\u0007 here'), createdAt: at('2026-05-14T07:00:00Z') })] });
    expect(() => parseXml(atomFeed(snapshot, ctx))).not.toThrow();
    expect(() => parseXml(rssFeed(snapshot, ctx))).not.toThrow();
  });

  it('the reader used here rejects what is not well formed', () => {
    expect(() => parseXml('<a><b></a>')).toThrow('</a> closes <b>');
    expect(() => parseXml('<a>x & y</a>')).toThrow('unescaped < or &');
    expect(() => parseXml('<a></a><b></b>')).toThrow('more than one root');
  });

  it('rejects a context it cannot write links for', () => {
    expect(() => rssFeed(pageSnapshot(), { ...ctx, baseUrl: '/status' })).toThrow('rssFeed(): ctx.baseUrl must be an absolute http(s) URL');
    expect(() => atomFeed(pageSnapshot(), { ...ctx, lang: 'es' as 'en' })).toThrow('atomFeed(): ctx.lang must be "en" or "fr", got "es"');
  });
});
