/**
 * @module A loopback HTTP server that records every request (method, path, headers, raw body) and
 * answers from a script, standing in for notification providers in channel tests.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { startHttpServer, type TestServer } from './http-server.js';

export interface CapturedRequest {
  method: string;
  /** Path and query, e.g. `/bot123:abc/sendMessage`. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** An answer: status, optional headers and body. */
export interface ScriptedAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export interface CaptureServer extends TestServer {
  requests: CapturedRequest[];
  /** Answers given next, in order; when empty, `fallback` is used. */
  answers: ScriptedAnswer[];
  fallback: ScriptedAnswer;
}

/** Starts a capture server answering `fallback` (default 200 `{"ok":true}`) unless `answers` says otherwise. */
export async function startCaptureServer(fallback: ScriptedAnswer = { status: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' }): Promise<CaptureServer> {
  const requests: CapturedRequest[] = [];
  const answers: ScriptedAnswer[] = [];
  const state = { fallback };
  const server = await startHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const answer = answers.shift() ?? state.fallback;
      res.writeHead(answer.status, answer.headers ?? {});
      res.end(answer.body ?? '');
    });
  });
  const capture = Object.assign(server, { requests, answers }) as CaptureServer;
  Object.defineProperty(capture, 'fallback', { get: () => state.fallback, set: (value: ScriptedAnswer) => (state.fallback = value), enumerable: true });
  return capture;
}
