/**
 * @module How failures are answered: an {@link ApiError} as itself, Fastify's own client errors
 * (bad JSON, too large, wrong media type) as readable 4xx, anything else as a logged 500 that
 * shows the client only a request id.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { ApiError } from './errors.js';

const CLIENT_CODES: Record<number, string> = { 413: 'payload_too_large', 415: 'unsupported_media_type' };

/** Installs the error and not-found handlers. */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | ApiError, request, reply) => {
    if (error instanceof ApiError) {
      if (error.statusCode >= 500) request.log.error({ err: error }, error.message);
      return reply.code(error.statusCode).headers(error.headers).send(error.toBody());
    }
    const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
    if (status >= 400 && status < 500) {
      return reply.code(status).send({ error: CLIENT_CODES[status] ?? 'invalid_request', message: clientMessage(error), issues: [] });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send({ error: 'internal', message: 'internal error', requestId: request.id });
  });

  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send({ error: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}; see /api/v1/openapi.json` });
  });
}

function clientMessage(error: FastifyError): string {
  // Fastify's messages for client errors are safe to show ("Body is too large", "Unsupported Media Type: text/plain").
  return error.message.replace(/^FST_\w+:\s*/, '');
}
