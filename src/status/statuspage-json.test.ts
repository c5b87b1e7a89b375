/**
 * @module Tests of the Statuspage-compatible documents: a snapshot with the state of Statuspage's
 * documented examples (two components in outage, an identified critical incident, a scheduled and
 * an in-progress maintenance, a resolved incident) gives documents that match the examples field by
 * field: every documented key present with the same type, the same counts and enumerations, the
 * same values where they derive from the state, ids and times in the same formats. Key lists and
 * their order are compared with responses captured from real pages (`fixtures/SOURCES.md`).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  both,
  componentSnapshot,
  groupSnapshot,
  pageDefinition,
  pageSnapshot,
  publicIncident,
  publicMaintenance,
  publicUpdate,
} from '../../test/helpers/status-snapshot-fixture.js';
import type { PageSnapshot, RenderContext } from './status.types.js';
import { active, components, incidents, scheduledMaintenances, status, summary, unresolved, upcoming } from './statuspage-json.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function fixture(name: string): { [key: string]: Json } {
  return JSON.parse(readFileSync(new URL(`./fixtures/statuspage-${name}.json`, import.meta.url), 'utf8'));
}

/** A document as a client reads it: through JSON. */
function wire(doc: unknown): { [key: string]: Json } {
  return JSON.parse(JSON.stringify(doc));
}

const at = (iso: string) => Date.parse(iso);
const ctx: RenderContext = { lang: 'en', baseUrl: 'https://status.example.org', now: at('2014-05-14T14:40:00-06:00') };

const ID = /^[0-9a-z]{12}$/;
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?(Z|[+-]\d{2}:\d{2})$/;
const ID_KEYS = new Set(['id', 'page_id', 'incident_id', 'group_id', 'code']);
const TIME_KEYS = new Set(['updated_at', 'created_at', 'monitoring_at', 'resolved_at', 'display_at', 'started_at', 'scheduled_for', 'scheduled_until']);
/** The vocabularies of the real API (endpoint descriptions on every Statuspage `/api` page). */
const VOCABULARY: Record<string, Set<string>> = {
  indicator: new Set(['none', 'minor', 'major', 'critical', 'maintenance']),
  impact: new Set(['none', 'minor', 'major', 'critical', 'maintenance']),
  'component.status': new Set(['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance']),
  'incident.status': new Set(['investigating', 'identified', 'monitoring', 'resolved', 'postmortem']),
  'maintenance.status': new Set(['scheduled', 'in_progress', 'verifying', 'completed']),
};

function kind(v: Json): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

/** The role of an object by its keys, to pick the vocabulary of its `status`. */
function role(o: { [key: string]: Json }): string {
  if ('scheduled_for' in o) return 'maintenance';
  if ('incident_updates' in o) return 'incident';
  if ('incident_id' in o) return 'update';
  if ('page_id' in o && 'position' in o) return 'component';
  if ('indicator' in o) return 'status';
  return 'other';
}

/**
 * Compares `ours` with the documented `reference`, recursively: every reference key exists with
 * the same type; arrays have the same length; ids and times have the Statuspage formats in both;
 * enumerations stay in their vocabularies. Returns the differences (empty when they match).
 */
