import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../config/config-error.js';
import { loadConfig } from '../config/load-config.js';
import { crisisConfigWarnings } from './crisis-config.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigie-crisis-config-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const BASE = `people:
  - { id: alice, name: Alice Martin }
  - { id: carol, name: Carol Dupont }
schedules:
  - { id: duty, time_zone: Europe/Paris, layers: [{ name: weekly, rotation: weekly, start: "2020-01-06T09:00", members: [alice] }] }
channels:
  - { id: room, webhook: { url: "http://127.0.0.1:9/room" } }
  - { id: mail, email: { host: 127.0.0.1, port: 2525, from: vigie@example.org } }
monitors:
  - { id: sbc-1, tcp: { host: 127.0.0.1, port: 9 } }
services:
  - { id: emergency-calls, criticality: vital, components: [sbc-1] }
stakeholders:
  - { id: regulator, name: Regulator, group: authorities, contacts: [{ channel: mail, to: cert@regulator.example }] }
`;

const cell = (roles: string) => `crisis:
  cells:
    - id: telecom
      name: Telecom crisis cell
      channel: room
      roles:
${roles}
`;

async function load(text: string) {
  const file = join(dir, `vigie-${Math.random().toString(36).slice(2)}.yaml`);
  await writeFile(file, text);
  return { file, result: loadConfig(file, {}) };
}

async function errorOf(text: string): Promise<string> {
  const { file, result } = await load(text);
  try {
    await result;
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message.replaceAll(file, 'vigie.yaml');
  }
  throw new Error('expected the config to be refused');
}

describe('crisis config', () => {
  it('accepts a full crisis section and fills the defaults', async () => {
    const { result } = await load(`${BASE}${cell('        crisis_lead: [alice]\n        communication_lead: [{ person: carol }]\n        technical_lead: [{ schedule: duty }]')}  rules:
    - { id: sev1, cell: telecom, severity: SEV1 }
    - { id: vital, cell: telecom, vital_outage_for: 10m, match: { services: [emergency-calls] } }
  obligations:
    - { id: internal, within: 15m }
    - { id: public, audience: public, within: 30m, every: 30m }
    - { id: nis2, preset: nis2, stakeholders: [regulator], owner: authority_liaison }
  templates:
    authority: { fr: { subject: "Incident du {{start_time}} — {{services}}" } }
