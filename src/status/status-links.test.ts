/** @module Tests of the addresses the Statuspage JSON and the feeds link to. */
import { describe, expect, it } from 'vitest';
import { checkBaseUrl, feedUrl, incidentUrl, maintenanceUrl, pageUrl } from './status-links.js';

describe('status links', () => {
  it.each([
    ['https://status.example.org', 'https://status.example.org/#incident-7', 'https://status.example.org/history.rss'],
    ['http://127.0.0.1:3000/status/public', 'http://127.0.0.1:3000/status/public#incident-7', 'http://127.0.0.1:3000/status/public/history.rss'],
  ])('under %s: the incident heading on the page, and the feeds beside it', (base, incident, rss) => {
    expect(incidentUrl(base, 7)).toBe(incident);
    expect(feedUrl(base, 'rss')).toBe(rss);
    expect(feedUrl(base, 'atom')).toBe(rss.replace('.rss', '.atom'));
    expect(maintenanceUrl(base, 'w:1')).toBe(`${pageUrl(base)}#maintenance`);
  });

  it('checks the base URL, dropping trailing slashes and naming the caller when it cannot be used', () => {
    expect(checkBaseUrl('https://status.example.org/', 'x()')).toBe('https://status.example.org');
    expect(checkBaseUrl('http://127.0.0.1:3000/status/public//', 'x()')).toBe('http://127.0.0.1:3000/status/public');
    for (const bad of ['status.example.org', '/status/public', 'ftp://status.example.org', 'https://status.example.org/?a=1', 'https://status.example.org/#top']) {
      expect(() => checkBaseUrl(bad, 'x()')).toThrow(`x(): ctx.baseUrl must be an absolute http(s) URL without query or fragment (e.g. https://status.example.org), got ${JSON.stringify(bad)}`);
    }
  });
});
