/**
 * The configurations of docs/status-pages.md are copy-paste ready: the reference example parses as
 * a whole Vigie config with no warning and sets what its comments say; the ge.ch example of "The
 * validate warning" warns exactly as the page shows, and stops warning on another domain; the
 * page of "A first page" is the one `examples/vigie.yaml` really has, and that file validates
 * without warnings.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { toMonitorDefinitions, type VigieConfig } from '../src/config/config.schema.js';
import { parseConfigFiles } from '../src/config/load-config.js';
import { crisisConfigWarnings } from '../src/crisis/crisis-config.js';
import { notificationsConfigWarnings } from '../src/notifications/notifications-config.js';
import { statusConfigWarnings } from '../src/status/status-config.js';

const doc = readFileSync(new URL('../docs/status-pages.md', import.meta.url), 'utf8');
const exampleFile = readFileSync(new URL('../examples/vigie.yaml', import.meta.url), 'utf8');
const ENV = { SMTP_PASSWORD: 'smtp-password', PARTNER_PAGE_TOKEN: 'partner-token-0123456789', VIGIE_PORT: '3000' };
const NOW = Date.parse('2026-06-02T14:45:00Z');

/** The first YAML block after `heading` (a line of the page). */
function yamlAfter(heading: string): string {
  const at = doc.split('\n').indexOf(heading);
  if (at === -1) throw new Error(`docs/status-pages.md has no heading "${heading}"`);
  const block = /```yaml\n([\s\S]*?)```/.exec(doc.split('\n').slice(at + 1).join('\n'))?.[1];
  if (block === undefined) throw new Error(`no yaml block under "${heading}"`);
  return block;
}

function warnings(config: VigieConfig): string[] {
  return [...notificationsConfigWarnings(config, NOW), ...crisisConfigWarnings(config), ...statusConfigWarnings(config, toMonitorDefinitions(config))].map((w) => `${w.path.join('.')}: ${w.message}`);
}

describe('docs/status-pages.md', () => {
  it('gives a reference configuration that parses with no warning and sets what it says', () => {
    const config = parseConfigFiles([{ file: 'vigie.yaml', text: yamlAfter('## Configuration reference') }], ENV);
    expect(warnings(config)).toEqual([]);
    const [pub, partners] = config.status_pages;
    expect(pub).toMatchObject({ id: 'public', languages: ['fr', 'en'], hosts: ['status.example-status.net'], time_zone: 'Europe/Zurich', update_interval: 30 * 60_000, history_days: 90, show_details: false, logo: './status-logo.svg' });
    expect(pub!.subscriptions).toEqual({ email: { channel: 'status-mail' }, webhooks: true, per_address_per_day: 3 });
    expect(pub!.components[0]).toMatchObject({ group: { en: 'Online services' }, components: [{ kind: 'service', id: 'portal' }, { kind: 'service', id: 'mail' }] });
    expect(pub!.components[1]).toEqual({ kind: 'monitor', id: 'phone-gateway', name: { en: 'Telephone line', fr: 'Ligne téléphonique' } });
    expect(partners).toMatchObject({ id: 'partners', private_token: ENV.PARTNER_PAGE_TOKEN, show_details: true, hosts: [], update_interval: 3_600_000 });
  });

  it('shows the validate warning of a page that would go down with ge.ch, and none on another domain', () => {
    const text = yamlAfter('### The validate warning');
    const onGeCh = parseConfigFiles([{ file: 'vigie.yaml', text }], ENV);
    expect(warnings(onGeCh)).toEqual([
      'status_pages.0.hosts.0: this page would go down with ge.ch: it answers for status.ge.ch, and its monitor "www-ge-ch" watches ge.ch; serve it, or a mirror (vigie status mirror), from another domain',
    ]);
    expect(doc).toContain(`warning: vigie.yaml:15:13 ${warnings(onGeCh)[0]!.replace('status_pages.0.hosts.0', 'status_pages[0].hosts[0]')}`);
    const elsewhere = parseConfigFiles([{ file: 'vigie.yaml', text: text.replace('hosts: [status.ge.ch]', 'hosts: [status.ge-status.ch]') }], ENV);
    expect(warnings(elsewhere)).toEqual([]);
  });

  it('quotes the page examples/vigie.yaml really has, which validates without warnings', () => {
    const snippet = parse(yamlAfter('## A first page')) as Record<string, unknown>;
    const example = parse(exampleFile) as Record<string, unknown>;
    expect(snippet['services']).toEqual(example['services']);
    expect(snippet['status_pages']).toEqual(example['status_pages']);
    const config = parseConfigFiles([{ file: 'examples/vigie.yaml', text: exampleFile }], ENV);
    expect(warnings(config)).toEqual([]);
    expect(config.status_pages.map((p) => [p.id, p.hosts, p.languages])).toEqual([['public', [], ['fr', 'en']]]);
  });
});