`);
    const { config } = await result;
    expect(config.crisis.cells[0]!.roles).toEqual({ crisis_lead: [{ kind: 'person', id: 'alice' }], communication_lead: [{ kind: 'person', id: 'carol' }], technical_lead: [{ kind: 'schedule', id: 'duty' }] });
    expect(config.crisis.cells[0]!.reactivate_within).toBe(6 * 3_600_000);
    expect(config.crisis.rules.map((r) => r.trigger)).toEqual([{ kind: 'severity', severity: 'SEV1' }, { kind: 'vital_outage', forMs: 600_000 }]);
    expect(config.crisis.obligations.map((o) => [o.id, o.audience, o.withinMs, o.everyMs, o.preset])).toEqual([
      ['internal', 'internal', 900_000, undefined, undefined],
      ['public', 'public', 1_800_000, 1_800_000, undefined],
      ['nis2', 'authority', undefined, undefined, 'nis2'],
    ]);
    // The cell owns no authority liaison: its deadlines fall to the crisis lead, which validate says.
    expect(crisisConfigWarnings(config).map((w) => w.message)).toEqual(['cell "telecom" has no authority_liaison: the deadlines it owns are reminded to the crisis lead']);
  });

  it('refuses a role filled by an unknown person, at its position, with a suggestion', async () => {
    expect(await errorOf(`${BASE}${cell('        crisis_lead: [alise]')}`)).toContain('vigie.yaml:21:23 crisis.cells[0].roles.crisis_lead[0]: unknown person "alise"; did you mean "alice"?');
    expect(await errorOf(`${BASE}${cell('        crisis_lead: [{ schedule: dutty }]')}`)).toContain('crisis.cells[0].roles.crisis_lead[0]: unknown schedule "dutty"; did you mean "duty"?');
    expect(await errorOf(`${BASE}${cell('        scribe: [alice]')}`)).toMatch(/vigie\.yaml:\d+:\d+ crisis\.cells\[0\]\.roles\.crisis_lead: needs a crisis_lead/);
  });

  it('refuses a deadline that is not a duration', async () => {
    expect(await errorOf(`${BASE}${cell('        crisis_lead: [alice]')}  obligations:\n    - { id: internal, within: soon }\n`)).toContain('vigie.yaml:23:23 crisis.obligations[0].within: must be a duration such as 500ms, 30s, 5m, 1h or 1d');
    expect(await errorOf(`${BASE}${cell('        crisis_lead: [alice]')}  obligations:\n    - { id: authority, audience: authority, within: 1h }\n`)).toContain('crisis.obligations[0].stakeholders: needs `stakeholders`: who receives the authority notice');
  });

  it('refuses a template naming an unknown field, at the template', async () => {
    const message = await errorOf(`${BASE}${cell('        crisis_lead: [alice]')}  templates:\n    authority:\n      fr: { body: "Début : {{start}}" }\n`);
    expect(message).toContain('vigie.yaml:24:13 crisis.templates.authority.fr.body: unknown placeholder {{start}} (character 9); did you mean state?');
  });

  it('refuses an activation rule on an unknown service or cell, and a rule with two triggers', async () => {
    expect(await errorOf(`${BASE}${cell('        crisis_lead: [alice]')}  rules:\n    - { id: r, cell: telecom, severity: SEV1, match: { services: [emergency-call] } }\n`)).toContain('crisis.rules[0].match.services[0]: unknown service "emergency-call"; did you mean "emergency-calls"?');
    expect(await errorOf(`${BASE}${cell('        crisis_lead: [alice]')}  rules:\n    - { id: r, cell: telecon, severity: SEV1 }\n`)).toContain('crisis.rules[0].cell: unknown crisis cell "telecon"; did you mean "telecom"?');
    expect(await errorOf(`${BASE}${cell('        crisis_lead: [alice]')}  rules:\n    - { id: r, cell: telecom, severity: SEV1, common_mode_vital: true }\n`)).toContain('crisis.rules[0]: set only one trigger per rule; got severity, common_mode_vital');
  });

  it('refuses a crisis channel that sends to addresses and an unknown stakeholder', async () => {
    expect(await errorOf(`${BASE}crisis:\n  cells:\n    - { id: c, name: C, channel: mail, roles: { crisis_lead: [alice] } }\n`)).toContain('crisis.cells[0].channel: channel "mail" (email) sends to people\'s addresses; the crisis channel must be a room');
    expect(await errorOf(`${BASE}crisis:\n  obligations:\n    - { id: n, preset: nis2, stakeholders: [regulatr] }\n`)).toContain('crisis.obligations[0].stakeholders[0]: unknown stakeholder "regulatr"; did you mean "regulator"?');
  });
});

describe('people acting through API tokens', () => {
  it('refuses a token listed for two people, or named after another person', async () => {
    const people = (tokens: string) => BASE.replace('  - { id: carol, name: Carol Dupont }', `  - { id: carol, name: Carol Dupont, api_tokens: [${tokens}] }`).replace('  - { id: alice, name: Alice Martin }', '  - { id: alice, name: Alice Martin, api_tokens: [ops-bot] }');
    expect(await errorOf(people('ops-bot'))).toContain('people[1].api_tokens[0]: token "ops-bot" already acts as people[0] (alice); a token acts as one person');
    expect(await errorOf(people('alice'))).toContain('people[1].api_tokens[0]: token "alice" is named after another person, whom it acts as; rename the token');
    const { result } = await load(people('carol-cli'));
    expect((await result).config.people[1]!.api_tokens).toEqual(['carol-cli']);
  });
});
