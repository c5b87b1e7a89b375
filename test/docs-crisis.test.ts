/**
 * The configurations of docs/crisis-and-communication.md are copy-paste ready: the reference
 * example and the three worked examples (emergency calls, OPT New Caledonia, ge.ch) each parse as
 * a whole Vigie config with no warning, and say what the page says of them (triggers, presets,
 * deadlines, time zone, templates). The quick-start `examples/vigie.yaml` keeps a crisis cell and
 * validates without warnings too.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfigFiles } from '../src/config/load-config.js';
import type { VigieConfig } from '../src/config/config.schema.js';
import { crisisConfigWarnings } from '../src/crisis/crisis-config.js';
import { deadlinesFor } from '../src/crisis/deadlines.js';
import { draftFacts, draftTodos, renderDraft } from '../src/crisis/drafts.js';
import { notificationsConfigWarnings } from '../src/notifications/notifications-config.js';

const doc = readFileSync(new URL('../docs/crisis-and-communication.md', import.meta.url), 'utf8');
const ENV = {
  SMTP_PASSWORD: 'smtp-password',
  CRISIS_ROOM_WEBHOOK: 'https://chat.example.org/hooks/crisis',
  CRISIS_TEAMS_WORKFLOW_URL: 'https://example.logic.azure.com/workflows/1/invoke?sig=abc',
  CALLS_TOKEN: 'calls-token-0123456789abcdef',
  DC1_TOKEN: 'dc1-token-0123456789abcdef',
  DC2_TOKEN: 'dc2-token-0123456789abcdef',
  STATUS_HOOK_SECRET: 'status-hook-secret-0123456789',
  MATRIX_TOKEN: 'syt_matrix_token',
  VIGIE_PORT: '3000',
};
/** A time after every schedule's first hand-off, for the schedule-gap warnings. */
const NOW = Date.parse('2026-06-02T14:45:00Z');
const HOUR = 3_600_000;

