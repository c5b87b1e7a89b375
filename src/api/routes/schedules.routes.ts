/**
 * @module `/api/v1/people`, `/api/v1/schedules` and `/api/v1/schedules/:id/overrides`: the people
 * and schedules of the configuration (read-only), and the overrides of a schedule made through
 * the API (responders create and delete them; every write is in the audit log).
 */
import type { NotificationsModel } from '../../notifications/notifications-config.js';
import type { ScheduleOverrides } from '../../oncall/stored-overrides.js';
import { ROLES } from '../../storage/store.js';
import { defineRoute, type AnyRoute } from '../route-table.js';
import { idParams } from '../schemas/common.schemas.js';
import { overrideBody, overrideIdParams, overrideList, overridesQuery, overrideView, personList, scheduleList } from '../schemas/schedule.schemas.js';
import { peopleView, schedulesView } from '../services/directory-view.js';
import type { ScheduleOverrideService } from '../services/schedule-override.service.js';

/** The people, schedule and override routes. */
export function scheduleRoutes(overrides: ScheduleOverrideService, book: ScheduleOverrides, model: () => NotificationsModel): AnyRoute[] {
  const base = () => book.base(model());
  return [
    defineRoute({
      method: 'GET', url: '/api/v1/people', tag: 'on-call', role: 'viewer', summary: 'The people of the configuration, with their contact methods',
      description: 'Read-only: people are defined in the configuration file. Contact addresses are partly masked for viewers.',
      responses: { 200: { description: 'The people, by id.', schema: personList } },
      handler: async ({ principal }) => peopleView(base(), principal !== null && ROLES.indexOf(principal.role) >= ROLES.indexOf('responder')),
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/schedules', tag: 'on-call', role: 'viewer', summary: 'The on-call schedules of the configuration',
      description: 'Read-only: schedules are defined in the configuration file; overrides can also be made through `/api/v1/schedules/:id/overrides`.',
      responses: { 200: { description: 'The schedules, by id.', schema: scheduleList } },
      handler: async () => schedulesView(base(), (id) => book.of(id).length),
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/schedules/:id/overrides', tag: 'on-call', role: 'viewer', summary: 'The overrides of a schedule (configuration and API) not over yet',
      params: idParams, query: overridesQuery,
      responses: { 200: { description: 'The overrides, in the order they apply.', schema: overrideList }, 404: { description: 'No such schedule.' } },
      handler: async ({ params, query }) => overrides.list(params.id, query),
    }),
    defineRoute({
      method: 'POST', url: '/api/v1/schedules/:id/overrides', tag: 'on-call', role: 'responder', summary: 'Put someone on call instead of the rotation for a while', status: 201,
      params: idParams, body: overrideBody,
      description: 'Overlaps are allowed: an API override wins over the configuration’s, and the last created wins where API overrides overlap.',
      responses: { 201: { description: 'The override.', schema: overrideView }, 400: { description: 'Unknown person, unreadable time, end not after start or already past.' }, 404: { description: 'No such schedule.' } },
      handler: ({ params, body, principal }) => overrides.create(params.id, body, principal?.name ?? 'api'),
    }),
    defineRoute({
      method: 'DELETE', url: '/api/v1/schedules/:id/overrides/:overrideId', tag: 'on-call', role: 'responder', summary: 'Delete an override made through the API', status: 204,
      params: overrideIdParams,
      responses: { 204: { description: 'Deleted: the rotation (or an earlier override) applies again.' }, 404: { description: 'No such schedule, or no such API override on it.' } },
      handler: ({ params }) => overrides.remove(params.id, params.overrideId),
    }),
  ];
}
