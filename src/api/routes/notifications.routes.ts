/**
 * @module `/api/v1/oncall`, `/api/v1/schedules/:id/shifts`, `/api/v1/silences`,
 * `/api/v1/channels` and `/api/v1/incidents/:id/deliveries`: who is on call, silences, channels
 * with their health and test messages, and what was sent for an incident.
 */
import { defineRoute, type AnyRoute } from '../route-table.js';
import { idParams } from '../schemas/common.schemas.js';
import { incidentIdParams } from '../schemas/incident.schemas.js';
import { channelList, channelTestBody, channelTestResult, deliveryList, onCallList, onCallQuery, shiftList, shiftsQuery, silenceBody, silenceIdParams, silenceList, silenceView } from '../schemas/notification.schemas.js';
import type { ChannelService } from '../services/channel.service.js';
import type { DeliveryViewService } from '../services/delivery-view.service.js';
import type { OnCallService } from '../services/oncall.service.js';
import { silenceAuthor, type SilenceService } from '../services/silence.service.js';

/** The services behind these routes. */
export interface NotificationRouteServices {
  oncall: OnCallService;
  silences: SilenceService;
  channels: ChannelService;
  deliveries: DeliveryViewService;
}

/** The on-call, silence, channel and delivery routes. */
export function notificationRoutes({ oncall, silences, channels, deliveries }: NotificationRouteServices): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET', url: '/api/v1/oncall', tag: 'on-call', role: 'viewer', summary: 'Who is on call, per schedule', query: onCallQuery,
      responses: { 200: { description: 'Who is on call at `at`, per schedule.', schema: onCallList }, 404: { description: 'No such schedule.' } },
      handler: async ({ query }) => oncall.list(query),
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/schedules/:id/shifts', tag: 'on-call', role: 'viewer', summary: 'The shifts of a schedule over a range (at most 93 days)', params: idParams, query: shiftsQuery,
      responses: { 200: { description: 'The shifts, gaps left out.', schema: shiftList }, 400: { description: 'The range is empty or longer than 93 days.' }, 404: { description: 'No such schedule.' } },
      handler: async ({ params, query }) => oncall.shifts(params.id, query),
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/silences', tag: 'silences', role: 'viewer', summary: 'Silences in force or upcoming, soonest end first',
      responses: { 200: { description: 'The silences.', schema: silenceList } },
      handler: () => silences.list(),
    }),
    defineRoute({
      method: 'POST', url: '/api/v1/silences', tag: 'silences', role: 'responder', summary: 'Silence the notifications of matching incidents for a while', status: 201, body: silenceBody,
      responses: { 201: { description: 'The silence.', schema: silenceView }, 400: { description: 'The silence is not valid.' } },
      handler: ({ body, principal }) => silences.create(body, silenceAuthor(principal)),
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/silences/:id', tag: 'silences', role: 'viewer', summary: 'A silence', params: silenceIdParams,
      responses: { 200: { description: 'The silence.', schema: silenceView }, 404: { description: 'No such silence.' } },
      handler: ({ params }) => silences.get(params.id),
    }),
    defineRoute({
      method: 'DELETE', url: '/api/v1/silences/:id', tag: 'silences', role: 'responder', summary: 'Expire a silence now', status: 204, params: silenceIdParams,
      responses: { 204: { description: 'Expired.' }, 404: { description: 'No such silence.' }, 409: { description: 'The silence already ended.' } },
      handler: ({ params }) => silences.expire(params.id),
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/channels', tag: 'channels', role: 'viewer', summary: 'Notification channels with their health (secrets redacted)',
      responses: { 200: { description: 'The channels.', schema: channelList } },
      handler: () => channels.list(),
    }),
    defineRoute({
      method: 'POST', url: '/api/v1/channels/:id/test', tag: 'channels', role: 'editor', summary: 'Send a test message through a channel now', params: idParams, body: channelTestBody,
      bodyFrom: (raw) => raw ?? {},
      description: 'Answers 200 with what the provider said, also when it refused the message (`ok: false`).',
      responses: { 200: { description: 'The provider’s answer.', schema: channelTestResult }, 400: { description: '`to` missing for a channel that sends to people, or given for one that does not.' }, 404: { description: 'No such channel.' } },
      handler: ({ params, body }) => channels.test(params.id, body),
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/incidents/:id/deliveries', tag: 'incidents', role: 'viewer', summary: 'The notifications of an incident with every attempt', params: incidentIdParams,
      responses: { 200: { description: 'The deliveries, newest first.', schema: deliveryList }, 404: { description: 'No such incident.' } },
      handler: ({ params }) => deliveries.forIncident(params.id),
    }),
  ];
}