function compareFields(ours: Json, reference: Json, path = '$', parentRole = 'other', updateOf = 'incident'): string[] {
  const problems: string[] = [];
  if (kind(ours) !== kind(reference)) return [`${path}: ${kind(ours)} where the reference has ${kind(reference)}`];
  if (Array.isArray(reference) && Array.isArray(ours)) {
    if (ours.length !== reference.length) problems.push(`${path}: ${ours.length} items where the reference has ${reference.length}`);
    reference.forEach((r, i) => i < ours.length && problems.push(...compareFields(ours[i]!, r, `${path}[${i}]`, parentRole, updateOf)));
    return problems;
  }
  if (kind(reference) === 'object') {
    const o = ours as { [key: string]: Json };
    const r = reference as { [key: string]: Json };
    const here = role(r);
    for (const key of Object.keys(r)) {
      if (!(key in o)) {
        problems.push(`${path}.${key}: missing`);
        continue;
      }
      const child = `${path}.${key}`;
      const value = o[key]!;
      if (ID_KEYS.has(key) && typeof value === 'string' && !ID.test(value)) problems.push(`${child}: id ${value} is not 12 characters of [0-9a-z]`);
      if (TIME_KEYS.has(key) && typeof value === 'string' && !TIME.test(value)) problems.push(`${child}: ${value} is not an ISO 8601 time with offset`);
      if (key === 'indicator' || key === 'impact') {
        if (!VOCABULARY[key]!.has(String(value))) problems.push(`${child}: ${String(value)} is not a Statuspage ${key}`);
      }
      if (key === 'status' && typeof value === 'string') {
        const vocabulary = here === 'component' ? 'component.status' : here === 'maintenance' ? 'maintenance.status' : here === 'update' ? `${updateOf}.status` : here === 'incident' ? 'incident.status' : '';
        if (vocabulary && !VOCABULARY[vocabulary]!.has(value)) problems.push(`${child}: ${value} is not in ${vocabulary}`);
      }
      if (key === 'components' && Array.isArray(value)) {
        value.forEach((v, i) => typeof v === 'string' && !ID.test(v) && problems.push(`${child}[${i}]: id ${v} is not 12 characters of [0-9a-z]`));
      }
      problems.push(...compareFields(value, r[key]!, child, here, here === 'maintenance' ? 'maintenance' : here === 'incident' ? 'incident' : updateOf));
    }
    return problems;
  }
  return problems;
}

/** The state of the documented examples, as a Vigie snapshot (page in America/Denver: the examples' -06:00). */
function documentedState(): PageSnapshot {
  const page = pageDefinition({ id: 'meta', title: 'Atlassian Statuspage', time_zone: 'America/Denver', components: [{ service: 'api' }, { service: 'portal' }] });
  const dbBody =
    "Our master database has ham sandwiches flying out of the rack, and we're working our hardest to stop the bleeding. The whole site is down while we restore functionality, and we'll provide another update within 30 minutes.";
  const displayBody = 'A small display issue with the display of the website was discovered after a recent deploy. The deploy has been rolled back and the website is again functioning correctly.';
  return pageSnapshot({
    page,
    builtAt: at('2014-05-14T14:35:21.711-06:00'),
    updatedAt: at('2014-05-14T14:35:21.711-06:00'),
    indicator: 'major',
    state: 'major_outage',
    components: [
      componentSnapshot({ id: 'service-api', name: both('API'), position: 0, state: 'partial_outage', since: at('2014-05-14T20:34:43.340Z'), days: [{ day: at('2014-05-03T00:00:00-06:00'), ratio: 1, partialMinutes: 0, majorMinutes: 0 }] }),
      componentSnapshot({ id: 'service-portal', name: both('Management Portal'), position: 1, state: 'major_outage', since: at('2014-05-14T20:34:44.470Z') }),
    ],
    incidents: [
      publicIncident({
        id: 7,
        title: both('Unplanned Database Outage'),
        status: 'identified',
        impact: 'critical',
        createdAt: at('2014-05-14T14:22:39.441-06:00'),
        updatedAt: at('2014-05-14T14:35:21.711-06:00'),
        identifiedAt: at('2014-05-14T14:22:40.301-06:00'),
        componentIds: ['service-api', 'service-portal'],
        updates: [publicUpdate({ id: 70, at: at('2014-05-14T14:22:40.301-06:00'), status: 'identified', text: both(dbBody) })],
      }),
    ],
    history: [
      publicIncident({
        id: 5,
        title: both('Unplanned Database Outage'),
        status: 'resolved',
        impact: 'minor',
        createdAt: at('2014-05-12T14:22:39.441-06:00'),
        updatedAt: at('2014-05-12T14:22:40.301-06:00'),
        resolvedAt: at('2014-05-12T14:22:40.301-06:00'),
        updates: [publicUpdate({ id: 50, at: at('2014-05-12T14:22:40.301-06:00'), status: 'resolved', text: both(displayBody) })],
      }),
    ],
    maintenances: [
      publicMaintenance({
        id: 'web-tier:1400099400000',
        title: both('Web Tier Recycle'),
        description: both(
          'We will be performing rolling upgrades to our web tier with a new kernel version so that Heartbleed will stop making us lose sleep at night. Increased load and latency is expected, but the app should still function appropriately. We will provide updates every 30 minutes with progress of the reboots.',
        ),
        status: 'in_progress',
        scheduledFor: at('2014-05-14T14:30:00.000-06:00'),
        scheduledUntil: at('2014-05-14T16:30:00.000-06:00'),
      }),
      publicMaintenance({
        id: 'network:1400385600000',
        title: both('Network Maintenance (No Interruption Expected)'),
        description: both(
          'Our data center has informed us that they will be performing routine network maintenance. No interruption in service is expected. Any issues during this maintenance should be directed to our support center',
        ),
        status: 'scheduled',
        scheduledFor: at('2014-05-17T22:00:00.000-06:00'),
        scheduledUntil: at('2014-05-17T23:30:00.000-06:00'),
      }),
    ],
  });
}

