import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURE_NOW, fixtureSnapshot } from '../../test/helpers/status-html-fixture.js';
import { LogoFiles } from './logo-files.js';
import { selectPages, siteFiles } from './static-export.js';
import type { PageSnapshot } from './status.types.js';

const dir = mkdtempSync(join(tmpdir(), 'vigie-static-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function page(id: string, change: Partial<PageSnapshot['page']> = {}): PageSnapshot {
  const s = fixtureSnapshot();
  return { ...s, page: { ...s.page, id, ...change } };
}

const publicPage = page('public', { logo: 'logo.svg' });
const otherPage = page('other', { title: { en: 'Other', fr: 'Autre' }, languages: ['en'] });
const opsPage = page('ops', { private_token: 'a-private-token-0123456789' });
const snapshots = new Map([publicPage, otherPage, opsPage].map((s) => [s.page.id, s]));
const pages = [...snapshots.values()].map((s) => s.page);

describe('selectPages', () => {
  it('takes every public page by default, and leaves private ones out', () => {
    expect(selectPages(pages, undefined)).toEqual({ pageIds: ['public', 'other'], single: false, skippedPrivate: ['ops'] });
  });

  it('takes the page named, private or not, alone', () => {
    expect(selectPages(pages, 'ops')).toEqual({ pageIds: ['ops'], single: true, skippedPrivate: [] });
  });

  it('names an unknown page and the known ones', () => {
    expect(() => selectPages(pages, 'nope')).toThrow('--page: no status page "nope" in the configuration (its pages: public, other, ops)');
  });

  it('says when every page is private', () => {
    expect(() => selectPages([opsPage.page], undefined)).toThrow(/every status page is private \(ops\).*--page <id>/);
    expect(() => selectPages([], undefined)).toThrow('the configuration has no status_pages to export');
  });
});

describe('siteFiles', () => {
  writeFileSync(join(dir, 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  const logos = new LogoFiles(dir);

  it('puts each page in its folder with its own base URL, and an index of the pages at the root', async () => {
    const files = await siteFiles(snapshots, selectPages(pages, undefined), { baseUrl: 'https://mirror.example.org/', now: FIXTURE_NOW, logos, publicUrl: 'https://vigie.example.org' });
    expect(files.has('public/index.html')).toBe(true);
    expect(files.has('public/logo.svg')).toBe(true);
    expect(files.has('other/en/index.html')).toBe(true);
    expect(files.has('other/fr/index.html')).toBe(false);
    expect([...files.keys()].some((p) => p.startsWith('ops/'))).toBe(false);
    expect(JSON.parse(String(files.get('public/api/v2/summary.json'))).page.url).toBe('https://mirror.example.org/public');
    expect(JSON.parse(String(files.get('other/api/v2/status.json'))).page).toMatchObject({ url: 'https://mirror.example.org/other', name: 'Other' });
    const index = String(files.get('index.html'));
    expect(index).toContain('<a href="public/">État des services</a>');
    expect(index).toContain('<a href="other/">Autre</a>');
    expect(String(files.get('public/fr/index.html'))).toContain('href="https://vigie.example.org/status/public/subscribe?lang=fr"');
  });

  it('puts a page named alone at the root, without a subscribe link when it is private', async () => {
    const files = await siteFiles(snapshots, selectPages(pages, 'ops'), { baseUrl: 'https://mirror.example.org', now: FIXTURE_NOW, logos, publicUrl: 'https://vigie.example.org' });
    expect(JSON.parse(String(files.get('api/v2/summary.json'))).page.url).toBe('https://mirror.example.org');
    expect(String(files.get('index.html'))).not.toContain('id="subscribe"');
    expect([...files.keys()].every((p) => !p.startsWith('public/'))).toBe(true);
  });
});
