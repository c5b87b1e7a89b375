/**
 * @module What every answer carries and who may call from a browser: security headers on every
 * response (errors and 404s included), and CORS, off unless `server.cors.origins` names the web
 * origins allowed (preflight `OPTIONS` answered here, `Vary: Origin` whenever CORS is on).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Security headers for JSON/API answers: no sniffing, no framing, no referrer, nothing loaded. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

/** The HTTP settings of the configuration's `server` section. */
export interface HttpPolicy {
  /** `server.cors.origins`: origins allowed to call from a browser; `*` for any; empty: CORS off. */
  corsOrigins?: readonly string[];
  /** `server.metrics_token`: when set, `/metrics` needs it as a bearer token. */
  metricsToken?: string;
}

const ALLOWED_METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE';
const ALLOWED_HEADERS = 'Authorization, Content-Type, Last-Event-ID';
const EXPOSED_HEADERS = 'Retry-After, WWW-Authenticate';
const PREFLIGHT_MAX_AGE_S = '600';

/** Adds the security headers to every answer and, when origins are configured, answers CORS. */
export function installHttpPolicy(app: FastifyInstance, policy: HttpPolicy): void {
  const origins = new Set(policy.corsOrigins ?? []);
  const allowed = (origin: string | undefined): string | undefined => {
    if (origin === undefined) return undefined;
    if (origins.has(origin)) return origin;
    return origins.has('*') ? '*' : undefined;
  };

  app.addHook('onRequest', async (request, reply) => {
    reply.headers(SECURITY_HEADERS);
    if (origins.size === 0) return;
    reply.header('vary', 'Origin');
    const allow = allowed(request.headers.origin);
    if (allow !== undefined) reply.headers({ 'access-control-allow-origin': allow, 'access-control-expose-headers': EXPOSED_HEADERS });
  });

  if (origins.size === 0) return;
  app.route({
    method: 'OPTIONS',
    url: '*',
    handler: async (request: FastifyRequest, reply: FastifyReply) => {
      const preflight = request.headers.origin !== undefined && request.headers['access-control-request-method'] !== undefined;
      if (!preflight) return reply.code(204).header('allow', ALLOWED_METHODS).send();
      reply.header('vary', 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers');
      if (allowed(request.headers.origin) === undefined) {
        return reply.code(403).send({ error: 'forbidden', message: 'this origin may not call the API from a browser; an administrator can add it to server.cors.origins' });
      }
      return reply
        .code(204)
        .headers({ 'access-control-allow-methods': ALLOWED_METHODS, 'access-control-allow-headers': ALLOWED_HEADERS, 'access-control-max-age': PREFLIGHT_MAX_AGE_S })
        .send();
    },
  });
}