/** The text from `heading` to the next heading of the same or a higher level (`#` lines inside code blocks are not headings). */
function section(heading: string): string {
  const lines = doc.split('\n');
  const start = lines.indexOf(heading);
  if (start === -1) throw new Error(`docs/crisis-and-communication.md has no heading "${heading}"`);
  const level = /^#+/.exec(heading)![0].length;
  let fenced = false;
  let end = lines.length;
  for (let i = start + 1; i < lines.length; i++) {
    if (lines[i]!.startsWith('```')) fenced = !fenced;
    const hashes = /^(#+) /.exec(lines[i]!)?.[1];
    if (!fenced && hashes && hashes.length <= level) {
      end = i;
      break;
    }
  }
  return lines.slice(start + 1, end).join('\n');
}

function firstYaml(text: string, where: string): string {
  const block = /```yaml\n([\s\S]*?)```/.exec(text)?.[1];
  if (block === undefined) throw new Error(`no yaml block under ${where}`);
  return block;
}

/** Parses a block as a whole config; fails with the loader's words and every warning. */
function load(name: string, text: string): VigieConfig {
  const config = parseConfigFiles([{ file: `${name}.yaml`, text }], ENV);
  const warnings = [...notificationsConfigWarnings(config, NOW), ...crisisConfigWarnings(config)].map((w) => `${w.path.join('.')}: ${w.message}`);
  expect(warnings, `warnings of the ${name} example`).toEqual([]);
  return config;
}

const example = (heading: string) => firstYaml(section(heading), heading);

describe('docs/crisis-and-communication.md', () => {
  it('gives a complete reference configuration using every crisis field', () => {
    const config = load('reference', example('## Configuration reference'));
    const cell = config.crisis.cells[0]!;
    expect(Object.keys(cell.roles).sort()).toEqual(['authority_liaison', 'communication_lead', 'crisis_lead', 'scribe', 'technical_lead']);
    expect(cell.roles.crisis_lead).toEqual([{ kind: 'schedule', id: 'duty-managers' }]);
    expect(config.crisis.auto_deactivate_after).toBe(HOUR);
    expect(config.crisis.obligations.map((o) => o.audience)).toEqual(['internal', 'public', 'authority']);
    expect(config.people.find((p) => p.id === 'bob')?.api_tokens).toEqual(['bob-laptop']);
  });

  it('emergency calls: common-mode and traffic-drop rules, NIS2 to the CSIRT, centres warned, public updates every 30 min', () => {
    const config = load('emergency-calls', example('### Emergency calls: six call servers (France, 2 June 2021)'));
    expect(config.crisis.rules.map((r) => r.trigger.kind)).toEqual(['common_mode_vital', 'traffic_drop', 'severity']);
    expect(config.services[0]!.redundancy).toMatchObject({ minHealthy: 4 });
    expect(config.stakeholders.find((s) => s.id === 'emergency-centres')?.group).toBe('partners');
    const checklist = config.crisis.cells[0]!.checklists['common-mode']!.map((i) => i.en).join('\n');
    expect(checklist).toMatch(/alternative .*numbers.*SMS/);
    // The deadlines table of the page: detection at 16:46 Paris time (14:46 UTC).
    const detected = Date.parse('2021-06-02T14:46:00Z');
    const due = Object.fromEntries(deadlinesFor(config.crisis.obligations, { services: ['emergency-calls'], tags: ['emergency'], severity: 'SEV1', criticality: 'vital' }, detected).map((d) => [d.key, new Date(d.dueAt).toISOString()]));
    expect(due).toEqual({
      'internal-notice': '2021-06-02T15:01:00.000Z',
      'emergency-centres#1': '2021-06-02T15:01:00.000Z',
      'public-updates#1': '2021-06-02T15:16:00.000Z',
      'regulator-updates#1': '2021-06-02T15:46:00.000Z',
      'nis2.early_warning': '2021-06-03T14:46:00.000Z',
      'nis2.notification': '2021-06-05T14:46:00.000Z',
      'nis2.final_report': '2021-07-05T14:46:00.000Z',
    });
    expect(config.crisis.obligations.find((o) => o.id === 'public-updates')?.everyMs).toBe(30 * 60_000);
  });

  it('OPT New Caledonia: French first, Pacific/Noumea, a vital outage of 10 min, the government as authority', () => {
    const config = load('opt', example('### OPT, New Caledonia (7 February 2022)'));
    expect(config.crisis.time_zone).toBe('Pacific/Noumea');
    expect(config.crisis.rules.map((r) => r.trigger)).toEqual([{ kind: 'vital_outage', forMs: 10 * 60_000 }]);
    expect(config.notifications.language).toBe('fr');
    expect(config.people.every((p) => p.language === 'fr')).toBe(true);
    const government = config.stakeholders.find((s) => s.id === 'gouvernement-nc')!;
    expect(government).toMatchObject({ group: 'authorities', language: 'fr' });
    expect(config.crisis.obligations.some((o) => o.preset !== undefined)).toBe(false);
    const facts = draftFacts({ crisis: { id: 1, title: { en: 'x', fr: 'x' }, kind: 'default', bridge: null, activatedAt: Date.parse('2022-02-06T20:50:00Z'), checklist: [] }, now: Date.parse('2022-02-06T20:40:00Z') }, { timeZone: config.crisis.time_zone });
    expect(facts.fr.now).toBe('7 février 2022 à 7 h 40 (Pacific/Noumea)');
  });

  it('ge.ch: domain monitors in a vital service, SEV2 and SEV1 rules, the GDPR preset only on personal data, the canton’s public text', () => {
    const config = load('ge-ch', example('### ge.ch: the domain of the State of Geneva (September 2021)'));
    expect(config.services.find((s) => s.id === 'ge-ch-domain')?.components).toEqual(['domain-ge-ch', 'delegation-ge-ch']);
    expect(config.crisis.rules.map((r) => [r.trigger, r.match])).toEqual([
      [{ kind: 'severity', severity: 'SEV2' }, { services: ['ge-ch-domain'] }],
      [{ kind: 'severity', severity: 'SEV2' }, { tags: ['personal-data'] }],
      [{ kind: 'severity', severity: 'SEV1' }, {}],
    ]);
    const statusPage = config.stakeholders.find((s) => s.group === 'public')!;
    const statusFacts = draftFacts({ crisis: { id: 1, title: { en: 'x', fr: 'x' }, kind: 'domain', bridge: null, activatedAt: 0, checklist: [] }, now: 0 });
    const statusTexts = renderDraft('stakeholder', statusFacts, [config.crisis.templates.stakeholder, statusPage.templates]);
    expect(statusTexts.fr.subject).toMatch(/^ge\.ch : /);
    expect(draftTodos(statusTexts), 'the status page draft is approvable as generated').toEqual([]);
    const gdpr = config.crisis.obligations.find((o) => o.preset === 'gdpr')!;
    expect(gdpr.match).toEqual({ tags: ['personal-data'] });
    const domainOnly = { services: ['ge-ch-domain', 'ge-ch-website', 'ge-ch-mail'], tags: ['domain', 'canton'], severity: 'SEV2' };
    expect(deadlinesFor(config.crisis.obligations, domainOnly, 0).some((d) => d.obligationId === gdpr.id)).toBe(false);
    expect(deadlinesFor(config.crisis.obligations, { ...domainOnly, tags: ['personal-data'] }, 0).some((d) => d.obligationId === gdpr.id)).toBe(true);
    const facts = draftFacts({ crisis: { id: 1, title: { en: 'x', fr: 'x' }, kind: 'domain', bridge: null, activatedAt: 0, checklist: [] }, now: 0 }, { timeZone: config.crisis.time_zone });
    const texts = renderDraft('public', facts, [config.crisis.templates.public]);
    expect(texts.fr.body).toContain('Le domaine ge.ch est indisponible');
    expect(draftTodos(texts)).toHaveLength(2); // the canton's French part and the built-in English one
  });

  it('examples/vigie.yaml keeps a working crisis cell, with no warning', () => {
    const text = readFileSync(new URL('../examples/vigie.yaml', import.meta.url), 'utf8');
    const config = load('examples-vigie', text);
    expect(config.crisis.cells.map((c) => c.id)).toEqual(['ops']);
    expect(config.crisis.rules.map((r) => r.trigger)).toEqual([{ kind: 'severity', severity: 'SEV1' }]);
    expect(config.crisis.obligations.map((o) => o.preset ?? o.audience)).toEqual(['internal', 'nis2']);
  });
});
