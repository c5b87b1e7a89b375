import { describe, expect, it } from 'vitest';
import { FIXTURE_NOW, fixtureSnapshot } from '../../test/helpers/status-html-fixture.js';
import { HISTORY_PER_PAGE, historyPageCount, renderMessagePage, renderStatusPage, type StatusPageOptions } from './render-html.js';
import type { PageSnapshot } from './status.types.js';

const MINUTE = 60_000;

function render(snapshot: PageSnapshot = fixtureSnapshot(), change: Partial<StatusPageOptions> = {}): string {
  return renderStatusPage(snapshot, { lang: 'en', languages: ['fr', 'en'], basePath: '/status/public', baseUrl: 'https://status.example.org/status/public', now: FIXTURE_NOW, ...change });
}

/** The text of the document with tags removed and the entities this renderer writes decoded. */
function text(html: string): string {
  return html
    .replace(/<style>[\s\S]*?<\/style>/g, '')
    .replace(/<\/?(?:p|li|h\d|div|section|article|td|th|tr|title|summary|nav|ul|ol|header|footer|main|label|option|legend|table|caption)\b[^>]*>/g, ' ')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

function withComponentName(name: string): PageSnapshot {
  const snapshot = fixtureSnapshot();
  return { ...snapshot, components: snapshot.components.map((c, i) => (i === 0 ? { ...c, name: { en: name, fr: name } } : c)) };
}

describe('renderStatusPage', () => {
  it('writes hostile names as inert text, in content and in attributes', () => {
    const hostile = '<script>alert(1)</script>"><img src=x onerror=alert(2)>';
    const snapshot = withComponentName(hostile);
    snapshot.page = { ...snapshot.page, title: { en: `Status "${hostile}`, fr: 'x' } };
    snapshot.incidents[0]!.updates[0]!.text = { en: '</p><script>steal()</script>', fr: 'x' };
    const html = render(snapshot, { subscribe: { email: true, webhooks: false } });
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img src=x/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(html).toContain('&lt;/p&gt;&lt;script&gt;steal()&lt;/script&gt;');
    // The name is read back as the very text it was, e.g. in the subscribe checkbox label.
    expect(text(html)).toContain(hostile);
  });

  it('has no script element and loads nothing from elsewhere', () => {
    for (const lang of ['en', 'fr'] as const) {
      const html = render(fixtureSnapshot(), { lang, subscribe: { email: true, webhooks: true } });
      expect(html).not.toMatch(/<script|javascript:|\son[a-z]+=/i);
      const sources = [...html.matchAll(/\s(?:src|href|action)="([^"]*)"/g)].map((m) => m[1]!);
      expect(sources.length).toBeGreaterThan(10);
      // Only the page's own paths, in-page anchors, and the absolute feed links in <head>.
      for (const url of sources) expect(url).toMatch(/^(\/status\/public(\/|\?|$)|#|https:\/\/status\.example\.org\/status\/public\/history\.)/);
      expect(html).toContain('Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;sha256-');
    }
  });

  it('is a complete document in the language asked, with landmarks and headings in order', () => {
    const en = render();
    const fr = render(fixtureSnapshot(), { lang: 'fr' });
    expect(en).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(fr).toMatch(/^<!doctype html>\n<html lang="fr">/);
    for (const html of [en, fr]) {
      for (const tag of ['<header', '<main', '<footer', '<nav', '<title>']) expect(html).toContain(tag);
      const levels = [...html.matchAll(/<h([1-6])[\s>]/g)].map((m) => Number(m[1]));
      expect(levels[0]).toBe(1);
      expect(levels.filter((l) => l === 1)).toHaveLength(1);
      levels.forEach((level, i) => i > 0 && expect(level - levels[i - 1]!).toBeLessThanOrEqual(1));
    }
    expect(text(en)).toContain('Major outage');
    expect(text(en)).toContain('Degraded performance');
    expect(text(en)).toContain('Under maintenance');
    expect(text(en)).toContain('Skip to content');
    expect(text(fr)).toContain('Panne majeure');
    expect(text(fr)).toContain('Performances dégradées');
    expect(text(fr)).toContain('Panne partielle');
    expect(text(fr)).toContain('En maintenance');
    expect(text(fr)).toContain('Aller au contenu');
    expect(text(fr)).not.toContain('Major outage');
  });

  it('names the state of every component in words next to its icon', () => {
    const body = text(render());
    expect(body).toMatch(/Emergency calls Major outage/);
    expect(body).toMatch(/Text messages Degraded performance/);
    expect(body).toMatch(/Website Operational/);
    expect(body).toMatch(/Public API Partial outage/);
    expect(body).toMatch(/Mail Under maintenance/);
    expect(body).toContain('Telephony');
  });

  it('gives the uptime bars as text (a summary sentence and a table of the outage days), drawing each run of same-class days as one rectangle', () => {
    const html = render();
    expect(html).toMatch(/<th scope="row">31 May 2026<\/th><td>97.22%<\/td><td>40 min major outage<\/td>/);
    expect(render(fixtureSnapshot(), { lang: 'fr' })).toMatch(/<th scope="row">31 mai 2026<\/th><td>97,22\s%<\/td><td>40 min de panne majeure<\/td>/);
    const svg = /<svg class="bars"[^>]*>(.*?)<\/svg>/.exec(html)![1]!;
    expect(svg).not.toContain('<title>');
    const widths = [...svg.matchAll(/x="(\d+)"[^>]*width="(\d+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(widths.length).toBeLessThan(90);
    expect(widths.reduce((end, [x, w]) => (expect(x).toBe(end), x! + w! + 1), 0)).toBe(90 * 5);
    expect(text(html)).toMatch(/\d+(\.\d+)?% available over the last 90 days/);
    expect(text(html)).toContain('5 days without data.');
  });

  it('shows open incidents with updates newest first, times in the page zone with the zone named', () => {
    const body = text(render());
    expect(body).toContain('Emergency calls fail in the south');
    expect(body).toContain('Started 2 June 2026 at 12:25 CEST');
    expect(body.indexOf('The cause is a failed link.')).toBeLessThan(body.indexOf('We are investigating failed calls.'));
    expect(body).toContain('Identified — 2 June 2026 at 13:10 CEST');
    expect(body).toContain('Times are shown in the Europe/Paris time zone.');
    expect(text(render(fixtureSnapshot(), { lang: 'fr' }))).toContain('Cause identifiée — 2 juin 2026 à 13:10 UTC+2');
  });

  it('marks an incident whose last public update is older than the interval', () => {
    expect(text(render())).toContain('No public update for 50 min.');
    expect(text(render(fixtureSnapshot(), { lang: 'fr' }))).toContain('Aucune information publique depuis 50 min.');
    expect(text(render(fixtureSnapshot(), { now: FIXTURE_NOW + 40 * MINUTE }))).toContain('No public update for 1 h 30 min.');
    const snapshot = fixtureSnapshot();
    snapshot.incidents[0] = { ...snapshot.incidents[0]!, updateOverdue: false };
    expect(render(snapshot)).not.toContain('class="overdue"');
  });

  it('says when the data is stale, with the time of the state shown', () => {
    expect(render()).not.toContain('class="notice"');
    const stale = fixtureSnapshot({ stale: { since: FIXTURE_NOW - MINUTE, error: 'connect ECONNREFUSED 127.0.0.1:5432' } });
    expect(text(render(stale))).toContain('Vigie cannot reach its database: this page shows the state of 13:57 CEST.');
    expect(text(render(stale, { lang: 'fr' }))).toContain('Vigie ne peut pas joindre sa base de données : cette page montre l’état de 13:57 UTC+2.');
    // The error is internal: never on the page.
    expect(render(stale)).not.toContain('ECONNREFUSED');
    // A state from another day carries its date.
    expect(text(render(stale, { now: FIXTURE_NOW + 86_400_000 }))).toContain('the state of 2 June 2026 at 13:57 CEST.');
  });

  it('lists scheduled maintenance with its window', () => {
    const body = text(render());
    expect(body).toContain('Mail server upgrade In progress · From 2 June 2026 at 13:30 CEST to 2 June 2026 at 15:30 CEST');
    expect(body).toContain('Website move Scheduled');
  });

  it('pages the history 10 at a time with previous and next links that keep the language, theme and token', () => {
    const snapshot = fixtureSnapshot();
    expect(historyPageCount(snapshot.history.length)).toBe(3);
    const first = render(snapshot);
    expect(text(first)).toContain('Past incident number 1 ');
    expect(text(first)).toContain('Past incident number 10 ');
    expect(text(first)).not.toContain('Past incident number 11 ');
    expect(first).not.toContain('rel="prev"');
    expect(first).toContain('<a rel="next" href="/status/public?lang=en&amp;page=2#history">');
    expect(text(first)).toContain('Page 1 of 3');

    const second = render(snapshot, { historyPage: 2, theme: 'dark', token: 'tok/en+secret&x' });
    expect(text(second)).toContain('Past incident number 11 ');
    expect(text(second)).not.toContain('Past incident number 10 ');
    expect(second).toContain('<a rel="prev" href="/status/public?lang=en&amp;theme=dark&amp;token=tok%2Fen%2Bsecret%26x#history">');
    expect(second).toContain('<a rel="next" href="/status/public?lang=en&amp;theme=dark&amp;page=3&amp;token=tok%2Fen%2Bsecret%26x#history">');

    const beyond = render(snapshot, { historyPage: 99 });
    expect(text(beyond)).toContain('Page 3 of 3');
    expect(text(beyond)).toContain('Past incident number 23 ');
    expect(beyond.match(/<article class="inc" /g)).toHaveLength(snapshot.history.length - 2 * HISTORY_PER_PAGE);
    expect(beyond).not.toContain('rel="next"');

    const none = render(fixtureSnapshot({ history: [] }));
    expect(text(none)).toContain('No incident in the last 90 days.');
    expect(none).not.toContain('class="pager"');
  });

  it('offers the language and theme switches, and forces a theme with a class', () => {
    const html = render(fixtureSnapshot(), { theme: 'dark' });
    expect(html).toContain('<html lang="en" class="theme-dark">');
    expect(html).toContain('<a href="/status/public?lang=fr&amp;theme=dark" lang="fr" hreflang="fr">Français</a>');
    expect(html).toContain('<a href="/status/public?lang=en&amp;theme=light">Light</a>');
    expect(render()).toContain('<html lang="en">');
    expect(render(fixtureSnapshot(), { languages: ['fr'] })).not.toContain('hreflang');
  });

  it('writes links from the host root when the base path is empty', () => {
    const html = render(fixtureSnapshot(), { basePath: '', subscribe: { email: true, webhooks: false } });
    expect(html).toContain('href="/?lang=fr"');
    expect(html).toContain('href="/history.rss" type="application/rss+xml"');
    expect(html).toContain('href="/api/v2/summary.json"');
    expect(html).toContain('action="/subscribe"');
  });

  it('shows the logo: an https URL as is, a file at <basePath>/logo', () => {
    const snapshot = fixtureSnapshot();
    snapshot.page = { ...snapshot.page, logo: 'https://cdn.example.org/logo.svg' };
    expect(render(snapshot)).toContain('<img src="https://cdn.example.org/logo.svg" alt="">');
    snapshot.page = { ...snapshot.page, logo: '/etc/vigie/logo.png' };
    expect(render(snapshot, { token: 'abc' })).toContain('<img src="/status/public/logo?token=abc" alt="">');
    expect(render(snapshot)).not.toContain('/etc/vigie');
  });

  it('keeps a private page private: token in links, not indexed, no referrer', () => {
    const html = render(fixtureSnapshot(), { token: 'private-token-123456' });
    expect(html).toContain('<meta name="robots" content="noindex, nofollow">');
    expect(html).toContain('<meta name="referrer" content="no-referrer">');
    expect(html).toContain('href="/status/public/history.atom?token=private-token-123456"');
    expect(render()).not.toContain('noindex');
  });

  it('shows the subscribe form only when subscriptions are offered, every field labelled', () => {
    expect(render()).not.toContain('<form');
    const html = render(fixtureSnapshot(), { subscribe: { email: true, webhooks: true }, lang: 'fr' });
    expect(html).toContain('<form class="sub" method="post" action="/status/public/subscribe">');
    expect(html).toContain('<label for="sub-email">Adresse e-mail</label><input type="email" id="sub-email" name="email" required');
    expect(html).toContain('<select id="sub-language" name="language"><option value="fr" lang="fr" selected>Français</option><option value="en" lang="en">English</option></select>');
    expect(html.match(/<label><input type="checkbox" name="components\[\]" value="[a-z]+" id="sub-c-\d" checked>/g)).toHaveLength(5);
    expect(text(html)).toContain('webhook');
    const onlyHooks = render(fixtureSnapshot(), { subscribe: { email: false, webhooks: true } });
    expect(onlyHooks).not.toContain('<form');
  });

  it('says when it was last updated, and links the feeds and the JSON', () => {
    expect(text(render())).toContain('Last updated 3 minutes ago (2 June 2026 at 13:57 CEST).');
    expect(text(render(fixtureSnapshot(), { now: FIXTURE_NOW - 3 * MINUTE + 20_000 }))).toContain('Last updated less than a minute ago');
    expect(text(render(fixtureSnapshot(), { lang: 'fr', now: FIXTURE_NOW + 2 * 60 * MINUTE }))).toContain('Mis à jour il y a 2 heures');
    const html = render();
    expect(html).toContain('<a href="/status/public/history.rss" type="application/rss+xml">RSS</a>');
    expect(html).toContain('<a href="/status/public/api/v2/summary.json" type="application/json">JSON</a>');
    expect(html).toContain('<link rel="alternate" type="application/atom+xml" title="Operator status (Atom)" href="https://status.example.org/status/public/history.atom">');
  });

  it('rejects options a caller got wrong, naming them', () => {
    expect(() => render(fixtureSnapshot(), { basePath: 'status/' })).toThrow(/renderStatusPage: basePath must be '' or start with "\/"/);
    expect(() => render(fixtureSnapshot(), { lang: 'de' as 'en' })).toThrow(/renderStatusPage: lang must be "en" or "fr", got "de"/);
  });
});

describe('renderMessagePage', () => {
  it('renders a small page in the same frame, escaped, without script', () => {
    const html = renderMessagePage({ lang: 'fr', title: 'Lien <invalide>', message: ['Ce lien a expiré.', 'Abonnez-vous <à nouveau>.'], basePath: '/status/public', status: 'error', pageTitle: 'État des services', theme: 'light', token: 't&1' });
    expect(html).toMatch(/^<!doctype html>\n<html lang="fr" class="theme-light">/);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('<h1>État des services</h1>');
    expect(html).toContain('<h2 id="message">Lien &lt;invalide&gt;</h2>');
    expect(html).toContain('<p>Abonnez-vous &lt;à nouveau&gt;.</p>');
    expect(html).toContain('<title>Lien &lt;invalide&gt; — État des services</title>');
    expect(html).toContain('<a href="/status/public?lang=fr&amp;theme=light&amp;token=t%261">Retour à la page d’état</a>');
    expect(html).toContain('noindex');
    expect(html).toContain('<main id="main"');
    expect(html).toContain('<footer');
  });

  it('can leave out the back link and add a form', () => {
    const html = renderMessagePage({ lang: 'en', title: 'Access link needed', message: 'Open it with its link.', basePath: '', backLink: false, html: '<form method="post"><button type="submit">Unsubscribe</button></form>' });
    expect(html).not.toContain('Back to the status page');
    expect(html).toContain('<form method="post"><button type="submit">Unsubscribe</button></form>');
    expect(html).toContain('<h1>Vigie</h1>');
  });
});
