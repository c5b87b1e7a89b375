/**
 * @module One HTTP exchange (one hop) over a fresh connection with timed phases.
 *
 * Each hop gets its own undici `Client` whose `connect` is {@link timedConnect}, so DNS, TCP
 * and TLS are measured every time and no connection is reused; the caller closes it.
 */
import { isIP } from 'node:net';
import { Client } from 'undici';
import type { Dispatcher } from 'undici';
import { since, type Probe } from '../net/probe.js';
import { timedConnect, unbracket, type Resolve } from '../net/timed-connect.js';
import { portOf, type HttpPlan } from './http-plan.js';

/** What to send on one hop. */
export interface Hop {
  url: URL;
  method: Dispatcher.HttpMethod;
  body: string | undefined;
  headers: Record<string, string>;
}

/** Settings shared by every hop of a run. */
export interface HopOptions {
  plan: HttpPlan;
  verifyTls: boolean;
  signal: AbortSignal;
  timeoutMs: number;
  resolve: Resolve;
}

/** A response whose headers have arrived; `client` must be closed by the caller. */
export interface HopResponse {
  status: number;
  location: string | undefined;
  body: Dispatcher.ResponseData['body'];
  client: Client;
}

function makeClient(hop: Hop, options: HopOptions, probe: Probe): Client {
  const host = unbracket(hop.url.hostname);
  const https = hop.url.protocol === 'https:';
  const target = {
    host,
    port: portOf(hop.url),
    tls: https
      ? {
          servername: isIP(host) === 0 ? host : undefined,
          rejectUnauthorized: options.verifyTls,
          secureContext: options.plan.secureContext,
          alpn: ['http/1.1'],
        }
      : undefined,
  };
  const backstop = options.timeoutMs + 5_000;
  return new Client(hop.url.origin, {
    connect: (_opts, callback) => {
      timedConnect(target, probe, options.signal, options.resolve).then(
        (socket) => {
          probe.phase = 'headers';
          callback(null, socket);
        },
        (error: Error) => callback(error, null),
      );
    },
    pipelining: 1,
    headersTimeout: backstop,
    bodyTimeout: backstop,
  });
}

/** Sends the hop's request and waits for the response headers, recording `firstByte`. */
export async function sendHop(hop: Hop, options: HopOptions, probe: Probe): Promise<HopResponse> {
  const client = makeClient(hop, options, probe);
  try {
    const response = await client.request({
      path: hop.url.pathname + hop.url.search,
      method: hop.method,
      headers: hop.headers,
      ...(hop.body !== undefined ? { body: hop.body } : {}),
      signal: options.signal,
      reset: true,
    });
    probe.firstByte = since(probe.start);
    const location = response.headers['location'];
    return { status: response.statusCode, location: Array.isArray(location) ? location[0] : location, body: response.body, client };
  } catch (error) {
    void client.destroy().catch(() => undefined);
    throw error;
  }
}

/** The body text read for assertions, and whether it was cut at the limit. */
export interface BodyText {
  text: string;
  truncated: boolean;
}

/**
 * Reads the body up to `limit` bytes. When `keep` is false the bytes are counted and dropped
 * (the body is still read so that `total` covers the whole response).
 */
export async function readBody(body: HopResponse['body'], limit: number, keep: boolean): Promise<BodyText> {
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    const room = limit - size;
    if (chunk.length > room) {
      if (keep && room > 0) chunks.push(chunk.subarray(0, room));
      size = limit;
      truncated = true;
      break;
    }
    if (keep) chunks.push(chunk);
    size += chunk.length;
  }
  if (truncated) discardBody(body);
  return { text: keep ? Buffer.concat(chunks, Math.min(size, limit)).toString('utf8') : '', truncated };
}

const ignore = (): void => undefined;

/** Stops reading a body. Undici then emits an abort error on it, which is expected and ignored. */
export function discardBody(body: HopResponse['body']): void {
  if (body.destroyed) return;
  body.on('error', ignore);
  body.destroy();
}
