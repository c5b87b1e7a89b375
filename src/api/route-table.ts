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
import { formatPath, fromZodError, invalidRequest } from './errors.js';
import { sessionCookie } from '../accounts/sessions.js';

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
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
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
  /**
   * Whether a successful write is recorded in the audit log by the table (default true); routes
   * whose service records a richer entry itself say false.
   */
  audit?: boolean;
  params?: PS;
  query?: QS;
  body?: BS;
  /**
   * How the request body is documented when it is not `body` itself (a merge patch is validated
   * once merged): its schema and media types. Default: `body` as `application/json`.
   */
  bodyDoc?: { schema: z.ZodType; contentTypes: string[] };
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

/** Records a successful write (see `audit` of {@link RouteSpec}). */
export type WriteAudit = (route: AnyRoute, request: FastifyRequest, status: number, principal: Principal) => Promise<void>;

/** Registers every route of the table on the Fastify instance. */
export function registerRoutes(app: FastifyInstance, routes: readonly AnyRoute[], auth: Authenticator, audit?: WriteAudit): void {
  for (const route of routes) {
    const principals = new WeakMap<FastifyRequest, Principal>();
    app.route({
      method: route.method,
      url: route.url,
      exposeHeadRoute: route.head === true,
      onRequest: async (request, reply) => {
        if (route.role === null) return;
        const principal = await auth.authenticateRequest(request, secretOf(request, route.queryToken === true));
        auth.authorize(principal, route.role);
        principals.set(request, principal);
        // A session whose end slid gets its cookie again, so the browser keeps it as long.
        const renewed = principal.session?.renewedMaxAgeMs;
        if (renewed !== undefined) reply.header('set-cookie', sessionCookie(principal.session!.sessionId, renewed, request.protocol === 'https'));
      },
      ...(audit && route.method !== 'GET' && route.audit !== false
        ? {
            onResponse: async (request: FastifyRequest, reply: FastifyReply) => {
              const principal = principals.get(request);
              if (principal && reply.statusCode < 400) await audit(route, request, reply.statusCode, principal);
            },
          }
        : {}),
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
  const nul = nulPath(value);
  if (nul !== undefined) {
    const where = nul === '' ? '' : `${nul}: `;
    throw invalidRequest(`invalid ${PART_NAMES[part]}: ${where}${NUL_MESSAGE}`, [{ path: nul, message: NUL_MESSAGE }]);
  }
  const parsed = schema.safeParse(value ?? (part === 'body' ? undefined : {}));
  if (!parsed.success) throw fromZodError(part, parsed.error);
  return parsed.data;
}

const PART_NAMES = { params: 'path', query: 'query string', body: 'request body' } as const;
const NUL_MESSAGE = 'must not contain the NUL character (\\u0000)';

/**
 * The path of the first string (value or key) holding a NUL character, which PostgreSQL cannot
 * store in text or JSON; walked without recursion.
 */
function nulPath(value: unknown): string | undefined {
  const stack: Array<[unknown, PropertyKey[]]> = [[value, []]];
  while (stack.length > 0) {
    const [node, path] = stack.pop()!;
    if (typeof node === 'string') {
      if (node.includes('\u0000')) return formatPath(path);
    } else if (Array.isArray(node)) {
      node.forEach((item, i) => stack.push([item, [...path, i]]));
    } else if (node !== null && typeof node === 'object') {
      for (const [key, item] of Object.entries(node)) {
        if (key.includes('\u0000')) return formatPath(path);
        stack.push([item, [...path, key]]);
      }
    }
  }
  return undefined;
}

function secretOf(request: FastifyRequest, allowQuery: boolean): string | undefined {
  const fromHeader = bearerFrom(request.headers.authorization);
  if (fromHeader !== undefined || !allowQuery) return fromHeader;
  const query = request.query as Record<string, unknown> | undefined;
  const value = query?.access_token;
  return typeof value === 'string' ? value : undefined;
}
