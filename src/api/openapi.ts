/**
 * @module The OpenAPI 3.1 document, generated from the route table's zod schemas.
 *
 * Requests are described in zod's input form (durations as text, defaults optional), responses
 * in output form. Error responses are derived from each route's features.
 */
import { z } from 'zod';
import type { AnyRoute, ResponseSpec } from './route-table.js';
import { errorSchema } from './schemas/common.schemas.js';

type Json = Record<string, unknown>;

/** Converts a zod schema to JSON Schema 2020-12 (the dialect of OpenAPI 3.1), without `$schema`. */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
  return rest;
}

/** Builds the OpenAPI document for the given routes. */
export function buildOpenApi(routes: readonly AnyRoute[], version: string): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const route of routes) {
    const path = route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    (paths[path] ??= {})[route.method.toLowerCase()] = operationOf(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Vigie API',
      version,
      description: 'Monitors, results, uptime, transitions and live events of a Vigie instance. Times are ISO 8601 in answers; queries accept ISO 8601 or epoch milliseconds.',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API token: vigie_ followed by 32 characters.' } },
      schemas: { Error: jsonSchemaOf(errorSchema, 'output') },
    },
    paths,
  };
}

function operationOf(route: AnyRoute): Json {
  const operation: Json = {
    operationId: operationId(route),
    summary: route.summary,
    tags: [route.tag],
    parameters: [...parametersOf(route.params, 'path'), ...parametersOf(route.query, 'query')],
    responses: responsesOf(route),
  };
  if (route.description) operation.description = route.description;
  if (route.role !== null) {
    operation.security = [{ bearer: [] }];
    operation['x-required-role'] = route.role;
  } else {
    operation.security = [];
  }
  if (route.body) {
    const doc = route.bodyDoc ?? { schema: route.body, contentTypes: ['application/json'] };
    const schema = jsonSchemaOf(doc.schema, 'input');
    operation.requestBody = { required: true, content: Object.fromEntries(doc.contentTypes.map((type) => [type, { schema }])) };
  }
  return operation;
}

function operationId(route: AnyRoute): string {
  const words = route.url
    .replace(/^\/api\/v1/, '')
    .split('/')
    .filter(Boolean)
    .map((part) => (part.startsWith(':') ? `By${capitalise(part.slice(1))}` : capitalise(part)));
  return `${route.method.toLowerCase()}${words.join('')}`;
}

function capitalise(text: string): string {
  return text.replace(/(^|[-_.])([a-z0-9])/g, (_m, _sep, c: string) => c.toUpperCase());
}

function parametersOf(schema: z.ZodType | undefined, where: 'path' | 'query'): Json[] {
  if (!schema) return [];
  const json = jsonSchemaOf(schema, 'input');
  const properties = (json.properties ?? {}) as Record<string, Json>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === 'path' || required.has(name),
      schema: rest,
      ...(typeof description === 'string' ? { description } : {}),
    };
  });
}

function responsesOf(route: AnyRoute): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [status, spec] of Object.entries(route.responses) as Array<[string, ResponseSpec]>) {
    out[status] = responseOf(spec);
  }
  const error = (description: string): Json => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
  if (route.params || route.query || route.body) out['400'] ??= error('The request is not valid; `issues` names each field.');
  if (route.role !== null) {
    out['401'] ??= error('No token, or a token that is not valid.');
    if (route.role !== 'viewer') out['403'] ??= error(`The token's role is below "${route.role}".`);
  }
  if (route.url.includes(':id')) out['404'] ??= error('No such resource.');
  return out;
}

function responseOf(spec: ResponseSpec): Json {
  if (!spec.schema && !spec.contentType) return { description: spec.description };
  const schema = spec.schema ? jsonSchemaOf(spec.schema, 'output') : { type: 'string' };
  return { description: spec.description, content: { [spec.contentType ?? 'application/json']: { schema } } };
}
