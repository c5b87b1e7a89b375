/**
 * @module How failures are answered, in one format `{ error, message }` whatever raised them: an
 * {@link ApiError} as itself; Fastify's client errors (too large, wrong media type, a malformed
 * or too long URL) and Node's HTTP parser errors (headers too large, not HTTP) as 4xx with fixed
 * messages that never quote the request back; anything else as a logged 500 that shows the
 * client only a request id.
 */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from './errors.js';
import { SECURITY_HEADERS } from './http-policy.js';

/** The longest path parameter routed (longer ones answer 414); the route schemas set tighter limits. */
export const MAX_PARAM_LENGTH = 500;

/** Answers for client errors raised by Fastify itself, by error code: status, code, message. */
const FASTIFY_ERRORS: Record<string, [number, string, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'payload_too_large', 'the request body is over 1 MiB'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type', 'send the body as application/json (PATCH also takes application/merge-patch+json, the push routes application/x-www-form-urlencoded)'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'invalid_request', 'the Content-Length header does not match the body'],
  FST_ERR_BAD_URL: [400, 'invalid_request', 'the URL is not valid (a malformed %-escape?)'],
  FST_ERR_MAX_PARAM_LENGTH: [414, 'uri_too_long', `a path segment is longer than ${MAX_PARAM_LENGTH} characters`],
};

/** Answers for errors of Node's HTTP parser, by error code (anything else: not HTTP). */
const PARSER_ERRORS: Record<string, [number, string, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'headers_too_large', 'the request line and headers are over 16 KiB'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'request_timeout', 'the request took too long to arrive'],
};
const NOT_HTTP: [number, string, string] = [400, 'invalid_request', 'the request is not valid HTTP/1.1'];

/** The answer to a client error of Fastify's; one it has no entry for is named by its status only. */
function clientErrorOf(error: FastifyError, status: number): [number, string, string] {
  const known = FASTIFY_ERRORS[error.code];
  if (known) return known;
  const phrase = (STATUS_CODES[status] ?? 'client error').toLowerCase();
  return [status, status === 400 ? 'invalid_request' : phrase.replace(/\W+/g, '_'), phrase];
}

/** Installs the error and not-found handlers. */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | ApiError, request, reply) => {
    if (error instanceof ApiError) {
      if (error.statusCode >= 500) request.log.error({ err: error }, error.message);
      return reply.code(error.statusCode).headers(error.headers).send(error.toBody());
    }
    const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
    if (status >= 400 && status < 500) {
      const [code, name, message] = clientErrorOf(error, status);
      return reply.code(code).send({ error: name, message, ...(code === 400 ? { issues: [] } : {}) });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send({ error: 'internal', message: 'internal error', requestId: request.id });
  });

  app.setNotFoundHandler((_request, reply) => {
    reply.code(404).send({ error: 'not_found', message: 'no route has this method and path; the routes are listed in /api/v1/openapi.json' });
  });
}

/** Fastify's `frameworkErrors`: a URL it could not route (bad %-escape, path segment too long). */
export function answerFrameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const [status, code, message] = clientErrorOf(error, error.statusCode ?? 400);
  void reply.code(status).headers(SECURITY_HEADERS).send({ error: code, message });
}

/**
 * Fastify's `clientErrorHandler`: what Node's HTTP parser refused (headers over 16 KiB, a request
 * that is not HTTP, a timeout) gets the same JSON format and headers, then the connection closes.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message] = PARSER_ERRORS[error.code ?? ''] ?? NOT_HTTP;
  if (socket.writable) {
    const body = JSON.stringify({ error: code, message });
    const headers = { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(body)), connection: 'close' };
    const head = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('');
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${head}\r\n${body}`);
  }
  socket.destroy(error);
}