describe('Statuspage JSON compared with the documented examples, field by field', () => {
  const state = documentedState();

  it('summary.json: every documented field, with the same types, counts, statuses, indicator, description and impacts', () => {
    const ours = wire(summary(state, ctx));
    const documented = fixture('documented-summary');
    expect(compareFields(ours, documented)).toEqual([]);
    expect(ours['status']).toEqual(documented['status']); // { indicator: major, description: Partial System Outage }
    const comps = ours['components'] as { [key: string]: Json }[];
    expect(comps.map((c) => [c['name'], c['status'], c['position'], c['description']])).toEqual(
      (documented['components'] as { [key: string]: Json }[]).map((c) => [c['name'], c['status'], c['position'], c['description']]),
    );
    // A component's updated_at is the instant its state began, as in the example.
    expect(comps.map((c) => Date.parse(String(c['updated_at'])))).toEqual((documented['components'] as { [key: string]: Json }[]).map((c) => Date.parse(String(c['updated_at']))));
  });

  it('summary.json: the open incident has the documented values, times written exactly as Statuspage writes them', () => {
    const [ours] = wire(summary(state, ctx))['incidents'] as { [key: string]: Json }[];
    const [documented] = fixture('documented-summary')['incidents'] as { [key: string]: Json }[];
    for (const key of ['name', 'status', 'impact', 'created_at', 'updated_at', 'monitoring_at', 'resolved_at']) expect([key, ours![key]]).toEqual([key, documented![key]]);
    const [update] = ours!['incident_updates'] as { [key: string]: Json }[];
    const [documentedUpdate] = documented!['incident_updates'] as { [key: string]: Json }[];
    for (const key of ['status', 'body', 'created_at', 'display_at', 'updated_at']) expect([key, update![key]]).toEqual([key, documentedUpdate![key]]);
    expect(update!['incident_id']).toBe(ours!['id']);
    expect(ours!['shortlink']).toBe('https://status.example.org/#incident-7');
  });

  it('summary.json: the maintenances have the documented names, statuses, windows and number of updates', () => {
    const ours = wire(summary(state, ctx))['scheduled_maintenances'] as { [key: string]: Json }[];
    const documented = fixture('documented-summary')['scheduled_maintenances'] as { [key: string]: Json }[];
    const pick = (m: { [key: string]: Json }) => [m['name'], m['status'], m['scheduled_for'], m['scheduled_until'], (m['incident_updates'] as Json[]).length, m['resolved_at']];
    expect(ours.map(pick)).toEqual(documented.map(pick));
    const progress = ours.find((m) => m['status'] === 'in_progress')!;
    const documentedProgress = documented.find((m) => m['status'] === 'in_progress')!;
    expect((progress['incident_updates'] as { [key: string]: Json }[]).map((u) => u['status'])).toEqual((documentedProgress['incident_updates'] as { [key: string]: Json }[]).map((u) => u['status']));
    expect((progress['incident_updates'] as { [key: string]: Json }[]).map((u) => u['body'])).toEqual((documentedProgress['incident_updates'] as { [key: string]: Json }[]).map((u) => u['body']));
    // Statuspage's current pages write `maintenance` as the impact of a maintenance (the 2014 example predates it).
    expect(new Set(ours.map((m) => m['impact']))).toEqual(new Set(['maintenance']));
  });

  it('status.json', () => {
    const ours = wire(status(state, ctx));
    const documented = fixture('documented-status');
    expect(compareFields(ours, documented)).toEqual([]);
    expect(ours['status']).toEqual(documented['status']);
  });

  it('components.json (the documented version with groups, showcase and start dates)', () => {
    const ours = wire(components(state, ctx));
    const documented = fixture('documented-components');
    expect(compareFields(ours, documented)).toEqual([]);
    const pick = (c: { [key: string]: Json }) => [c['name'], c['status'], c['position'], c['group'], c['group_id'], c['only_show_if_degraded'], c['showcase'], c['start_date']];
    expect((ours['components'] as { [key: string]: Json }[]).map(pick)).toEqual((documented['components'] as { [key: string]: Json }[]).map(pick));
  });

  it('incidents.json: open and resolved, newest first, with the documented values', () => {
    const ours = wire(incidents(state, ctx));
    const documented = fixture('documented-incidents');
    expect(compareFields(ours, documented)).toEqual([]);
    const pick = (i: { [key: string]: Json }) => [i['name'], i['status'], i['impact'], i['created_at'], i['resolved_at'], (i['incident_updates'] as { [key: string]: Json }[]).map((u) => [u['status'], u['body'], u['created_at']])];
    expect((ours['incidents'] as { [key: string]: Json }[]).map(pick)).toEqual((documented['incidents'] as { [key: string]: Json }[]).map(pick));
  });

  it('incidents/unresolved.json', () => {
    const ours = wire(unresolved(state, ctx));
    const documented = fixture('documented-unresolved');
    expect(compareFields(ours, documented)).toEqual([]);
    expect((ours['incidents'] as { [key: string]: Json }[]).map((i) => [i['name'], i['status']])).toEqual((documented['incidents'] as { [key: string]: Json }[]).map((i) => [i['name'], i['status']]));
  });

  it.each([
    ['scheduled-maintenances.json', scheduledMaintenances, 'documented-scheduled-maintenances'],
    ['scheduled-maintenances/upcoming.json', upcoming, 'documented-upcoming'],
    ['scheduled-maintenances/active.json', active, 'documented-active'],
  ] as const)('%s: the documented maintenances, in the documented order', (_name, build, reference) => {
    const ours = wire(build(state, ctx));
    const documented = fixture(reference);
    expect(compareFields(ours, documented)).toEqual([]);
    const pick = (m: { [key: string]: Json }) => [m['name'], m['status'], m['scheduled_for'], m['scheduled_until']];
    expect((ours['scheduled_maintenances'] as { [key: string]: Json }[]).map(pick)).toEqual((documented['scheduled_maintenances'] as { [key: string]: Json }[]).map(pick));
  });

  it('the comparison catches a missing key, a wrong type and an id out of format', () => {
    const documented = fixture('documented-status');
    expect(compareFields({ page: documented['page']!, status: { indicator: 'major' } }, documented)).toEqual(['$.status.description: missing']);
    expect(compareFields({ page: { ...(documented['page'] as object), id: 'Not-An-Id' }, status: { indicator: 2, description: 'x' } }, documented)).toEqual([
      '$.page.id: id Not-An-Id is not 12 characters of [0-9a-z]',
      '$.status.indicator: 2 is not a Statuspage indicator',
      '$.status.indicator: number where the reference has string',
    ]);
  });
});

