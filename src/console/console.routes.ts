/**
 * @module The web console, served by Vigie on its own port: Vite's build (`dist/console/app`,
 * made by `npm run build`) with hashed files under `/assets/` cached for a year, and its
 * `index.html` (never cached) for every client-side route — any GET that no other route answers
 * and that is not under `/api/`, `/status`, `/healthz`, `/metrics` or `/ack/`. A status page's
 * host keeps its `/`: the status routes answer it and hand other hosts to the not-found handler,
 * where the console picks them up (so does any path the status routes register at host roots).
 *
 * Console documents carry a strict Content-Security-Policy (no inline script or style, nothing
 * from elsewhere). Without a build, console routes answer a page saying how to build it (503,
 * never a 500). `VIGIE_CONSOLE_DIR` points at another build directory.
 */
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { encode, pickEncoding } from '../status/content-encoding.js';
import { notModified } from '../status/page-request.js';
import type { Rendered } from '../status/rendered-cache.js';
import { ConsoleFiles } from './console-files.js';

/** Where `npm run build` puts the console (the same from `src/console` and `dist/console`). */
export const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL('../../dist/console/app/', import.meta.url));

export const CONSOLE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Paths that belong to the server, never to the console (their 404s stay theirs). */
const SERVER_PATHS = /^\/(?:api(?:\/|$)|status(?:\/|$)|healthz$|metrics$|ack(?:\/|$)|assets(?:\/|$))/;

export interface ConsoleRouteOptions {
  /** The build directory; default `VIGIE_CONSOLE_DIR`, else {@link DEFAULT_CONSOLE_DIR}. */
  dir?: string;
}

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Vigie — the console is not built</title></head>
<body><main>
<h1>The console is not built</h1>
<p>Vigie is running and its API answers under <a href="/api/v1/openapi.json">/api/v1</a>, but the web console has not been built yet: run <code>npm run build</code> (or <code>npm start</code>, which builds what changed), then reload this page.</p>
<h2 lang="fr">La console n’est pas construite</h2>
<p lang="fr">Vigie fonctionne et son API répond sous <a href="/api/v1/openapi.json">/api/v1</a>, mais la console web n’a pas encore été construite : lancez <code>npm run build</code> (ou <code>npm start</code>, qui reconstruit ce qui a changé), puis rechargez cette page.</p>
</main></body></html>
`;

/** Headers of every console document (index.html and the not-built page). */
function documentHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', CONSOLE_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'same-origin')
    .header('cache-control', 'no-store');
}

/** Sends a file, compressed when the client accepts it, or 304 when the client has it. */
function sendFile(request: FastifyRequest, reply: FastifyReply, file: Rendered): FastifyReply {
  const encoded = encode(file, pickEncoding(request.headers['accept-encoding']));
  reply.header('etag', encoded.etag).header('last-modified', file.lastModifiedHttp).header('vary', 'Accept-Encoding');
  if (notModified(request.headers['if-none-match'], request.headers['if-modified-since'], encoded.etag, file.lastModified)) return reply.code(304).send();
  if (encoded.encoding !== 'identity') reply.header('content-encoding', encoded.encoding);
  return reply.type(file.contentType).send(encoded.body);
}

/** True for a GET that the console should answer with its index (a client-side route). */
function consolePath(request: FastifyRequest): string | undefined {
  if (request.method !== 'GET' && request.method !== 'HEAD') return undefined;
  const path = (request.url.split('?')[0] ?? '/').replace(/\/{2,}/g, '/');
  return SERVER_PATHS.test(path) ? undefined : path;
}

/** Registers `/assets/*` and the console's fallback for client-side routes. Call after every other route. */
export function registerConsoleRoutes(app: FastifyInstance, opts: ConsoleRouteOptions = {}): void {
  const files = new ConsoleFiles(opts.dir ?? process.env['VIGIE_CONSOLE_DIR'] ?? DEFAULT_CONSOLE_DIR);

  app.get('/assets/*', async (request, reply) => {
    const name = (request.params as Record<string, string>)['*'] ?? '';
    const file = await files.read(`assets/${name}`);
    if (!file) return reply.callNotFound();
    reply.header('cache-control', IMMUTABLE);
    return sendFile(request, reply, file);
  });

  // Runs for every request no route answered, and for those a route handed over (a status
  // page's host root asked for on another host): GETs of client-side routes get the console.
  app.addHook('preHandler', async (request, reply) => {
    if (!request.is404) return;
    const path = consolePath(request);
    if (path === undefined) return;
    // A top-level file of the build (favicon, robots.txt) as itself; anything else is a route.
    const own = /^\/[^/]+\.[a-z0-9]+$/i.test(path) ? await files.read(path.slice(1)) : undefined;
    if (own && path !== '/index.html') {
      reply.header('cache-control', 'public, max-age=3600');
      return sendFile(request, reply, own);
    }
    const index = await files.read('index.html');
    documentHeaders(reply);
    if (!index) return reply.code(503).type('text/html; charset=utf-8').send(NOT_BUILT);
    return sendFile(request, reply.code(200), index);
  });
}
