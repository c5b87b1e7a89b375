/**
 * @module Schedule overrides made through the API, and the read-only views of the people and
 * schedules of the configuration: request and response schemas.
 */
import { z } from 'zod';
import { entityIdSchema } from '../../oncall/schedule.schema.js';
import { epochMs, isoTime, timeParam } from './common.schemas.js';

/** A time in an override body: epoch ms, an instant with its offset, or a local time in the schedule's zone. */
const overrideTime = z.union([epochMs, z.string().trim().min(1, 'must not be empty').max(40)]);

export const overrideBody = z.strictObject({
  person: entityIdSchema.describe('The person id (from `people:` in the configuration) on call instead.'),
  start: overrideTime.describe('Start: epoch ms, an ISO 8601 instant with offset (2026-06-01T08:00:00+02:00), or a local time in the schedule zone (2026-06-01T08:00).'),
  end: overrideTime.describe('End (same forms as start); after start and in the future.'),
  note: z.string().trim().max(500).optional().describe('Why, shown in answers ("swap with Bob").'),
});

export const overrideIdParams = z.strictObject({
  id: z.string().min(1).max(100).describe('The schedule id.'),
  overrideId: z.coerce.number().int('must be a whole number').min(1, 'must be 1 or more').describe('The override id.'),
});

export const overridesQuery = z.strictObject({
  from: timeParam.optional().describe('Only overrides ending after this time (default: now).'),
});

export const overrideView = z.object({
  id: z.number().nullable().describe('null for an override of the configuration file (read-only).'),
  source: z.enum(['config', 'api']).describe('Where the override is defined; API ones win over config ones, and the last created wins.'),
  person: z.object({ id: z.string(), name: z.string() }),
  start: isoTime,
  end: isoTime,
  startLocal: z.string().describe('`start` as local time in the schedule zone, with its offset.'),
  endLocal: z.string().describe('`end` as local time in the schedule zone, with its offset.'),
  note: z.string().nullable(),
  author: z.string().nullable().describe('Who made it (null for config overrides).'),
  createdAt: isoTime.nullable(),
});

export const overrideList = z.object({
  schedule: z.object({ id: z.string(), name: z.string(), timeZone: z.string() }),
  items: z.array(overrideView).describe('In the order they apply: a later item wins over an earlier one where they overlap.'),
});

export const personView = z.object({
  id: z.string(),
  name: z.string(),
  language: z.enum(['en', 'fr']),
  timeZone: z.string().nullable(),
  contacts: z.array(z.object({ id: z.string(), channel: z.string(), to: z.string().nullable().describe('The address; partly masked for viewers.') })),
  rules: z.number().describe('How many personal notification rules the person has.'),
});

export const personList = z.object({ items: z.array(personView) });

const layerView = z.object({
  name: z.string(),
  rotation: z.enum(['daily', 'weekly', 'custom']),
  shiftHours: z.number().describe('Length of one shift in hours.'),
  handOff: z.string().describe('The first hand-off, local time in the schedule zone (2026-01-05T09:00).'),
  members: z.array(z.object({ id: z.string(), name: z.string() })),
  active: z.array(z.object({ days: z.array(z.number()).describe('0 = Sunday … 6 = Saturday.'), from: z.string(), to: z.string() })).nullable().describe('null: active all the time.'),
});

export const scheduleView = z.object({
  id: z.string(),
  name: z.string(),
  timeZone: z.string(),
  layers: z.array(layerView).describe('Bottom to top: where a higher layer has someone, it wins.'),
  overrides: z.object({ config: z.number(), api: z.number() }).describe('How many overrides are defined in the configuration and through the API.'),
});

export const scheduleList = z.object({ items: z.array(scheduleView) });
