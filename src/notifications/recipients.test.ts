import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { notificationSections, toNotificationsModel } from './notifications-config.js';
import { levelRecipients, personRecipients } from './recipients.js';

const model = toNotificationsModel(
  z.strictObject(notificationSections).parse({
    channels: [{ id: 'room', webhook: { url: 'http://127.0.0.1:9/room' } }, { id: 'pager', webhook: { url: 'http://127.0.0.1:9/pager' } }],
    people: [
      { id: 'alice', name: 'Alice', language: 'fr', contacts: [{ id: 'fast', channel: 'pager', to: '+33600000001' }, { id: 'slow', channel: 'room' }], rules: [{ severities: ['SEV1'], contacts: ['fast'] }, { contacts: ['slow'], after: '5m' }] },
      { id: 'bob', name: 'Bob', contacts: [{ channel: 'pager', to: '+41790000002' }] },
      { id: 'carol', name: 'Carol', contacts: [] },
    ],
    teams: [{ id: 'noc', members: ['alice', 'bob', 'carol'] }],
    schedules: [{ id: 'primary', time_zone: 'UTC', layers: [{ name: 'l', rotation: 'daily', start: '2026-01-01T09:00', members: ['bob', 'alice'] }] }],
    notifications: { language: 'fr' },
  }),
);

describe('recipients', () => {
  it('follow personal rules: SMS at once for SEV1, the room after 5 minutes for any severity', () => {
    expect(personRecipients(model, 'alice', 'SEV1')).toEqual([
      { channelId: 'pager', personId: 'alice', address: '+33600000001', language: 'fr', afterMs: 0 },
      { channelId: 'room', personId: 'alice', address: null, language: 'fr', afterMs: 300_000 },
    ]);
    expect(personRecipients(model, 'alice', 'SEV3').map((r) => r.channelId)).toEqual(['room']);
    expect(personRecipients(model, 'bob', 'SEV3')).toEqual([{ channelId: 'pager', personId: 'bob', address: '+41790000002', language: 'en', afterMs: 0 }]);
  });

  it('reach whoever is on call, every team member once, channels in the configured language, and say who was not reached', () => {
    const day1 = Date.parse('2026-01-01T10:00:00Z');
    expect(levelRecipients(model, [{ kind: 'schedule', id: 'primary' }], 'SEV2', day1).recipients.map((r) => r.personId)).toEqual(['bob']);
    expect(levelRecipients(model, [{ kind: 'schedule', id: 'primary' }], 'SEV2', day1 + 86_400_000).recipients.map((r) => r.personId)).toEqual(['alice']);
    const reach = levelRecipients(model, [{ kind: 'team', id: 'noc' }, { kind: 'person', id: 'bob' }, { kind: 'channel', id: 'room' }], 'SEV1', day1);
    expect(reach.recipients.map((r) => `${r.channelId}:${r.personId}`)).toEqual(['pager:alice', 'room:alice', 'pager:bob', 'room:null']);
    expect(reach.recipients.at(-1)!.language).toBe('fr');
    expect(reach.unreached).toEqual(['team noc: carol has no contact method for SEV1']);
    expect(levelRecipients(model, [{ kind: 'schedule', id: 'primary' }], 'SEV1', Date.parse('2025-12-31T10:00:00Z')).unreached).toEqual(['schedule primary: nobody is on call']);
  });
});
