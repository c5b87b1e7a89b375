/** @module `/api/v1/maintenance`: maintenance windows (those of the configuration file are read-only). */
import { defineRoute, type AnyRoute } from '../route-table.js';
import { idParams } from '../schemas/common.schemas.js';
import { maintenanceBody, maintenanceList, maintenanceView } from '../schemas/service.schemas.js';
import type { MaintenanceService } from '../services/maintenance.service.js';
import { invalidRequest } from '../errors.js';

const BASE = '/api/v1/maintenance';
const tag = 'maintenance';

/** PUT: the id may be omitted from the body; when present it must match the path. */
function idFromPath(raw: unknown, params: { id: string }): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const body = raw as Record<string, unknown>;
  if (body.id === undefined) return { ...body, id: params.id };
  if (body.id !== params.id) throw invalidRequest(`the id in the body (${JSON.stringify(body.id)}) differs from the id in the path (${JSON.stringify(params.id)})`, [{ path: 'id', message: `must be ${JSON.stringify(params.id)} or omitted` }]);
  return body;
}

/** The maintenance window routes. */
export function maintenanceRoutes(windows: MaintenanceService): AnyRoute[] {
  const responses = { 400: { description: 'The window is not valid.' }, 409: { description: 'The window comes from the configuration file (read-only), or already exists.' } };
  return [
    defineRoute({
      method: 'GET', url: BASE, tag, role: 'viewer', summary: 'List maintenance windows (configuration and API)',
      responses: { 200: { description: 'The windows.', schema: maintenanceList } },
      handler: () => windows.list(),
    }),
    defineRoute({
      method: 'GET', url: `${BASE}/:id`, tag, role: 'viewer', summary: 'A maintenance window', params: idParams,
      responses: { 200: { description: 'The window.', schema: maintenanceView }, 404: { description: 'No such window.' } },
      handler: ({ params }) => windows.get(params.id),
    }),
    defineRoute({
      method: 'POST', url: BASE, tag, role: 'editor', summary: 'Create a maintenance window', status: 201, body: maintenanceBody,
      responses: { 201: { description: 'The window.', schema: maintenanceView }, ...responses },
      handler: ({ body }) => windows.put(body, true),
    }),
    defineRoute({
      method: 'PUT', url: `${BASE}/:id`, tag, role: 'editor', summary: 'Create or replace a maintenance window', params: idParams, body: maintenanceBody,
      bodyFrom: idFromPath,
      responses: { 200: { description: 'The window.', schema: maintenanceView }, ...responses },
      handler: ({ body }) => windows.put(body, false),
    }),
    defineRoute({
      method: 'DELETE', url: `${BASE}/:id`, tag, role: 'editor', summary: 'Delete a maintenance window', status: 204, params: idParams,
      responses: { 204: { description: 'Deleted.' }, 404: { description: 'No such window.' }, 409: { description: 'The window comes from the configuration file.' } },
      handler: ({ params }) => windows.remove(params.id),
    }),
  ];
}