describe('Statuspage JSON keys and their order, compared with captured responses', () => {
  const state = documentedState();
  const keys = (o: Json) => Object.keys(o as object);

  it('page and component keys as discordstatus.com writes them (2022)', () => {
    const live = fixture('live-components-discord-2022');
    const ours = wire(components(state, ctx));
    expect(keys(ours)).toEqual(keys(live));
    expect(keys(ours['page']!)).toEqual(keys(live['page']!));
    expect(keys((ours['components'] as Json[])[0]!)).toEqual(keys((live['components'] as Json[])[0]!));
    const [liveComponent] = live['components'] as { [key: string]: Json }[];
    // description is "string or null" (null in the documented examples): compare the type of the others.
    expect(compareFields(ours, { ...live, components: [{ ...liveComponent!, description: null }, { ...liveComponent!, description: null }] })).toEqual([]);
  });

  it('incident and update keys as status.cielo.com.br writes them (2026), including reminder_intervals', () => {
    const live = fixture('live-incidents-cielo-2026');
    const ours = wire(incidents(state, ctx));
    const [incident] = ours['incidents'] as { [key: string]: Json }[];
    const [liveIncident] = live['incidents'] as { [key: string]: Json }[];
    expect(keys(incident!)).toEqual(keys(liveIncident!));
    expect(keys((incident!['incident_updates'] as Json[])[0]!)).toEqual(keys((liveIncident!['incident_updates'] as Json[])[0]!));
    expect(keys((incident!['components'] as Json[])[0]!)).toEqual(keys((liveIncident!['components'] as Json[])[0]!));
  });

  it('incident keys of the 2022 capture are all present with the same types', () => {
    const live = fixture('live-incidents-discord-2022');
    const [liveIncident] = live['incidents'] as { [key: string]: Json }[];
    const [incident] = wire(incidents(state, ctx))['incidents'] as { [key: string]: Json }[];
    // affected_components: Vigie does not record component changes per update and writes null, as Statuspage does for an update without any.
    // The 2022 incident is resolved and its component has a description: the documented open incident has neither.
    const liveComponent = (liveIncident!['components'] as { [key: string]: Json }[])[0]!;
    const reference = {
      ...liveIncident!,
      incident_updates: [{ ...(liveIncident!['incident_updates'] as { [key: string]: Json }[])[0]!, affected_components: null }],
      monitoring_at: null,
      resolved_at: null,
      components: [{ ...liveComponent, description: null }],
    };
    expect(compareFields({ ...incident!, components: (incident!['components'] as Json[]).slice(0, 1) }, reference)).toEqual([]);
  });

  it('maintenance keys as discordstatus.com writes them (2022)', () => {
    const live = fixture('live-scheduled-maintenances-discord-2022');
    const [liveMaintenance] = live['scheduled_maintenances'] as { [key: string]: Json }[];
    const [maintenance] = wire(scheduledMaintenances(state, ctx))['scheduled_maintenances'] as { [key: string]: Json }[];
    expect(keys(maintenance!)).toEqual(keys(liveMaintenance!));
    expect(keys((maintenance!['incident_updates'] as Json[])[0]!)).toEqual(keys((liveMaintenance!['incident_updates'] as Json[])[0]!));
  });

  it('summary keys in the order of the HTX capture (2020), and its "Partially Degraded Service" for a degraded page', () => {
    const live = fixture('live-summary-htx-2020');
    const degraded = pageSnapshot({ indicator: 'minor', state: 'degraded_performance', components: [componentSnapshot({ id: 'service-market', state: 'degraded_performance' })] });
    const ours = wire(summary(degraded, ctx));
    expect(keys(ours)).toEqual(keys(live));
    expect(ours['status']).toEqual(live['status']);
  });

  it('a group as status.cielo.com.br writes one (2026): group true, members listed by id, members pointing back', () => {
    const live = fixture('live-group-cielo-2026');
    // Laid out as page-layout.ts does for [{ group: Telephony, components: [voip, sms] }, web, { group: Radio, components: [pager] }]:
    // groups count config entries, components run over the whole page.
    const grouped = pageSnapshot({
      groups: [
        groupSnapshot({ id: 'group-telephony', name: both('Telephony'), position: 0, state: 'partial_outage', componentIds: ['service-voip', 'service-sms'] }),
        groupSnapshot({ id: 'group-radio', name: both('Radio'), position: 2, componentIds: ['service-pager'] }),
      ],
      components: [
        componentSnapshot({ id: 'service-pager', groupId: 'group-radio', position: 3 }),
        componentSnapshot({ id: 'service-web', position: 2 }),
        componentSnapshot({ id: 'service-sms', groupId: 'group-telephony', position: 1, state: 'operational' }),
        componentSnapshot({ id: 'service-voip', groupId: 'group-telephony', position: 0, state: 'partial_outage' }),
      ],
    });
    const list = wire(components(grouped, ctx))['components'] as { [key: string]: Json }[];
    const group = list.find((c) => c['group'] === true)!;
    expect(keys(group)).toEqual(keys(live));
    expect(compareFields(group, { ...live, components: (live['components'] as Json[]).slice(0, 2) })).toEqual([]);
    expect(list.map((c) => [c['name'], c['position'], c['group_id'] === null ? null : 'group'])).toEqual([
      ['Telephony', 1, null],
      ['service-voip', 1, 'group'],
      ['service-sms', 2, 'group'],
      ['service-web', 2, null],
      ['Radio', 3, null],
      ['service-pager', 1, 'group'],
    ]);
    expect(group['components']).toEqual([list[1]!['id'], list[2]!['id']]);
    expect(list[1]!['group_id']).toBe(group['id']);
    expect(group['status']).toBe('partial_outage');
    expect('components' in list[3]!).toBe(false);
  });
});

