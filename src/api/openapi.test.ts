import { describe, it, expect } from 'vitest';
import { z } from 'zod';
import { buildOpenApi } from './openapi.js';
import { defineRoute } from './route-table.js';
import { duration } from '../core/duration.js';

const routes = [
  defineRoute({
    method: 'GET', url: '/api/v1/things', tag: 'things', role: 'viewer', summary: 'List things',
    query: z.strictObject({ limit: z.coerce.number().int().default(10).describe('Page size.') }),
    responses: { 200: { description: 'Things.', schema: z.object({ items: z.array(z.string()) }) } },
    handler: async () => ({ items: [] }),
  }),
  defineRoute({
    method: 'PUT', url: '/api/v1/things/:id', tag: 'things', role: 'editor', summary: 'Replace a thing',
    params: z.strictObject({ id: z.string() }),
    body: z.strictObject({ every: duration().default(60_000) }),
    responses: { 200: { description: 'The thing.' } },
    handler: async () => ({}),
  }),
  defineRoute({
    method: 'GET', url: '/healthz', tag: 'system', role: null, summary: 'Health',
    responses: { 200: { description: 'ok' } },
    handler: async () => ({}),
  }),
];

describe('buildOpenApi', () => {
  const doc = buildOpenApi(routes, '1.2.3') as any;

  it('is an OpenAPI 3.1 document with every route under its templated path', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.version).toBe('1.2.3');
    expect(Object.keys(doc.paths).sort()).toEqual(['/api/v1/things', '/api/v1/things/{id}', '/healthz']);
    expect(doc.paths['/api/v1/things/{id}'].put.operationId).toBe('putThingsById');
  });

  it('documents path and query parameters from the zod schemas', () => {
    const list = doc.paths['/api/v1/things'].get;
    expect(list.parameters).toEqual([{ name: 'limit', in: 'query', required: false, schema: expect.objectContaining({ type: 'integer', default: 10 }), description: 'Page size.' }]);
    const put = doc.paths['/api/v1/things/{id}'].put;
    expect(put.parameters).toEqual([expect.objectContaining({ name: 'id', in: 'path', required: true })]);
  });

  it('describes bodies in their input form (durations as text or seconds)', () => {
    const body = doc.paths['/api/v1/things/{id}'].put.requestBody.content['application/json'].schema;
    expect(body.properties.every.anyOf).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'string' }), expect.objectContaining({ type: 'number' })]));
    expect(body.$schema).toBeUndefined();
  });

  it('adds the error answers and security that follow from each route', () => {
    const put = doc.paths['/api/v1/things/{id}'].put;
    expect(Object.keys(put.responses).sort()).toEqual(['200', '400', '401', '403', '404']);
    expect(put.security).toEqual([{ bearer: [] }]);
    expect(put['x-required-role']).toBe('editor');
    const list = doc.paths['/api/v1/things'].get;
    expect(list.responses['403']).toBeUndefined();
    expect(doc.paths['/healthz'].get.security).toEqual([]);
    expect(doc.paths['/healthz'].get.responses['401']).toBeUndefined();
  });
});
