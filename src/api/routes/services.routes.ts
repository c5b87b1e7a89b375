/** @module `/api/v1/services`: services with their state, members and uptime. */
import { defineRoute, type AnyRoute } from '../route-table.js';
import { idParams } from '../schemas/common.schemas.js';
import { serviceList, serviceView } from '../schemas/service.schemas.js';
import type { ServiceViewService } from '../services/service-view.service.js';

/** The service routes. */
export function serviceRoutes(services: ServiceViewService): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET', url: '/api/v1/services', tag: 'services', role: 'viewer', summary: 'List services with their state, members and uptime',
      responses: { 200: { description: 'Every service of the configuration.', schema: serviceList } },
      handler: () => services.list(),
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/services/:id', tag: 'services', role: 'viewer', summary: 'A service with its state, members and uptime', params: idParams,
      responses: { 200: { description: 'The service.', schema: serviceView }, 404: { description: 'No such service.' } },
      handler: ({ params }) => services.get(params.id),
    }),
  ];
}
