import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toMonitorDefinitions } from '../config/config.schema.js';
import { ConfigError } from '../config/config-error.js';
import { loadConfig } from '../config/load-config.js';
import { statusConfigWarnings, watchedDomains } from './status-config.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigie-status-config-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const BASE = `monitors:
  - { id: ge-ch-domain, interval: 5m, domain: { name: ge.ch } }
  - { id: www, http: { url: "https://www.ge.ch/" } }
  - { id: other, http: { url: "https://portal.example.org/" } }
channels:
  - { id: hook, webhook: { url: "http://127.0.0.1:9/hook" } }
services:
  - { id: portal, name: { en: Portal, fr: Portail }, components: [www, ge-ch-domain] }
`;

async function load(text: string) {
  const file = join(dir, `vigie-${Math.random().toString(36).slice(2)}.yaml`);
  await writeFile(file, text);
  try {
    return { config: (await loadConfig(file, {})).config, error: undefined };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return { config: undefined, error: error.message.replaceAll(file, 'vigie.yaml') };
  }
}

describe('status page config', () => {
  it('warns when a page would go down with a domain its own monitors watch', async () => {
    const { config } = await load(`${BASE}status_pages:
  - { id: public, title: État de Genève, hosts: [status.ge.ch, status.example.net], components: [{ service: portal }] }
  - { id: elsewhere, title: Mirror, hosts: [status.example.net.invalid], components: [{ service: portal }] }
`);
    const warnings = statusConfigWarnings(config!, toMonitorDefinitions(config!));
    expect(warnings).toEqual([
      { path: ['status_pages', 0, 'hosts', 0], message: 'this page would go down with ge.ch: it answers for status.ge.ch, and its monitor "www" watches ge.ch; serve it, or a mirror (vigie status mirror), from another domain' },
    ]);
  });

  it('knows what each kind of monitor watches', () => {
    expect(watchedDomains({ type: 'domain', check: { name: 'GE.CH.' } })).toEqual(['ge.ch']);
    expect(watchedDomains({ type: 'http', check: { url: 'https://www.ge.ch/x' } })).toEqual(['www.ge.ch', 'ge.ch']);
    expect(watchedDomains({ type: 'http', check: { url: 'http://127.0.0.1:3000/' } })).toEqual([]);
    expect(watchedDomains({ type: 'tls', check: { host: 'example.org' } })).toEqual(['example.org']);
  });

  it('refuses unknown components and channels, duplicate hosts and a non-email subscription channel, at their position', async () => {
    const { error } = await load(`${BASE}status_pages:
  - id: public
    title: Public
    hosts: [status.example.org]
    components:
      - { service: portl }
      - group: { en: Web, fr: Web }
        components: [{ monitor: wwww, name: Website }]
    subscriptions: { email: { channel: hook } }
  - { id: public, title: Again, hosts: [status.example.org], components: [{ monitor: www }] }
`);
    expect(error).toContain('vigie.yaml:14:11 status_pages[0].components[0].service: unknown service "portl"; did you mean "portal"?');
    expect(error).toContain('status_pages[0].components[1].components[0].monitor: unknown monitor "wwww"; did you mean "www"?');
    expect(error).toContain('status_pages[0].subscriptions.email.channel: channel "hook" is a webhook channel; subscriptions need an `email` channel');
    expect(error).toContain('status_pages[1].id: duplicate id "public"; it is already used by status_pages[0]');
    expect(error).toContain('status_pages[1].hosts[0]: host "status.example.org" is already served by status_pages[0]');
    expect(error).toContain('status_pages[1].components[0].name: a monitor needs a public `name`: monitor names are internal');
  });
});
