/**
 * @module The route table: one declaration per route gives its registration, its validation and
 * its OpenAPI entry, so what is served and what is documented cannot drift apart.
 *
 * Order per request: authentication (before the body is even read), then path, query and body
 * are parsed with the route's zod schemas, then the handler runs with typed values.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Role } from '../storage/store.js';
import { bearerFrom, type Authenticator, type Principal } from './auth.js';
import { fromZodError, invalidRequest } from './errors.js';

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

/** What a handler receives: parsed inputs and the caller. */
export interface RouteContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /** The body as sent (after `bodyFrom`), for storing inputs as written. */
  rawBody: unknown;
  /** The caller; null on public routes. */
  principal: Principal | null;
  request: FastifyRequest;
  reply: FastifyReply;
}

/** One documented response. */
export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  /** Defaults to `application/json`. */
  contentType?: string;
}

/** One route. */
export interface RouteSpec<PS extends z.ZodType | undefined = undefined, QS extends z.ZodType | undefined = undefined, BS extends z.ZodType | undefined = undefined> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Fastify form: `/api/v1/monitors/:id`. */
  url: string;
  summary: string;
  description?: string;
  tag: string;
  /** The least role allowed; `null` for a public route. */
  role: Role | null;
  /** Also answer HEAD (GET routes only; off unless asked, so HEAD never opens an event stream). */
  head?: boolean;
  /** Also accept the token as `?access_token=` (for browsers' EventSource). */
  queryToken?: boolean;
  params?: PS;
  query?: QS;
  body?: BS;
  /** Adjusts the raw body before validation (e.g. fills the id from the path); may throw an ApiError. */
  bodyFrom?: (raw: unknown, params: Out<PS>) => unknown | Promise<unknown>;
  /** The success status (default 200) and the documented responses; errors are added from the spec. */
  status?: number;
  responses: Record<number, ResponseSpec>;
  handler(ctx: RouteContext<Out<PS>, Out<QS>, Out<BS>>): Promise<unknown>;
}

/** A route of any shape, as kept in the table. */
export type AnyRoute = RouteSpec<any, any, any>;

/** Declares a route with its handler typed from its schemas. */
export function defineRoute<PS extends z.ZodType | undefined = undefined, QS extends z.ZodType | undefined = undefined, BS extends z.ZodType | undefined = undefined>(
  spec: RouteSpec<PS, QS, BS>,
): AnyRoute {
  return spec as AnyRoute;
}

/** Registers every route of the table on the Fastify instance. */
export function registerRoutes(app: FastifyInstance, routes: readonly AnyRoute[], auth: Authenticator): void {
  for (const route of routes) {
    const principals = new WeakMap<FastifyRequest, Principal>();
    app.route({
      method: route.method,
      url: route.url,
      exposeHeadRoute: route.head === true,
      onRequest: async (request) => {
        if (route.role === null) return;
        const principal = await auth.authenticate(secretOf(request, route.queryToken === true));
        auth.authorize(principal, route.role);
        principals.set(request, principal);
      },
      handler: async (request, reply) => {
        const params = parsePart(route.params, request.params, 'params');
        const query = parsePart(route.query, request.query, 'query');
        const rawBody = route.bodyFrom ? await route.bodyFrom(request.body, params) : request.body;
        const body = parsePart(route.body, rawBody, 'body');
        const principal = principals.get(request) ?? null;
        const result = await route.handler({ params, query, body, rawBody, principal, request, reply });
        if (reply.sent) return reply;
        reply.code(route.status ?? 200);
        return route.status === 204 ? reply.send() : result;
      },
    });
  }
}

function parsePart(schema: z.ZodType | undefined, value: unknown, part: 'params' | 'query' | 'body'): unknown {
  if (!schema) return undefined;
  if (part === 'body' && (value === undefined || value === null)) {
    throw invalidRequest('this request needs a JSON body (Content-Type: application/json)');
  }
  const parsed = schema.safeParse(value ?? (part === 'body' ? undefined : {}));
  if (!parsed.success) throw fromZodError(part, parsed.error);
  return parsed.data;
}

function secretOf(request: FastifyRequest, allowQuery: boolean): string | undefined {
  const fromHeader = bearerFrom(request.headers.authorization);
  if (fromHeader !== undefined || !allowQuery) return fromHeader;
  const query = request.query as Record<string, unknown> | undefined;
  const value = query?.access_token;
  return typeof value === 'string' ? value : undefined;
}
