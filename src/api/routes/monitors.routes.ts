/** @module `/api/v1/monitors`: list, read, create, replace, patch, delete, pause, resume, run. */
import { z } from 'zod';
import { monitorInputSchema } from '../../monitors/monitor.schema.js';
import { invalidRequest } from '../errors.js';
import { defineRoute, type AnyRoute } from '../route-table.js';
import { idParams } from '../schemas/common.schemas.js';
import { monitorListQuery, monitorPage, monitorView, runResultView } from '../schemas/monitor.schemas.js';
import type { MonitorService } from '../services/monitor.service.js';

const BASE = '/api/v1/monitors';
const tag = 'monitors';

/** The body of PATCH: any subset of a monitor's fields; `null` removes one. */
const monitorPatch = z
  .record(z.string(), z.unknown())
  .describe('A JSON merge patch (RFC 7396) of the monitor, e.g. `{"interval": "30s", "http": {"headers": {"X-Debug": null}}}`.');

/** PUT and PATCH: the id may be omitted from the body; when present it must match the path. */
function idFromPath(raw: unknown, params: { id: string }, fill = true): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const body = raw as Record<string, unknown>;
  if (body.id === undefined) return fill ? { ...body, id: params.id } : body;
  if (body.id !== params.id) {
    throw invalidRequest(`the id in the body (${JSON.stringify(body.id)}) differs from the id in the path (${JSON.stringify(params.id)})`, [
      { path: 'id', message: `must be ${JSON.stringify(params.id)} (the id in the path) or omitted` },
    ]);
  }
  return body;
}

/** The monitor routes. */
export function monitorRoutes(monitors: MonitorService): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET', url: BASE, tag, role: 'viewer', summary: 'List monitors with their current state',
      query: monitorListQuery,
      responses: { 200: { description: 'A page of monitors.', schema: monitorPage } },
      handler: ({ query }) => monitors.list(query),
    }),
    defineRoute({
      method: 'POST', url: BASE, tag, role: 'editor', summary: 'Create a monitor', status: 201,
      description: 'The body is a monitor as written in the configuration file, with exactly one check block.',
      body: monitorInputSchema, bodyFrom: (raw) => monitors.keepSecrets(undefined, raw),
      responses: { 201: { description: 'The created monitor.', schema: monitorView }, 409: { description: 'A monitor with this id already exists.' } },
      handler: ({ body, rawBody }) => monitors.create(body, rawBody),
    }),
    defineRoute({
      method: 'GET', url: `${BASE}/:id`, tag, role: 'viewer', summary: 'Read a monitor', params: idParams,
      responses: { 200: { description: 'The monitor.', schema: monitorView } },
      handler: ({ params }) => monitors.get(params.id),
    }),
    defineRoute({
      method: 'PUT', url: `${BASE}/:id`, tag, role: 'editor', summary: 'Replace a monitor created through the API',
      description:
        'A secret sent as `[redacted]` (as GET shows it) keeps the value stored at the same place, unless the target changed (scheme, host, port or TLS settings): then it must be sent again. ' +
        'Without `paused`, the monitor stays paused or running as it is.',
      params: idParams, body: monitorInputSchema, bodyFrom: (raw, params) => monitors.keepSecrets(params.id, idFromPath(raw, params)),
      responses: { 200: { description: 'The updated monitor.', schema: monitorView }, 409: { description: 'The monitor is defined in the configuration file (read_only).' } },
      handler: ({ params, body, rawBody }) => monitors.update(params.id, body, rawBody),
    }),
    defineRoute({
      method: 'PATCH', url: `${BASE}/:id`, tag, role: 'editor', summary: 'Change some fields of a monitor created through the API (JSON merge patch)',
      description:
        'The body is a JSON merge patch (RFC 7396) applied to `input` as GET shows it: members set fields, `null` removes them, objects merge, arrays replace. ' +
        'The result is validated as a whole monitor. Secrets left as they are keep their stored values, unless the target changed. Without `paused`, the monitor stays paused or running as it is.',
      params: idParams, body: monitorInputSchema, bodyDoc: { schema: monitorPatch, contentTypes: ['application/merge-patch+json', 'application/json'] },
      bodyFrom: async (raw, params) => monitors.mergePatch(params.id, idFromPath(raw, params, false)),
      responses: { 200: { description: 'The updated monitor.', schema: monitorView }, 409: { description: 'The monitor is defined in the configuration file (read_only).' } },
      handler: ({ params, body, rawBody }) => monitors.update(params.id, body, rawBody),
    }),
    defineRoute({
      method: 'DELETE', url: `${BASE}/:id`, tag, role: 'editor', summary: 'Delete a monitor created through the API (its history is kept)',
      params: idParams, status: 204,
      responses: { 204: { description: 'Deleted.' }, 409: { description: 'The monitor is defined in the configuration file (read_only).' } },
      handler: ({ params }) => monitors.remove(params.id),
    }),
    ...[true, false].map((paused) =>
      defineRoute({
        method: 'POST', url: `${BASE}/:id/${paused ? 'pause' : 'resume'}`, tag, role: 'editor', params: idParams,
        summary: paused ? 'Pause a monitor (it keeps its history)' : 'Resume a paused monitor',
        responses: { 200: { description: 'The monitor after the change.', schema: monitorView } },
        handler: ({ params, principal }) => monitors.setPaused(params.id, paused, principal?.name ?? 'api'),
      }),
    ),
    defineRoute({
      method: 'POST', url: `${BASE}/:id/run`, tag, role: 'editor', summary: 'Run a monitor once now', params: idParams,
      description: 'The result is stored and evaluated like a scheduled one.',
      responses: { 200: { description: 'The result of the run.', schema: runResultView }, 409: { description: 'The monitor is not loaded by the engine (its stored definition no longer validates).' } },
      handler: ({ params }) => monitors.runNow(params.id),
    }),
  ];
}