describe('Statuspage JSON values', () => {
  it.each([
    ['none', 'operational', 'All Systems Operational', 'Tous les systèmes sont opérationnels'],
    ['minor', 'degraded_performance', 'Partially Degraded Service', 'Service partiellement dégradé'],
    ['minor', 'partial_outage', 'Minor Service Outage', 'Panne mineure du service'],
    ['minor', 'operational', 'Minor Service Outage', 'Panne mineure du service'],
    ['major', 'major_outage', 'Partial System Outage', 'Panne partielle du système'],
    ['critical', 'major_outage', 'Major System Outage', 'Panne majeure du système'],
    ['maintenance', 'under_maintenance', 'Service Under Maintenance', 'Service en maintenance'],
  ] as const)('indicator %s with worst state %s: "%s" / "%s"', (indicator, state, en, fr) => {
    const snapshot = pageSnapshot({ indicator, state });
    expect(status(snapshot, ctx).status).toEqual({ indicator, description: en });
    expect(status(snapshot, { ...ctx, lang: 'fr' }).status).toEqual({ indicator, description: fr });
  });

  it('writes names, bodies and the page name in the requested language', () => {
    const snapshot = pageSnapshot({
      incidents: [publicIncident({ id: 1, createdAt: at('2026-05-14T09:00:00Z'), title: { en: 'Calls fail', fr: 'Les appels échouent' }, componentIds: ['service-web'], updates: [publicUpdate({ id: 2, at: at('2026-05-14T09:05:00Z'), text: { en: 'Looking', fr: 'Nous cherchons' } })] })],
    });
    const doc = summary(snapshot, { ...ctx, lang: 'fr' });
    expect(doc.page.name).toBe('État des services');
    expect(doc.components[0]!.name).toBe('Site web');
    expect(doc.incidents[0]!.name).toBe('Les appels échouent');
    expect(doc.incidents[0]!.incident_updates[0]!.body).toBe('Nous cherchons');
    expect(doc.incidents[0]!.components.map((c) => c.name)).toEqual(['Site web']);
  });

  it('times carry the page zone offset: Paris in summer and winter, UTC as Z', () => {
    const summer = pageSnapshot({ updatedAt: at('2026-07-01T12:00:00.5Z') });
    expect(status(summer, ctx).page.updated_at).toBe('2026-07-01T14:00:00.500+02:00');
    expect(status({ ...summer, updatedAt: at('2026-01-15T12:00:00Z') }, ctx).page.updated_at).toBe('2026-01-15T13:00:00.000+01:00');
    expect(status({ ...summer, page: pageDefinition({ time_zone: 'Etc/UTC' }) }, ctx).page).toMatchObject({ time_zone: 'Etc/UTC', updated_at: '2026-07-01T12:00:00.500Z' });
  });

  it('ids are stable, in Statuspage format, and differ between pages and objects', () => {
    const a = summary(pageSnapshot(), ctx);
    const again = summary(pageSnapshot(), ctx);
    const other = summary(pageSnapshot({ page: pageDefinition({ id: 'other' }) }), ctx);
    expect(a.page.id).toMatch(ID);
    expect(a.components[0]!.id).toMatch(ID);
    expect(again.page.id).toBe(a.page.id);
    expect(again.components[0]!.id).toBe(a.components[0]!.id);
    expect(other.page.id).not.toBe(a.page.id);
    expect(other.components[0]!.id).not.toBe(a.components[0]!.id);
    expect(a.components[0]!.page_id).toBe(a.page.id);
  });

  it('incidents.json lists at most 50, newest first, each incident once', () => {
    const open = publicIncident({ id: 100, createdAt: at('2026-05-14T09:00:00Z') });
    const history = Array.from({ length: 60 }, (_, i) => publicIncident({ id: i + 1, status: 'resolved', createdAt: at('2026-04-01T00:00:00Z') + i * 3_600_000, resolvedAt: at('2026-04-01T00:30:00Z') + i * 3_600_000 }));
    const doc = incidents(pageSnapshot({ incidents: [open], history: [...history, open] }), ctx);
    expect(doc.incidents).toHaveLength(50);
    expect(doc.incidents[0]!.shortlink).toBe('https://status.example.org/#incident-100');
    expect(doc.incidents[1]!.shortlink).toBe('https://status.example.org/#incident-60');
    const created = doc.incidents.map((i) => Date.parse(i.created_at));
    expect(created).toEqual([...created].sort((x, y) => y - x));
    expect(new Set(doc.incidents.map((i) => i.id)).size).toBe(50);
  });

  it('summary and unresolved leave resolved incidents and completed maintenance out; a completed window has three updates', () => {
    const done = publicMaintenance({ id: 'done', status: 'completed', scheduledFor: at('2026-05-13T22:00:00Z'), scheduledUntil: at('2026-05-13T23:00:00Z') });
    const snapshot = pageSnapshot({ incidents: [publicIncident({ id: 3, status: 'resolved', createdAt: at('2026-05-14T08:00:00Z'), resolvedAt: at('2026-05-14T08:30:00Z') })], maintenances: [done] });
    expect(summary(snapshot, ctx).incidents).toEqual([]);
    expect(summary(snapshot, ctx).scheduled_maintenances).toEqual([]);
    expect(unresolved(snapshot, ctx).incidents).toEqual([]);
    expect(upcoming(snapshot, ctx).scheduled_maintenances).toEqual([]);
    expect(active(snapshot, ctx).scheduled_maintenances).toEqual([]);
    const [m] = scheduledMaintenances(snapshot, ctx).scheduled_maintenances;
    expect(m!.incident_updates.map((u) => [u.status, u.created_at])).toEqual([
      ['completed', '2026-05-14T01:00:00.000+02:00'],
      ['in_progress', '2026-05-14T00:00:00.000+02:00'],
      ['scheduled', '2026-05-14T00:00:00.000+02:00'],
    ]);
    expect(m!.resolved_at).toBe('2026-05-14T01:00:00.000+02:00');
    expect(m!.shortlink).toBe('https://status.example.org/#maintenance');
  });

  it('rejects a context it cannot write links or texts for, naming the function and the value', () => {
    expect(() => summary(pageSnapshot(), { ...ctx, baseUrl: 'status.example.org' })).toThrow('Statuspage summary(): ctx.baseUrl must be an absolute http(s) URL without query or fragment (e.g. https://status.example.org), got "status.example.org"');
    expect(() => status(pageSnapshot(), { ...ctx, lang: 'de' as 'en' })).toThrow('Statuspage status(): ctx.lang must be "en" or "fr", got "de"');
    expect(summary(pageSnapshot(), { ...ctx, baseUrl: 'https://status.example.org/' }).page.url).toBe('https://status.example.org');
  });
});
