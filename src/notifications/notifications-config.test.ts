import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { notificationSections, notificationsConfigIssues, notificationsConfigWarnings, toNotificationsModel } from './notifications-config.js';
import { whoAt } from '../oncall/on-call.js';
import { NOTIFIER_KINDS } from '../notifiers/registry.js';

const schema = z.strictObject(notificationSections);

const valid = {
  people: [
    { id: 'alice', name: 'Alice Martin', language: 'fr', contacts: [{ channel: 'ops-hook' }] },
    { id: 'bob', name: 'Bob Meyer', contacts: [{ channel: 'ops-hook', id: 'hook' }], rules: [{ severities: ['SEV1'], contacts: ['hook'], after: '0s' }] },
    { id: 'carol', name: 'Carol', contacts: [] },
  ],
  teams: [{ id: 'noc', members: ['alice', 'bob'] }],
  schedules: [
    {
      id: 'noc-primary',
      time_zone: 'Europe/Paris',
      layers: [{ name: 'weekly', rotation: 'weekly', start: '2026-01-05T09:00', members: ['alice', 'bob'] }],
      overrides: [{ person: 'carol', start: '2026-06-01T08:00', end: '2026-06-01T20:00', note: 'swap' }],
    },
  ],
  channels: [{ id: 'ops-hook', name: 'Ops webhook', webhook: { url: 'http://127.0.0.1:9/hook', secret: 'a-long-shared-secret' } }],
  escalation_policies: [{ id: 'emergency', levels: [{ targets: [{ schedule: 'noc-primary' }, { channel: 'ops-hook' }] }, { after: '10m', targets: [{ team: 'noc' }] }], repeat: 1 }],
  notifications: { routes: [{ match: { severities: ['SEV1', 'SEV2'] }, escalation: 'emergency', group_wait: '10s', routes: [{ match: { services: ['emergency-calls'] }, channels: ['ops-hook'] }] }] },
};

describe('notification config sections', () => {
  it('parse into a model: schedules answer who is on call, routes inherit timings and escalation', () => {
    const config = schema.parse(valid);
    expect(notificationsConfigIssues(config, ['emergency-calls'])).toEqual([]);
    const model = toNotificationsModel(config);
    const schedule = model.schedules.get('noc-primary')!;
    expect(whoAt(schedule, Date.parse('2026-06-01T10:00:00Z'))?.person).toBe('carol');
    expect(whoAt(schedule, Date.parse('2026-06-02T10:00:00Z'))?.person).toBe(whoAt(schedule, Date.parse('2026-06-03T10:00:00Z'))?.person);
    expect(model.policies.get('emergency')!.levels.map((l) => l.afterMs)).toEqual([0, 600_000]);
    expect(model.routes[0]).toMatchObject({ escalation: 'emergency', groupWaitMs: 10_000, groupIntervalMs: 300_000 });
    expect(model.routes[0]!.routes[0]).toMatchObject({ escalation: 'emergency', groupWaitMs: 10_000, channels: ['ops-hook'] });
    expect(model.channels.get('ops-hook')).toMatchObject({ kind: 'webhook', name: 'Ops webhook' });
  });

  it('name every unknown or duplicate id at its place, with a suggestion', () => {
    const config = schema.parse({
      ...valid,
      people: [...valid.people, { id: 'alice', name: 'Other Alice', contacts: [{ channel: 'ops-hok' }] }],
      teams: [{ id: 'noc', members: ['alicia'] }],
      escalation_policies: [{ id: 'emergency', levels: [{ targets: [{ schedule: 'noc-primay' }] }] }],
      notifications: { routes: [{ escalation: 'emergncy', routes: [{ channels: ['nope'], match: { services: ['emergency-call'] } }] }] },
    });
    expect(notificationsConfigIssues(config, ['emergency-calls'])).toEqual([
      { path: ['people', 3, 'id'], message: 'duplicate id "alice"; it is already used by people[0]' },
      { path: ['people', 3, 'contacts', 0, 'channel'], message: 'unknown channel "ops-hok"; did you mean "ops-hook"?' },
      { path: ['teams', 0, 'members', 0], message: 'unknown person "alicia"; did you mean "alice"?' },
      { path: ['escalation_policies', 0, 'levels', 0, 'targets', 0, 'schedule'], message: 'unknown schedule "noc-primay"; did you mean "noc-primary"?' },
      { path: ['notifications', 'routes', 0, 'escalation'], message: 'unknown escalation policy "emergncy"; did you mean "emergency"?' },
      { path: ['notifications', 'routes', 0, 'routes', 0, 'channels', 0], message: 'unknown channel "nope"' },
      { path: ['notifications', 'routes', 0, 'routes', 0, 'match', 'services', 0], message: 'unknown service "emergency-call"; did you mean "emergency-calls"?' },
    ]);
  });

  it('refuse an invalid time zone, a custom rotation without shift, a target with two kinds, a channel with two blocks', () => {
    const result = schema.safeParse({
      schedules: [{ id: 's', time_zone: 'Europe/Pariss', layers: [{ name: 'l', rotation: 'weekly', start: '2026-01-05T09:00', members: ['a'] }] }, { id: 't', time_zone: 'UTC', layers: [{ name: 'l', rotation: 'custom', start: '2026-01-05T09:00', members: ['a'] }] }],
      escalation_policies: [{ id: 'p', levels: [{ targets: [{ person: 'a', team: 'b' }] }] }],
      channels: [{ id: 'c', webhook: { url: 'http://127.0.0.1/x' }, email: {} }, { id: 'd' }],
    });
    expect(result.success).toBe(false);
    const issues = result.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues).toEqual(
      expect.arrayContaining([
        'schedules.0.time_zone: "Europe/Pariss" is not an IANA time zone such as Europe/Paris',
        'schedules.1.layers.0.shift: a custom rotation needs `shift` (e.g. 12h or 3d)',
        'escalation_policies.0.levels.0.targets.0: set only one of person, schedule, team, channel; got person, team',
        `channels.1: needs exactly one channel block: one of ${NOTIFIER_KINDS.join(', ')}`,
      ]),
    );
  });

  it('warn about a person with no contact method and a schedule with gaps', () => {
    const config = schema.parse({
      ...valid,
      schedules: [{ id: 'office', time_zone: 'Europe/Paris', layers: [{ name: 'days', rotation: 'daily', start: '2026-01-05T08:00', members: ['alice'], active: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '08:00', to: '18:00' }] }] }],
    });
    const warnings = notificationsConfigWarnings(config, Date.parse('2026-06-01T00:00:00Z'));
    expect(warnings.map((w) => w.path)).toEqual([['people', 2, 'contacts'], ['schedules', 0]]);
    expect(warnings[0]!.message).toBe('Carol has no contact method: paging them reaches nobody');
    expect(warnings[1]!.message).toMatch(/^schedule "office" has 21 gap\(s\) in the next 28 days \(\d+ h without anyone on call\), the first from 2026-06-01T00:00:00.000Z to 2026-06-01T06:00:00.000Z$/);
  });
});
