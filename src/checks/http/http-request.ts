/**
 * @module One HTTP exchange (one hop) over a fresh connection with timed phases.
 *
 * Each hop opens its own connection through {@link timedConnect} (DNS, TCP and TLS measured
 * every time, no connection reused), writes an HTTP/1.1 request with `Connection: close`, and
 * reads the response with {@link ResponseParser}; the caller closes the exchange.
 */
import { isIP, type Socket } from 'node:net';
import type { Dispatcher } from 'undici';
import { since, type Probe } from '../net/probe.js';
import { timedConnect, unbracket, type Resolve } from '../net/timed-connect.js';
import { portOf, type HttpPlan } from './http-plan.js';
import { ResponseParser, type ResponseHead, type ResponseSink } from './response-parser.js';

/** What to send on one hop. */
export interface Hop {
  url: URL;
  method: Dispatcher.HttpMethod;
  body: string | undefined;
  headers: Record<string, string>;
  /** The request already encoded (the plan's first hop, the same every run). */
  wire?: Buffer;
}

/** Settings shared by every hop of a run. */
export interface HopOptions {
  plan: HttpPlan;
  verifyTls: boolean;
  signal: AbortSignal;
  timeoutMs: number;
  resolve: Resolve;
  /** Body bytes read at most (`max_body_bytes`), and whether they are kept for assertions. */
  bodyLimit: number;
  keepBody: boolean;
}

/** A response whose head has arrived; `exchange` must be closed by the caller. */
export interface HopResponse {
  status: number;
  location: string | undefined;
  exchange: HttpExchange;
}

/** The body text read for assertions, and whether it was cut at the limit. */
export interface BodyText {
  text: string;
  truncated: boolean;
}

/** Headers the exchange writes itself (one request per connection, body length from the body). */
const OWN_HEADERS = new Set(['connection', 'content-length', 'transfer-encoding', 'keep-alive']);
const BAD_VALUE = /[\r\n\0]/;

/** The request's bytes: request line, `Host`, the hop's headers, `Connection: close`, body. */
export function encodeRequest(hop: Hop): Buffer {
  let head = `${hop.method} ${hop.url.pathname}${hop.url.search} HTTP/1.1\r\n`;
  if (!('host' in hop.headers)) head += `host: ${hop.url.host}\r\n`;
  for (const name in hop.headers) {
    if (OWN_HEADERS.has(name)) continue;
    const value = hop.headers[name]!;
    if (BAD_VALUE.test(value)) throw Object.assign(new Error(`the value of the header "${name}" holds a line break or NUL`), { code: 'ERR_INVALID_CHAR' });
    head += `${name}: ${value}\r\n`;
  }
  head += 'connection: close\r\n';
  if (hop.body === undefined) return Buffer.from(`${head}\r\n`, 'latin1');
  const body = Buffer.from(hop.body, 'utf8');
  return Buffer.concat([Buffer.from(`${head}content-length: ${body.length}\r\n\r\n`, 'latin1'), body]);
}

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('aborted');
}

/** The reading side of one exchange: feeds the parser, keeps the body up to the limit, settles waits. */
export class HttpExchange implements ResponseSink {
  private readonly parser: ResponseParser;
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private truncated = false;
  private response: ResponseHead | undefined;
  private finished = false;
  private failure: Error | undefined;
  private waiter: { forEnd: boolean; resolve: () => void; reject: (error: Error) => void } | undefined;

  constructor(
    private readonly socket: Socket,
    headOnly: boolean,
    private readonly signal: AbortSignal,
    private readonly limit: number,
    private readonly keep: boolean,
    private readonly probe: Probe,
  ) {
    this.parser = new ResponseParser(this, headOnly);
    socket.on('data', this.onData).on('end', this.onEnd).on('error', this.fail).on('close', this.onClose);
    signal.addEventListener('abort', this.onAbort);
    if (signal.aborted) this.onAbort();
  }

  head(head: ResponseHead): void {
    this.probe.firstByte = since(this.probe.start);
    this.response = head;
    if (this.waiter && !this.waiter.forEnd) this.settle();
  }

  data(chunk: Buffer): void {
    if (this.finished) return;
    const room = this.limit - this.size;
    if (chunk.length > room) {
      if (this.keep && room > 0) this.chunks.push(chunk.subarray(0, room));
      this.size = this.limit;
      this.truncated = true;
      this.end();
      return;
    }
    if (this.keep) this.chunks.push(chunk);
    this.size += chunk.length;
  }

  end(): void {
    this.finished = true;
    if (this.waiter) this.settle();
  }

  /** Waits for the response head. */
  headers(): Promise<ResponseHead> {
    return this.wait(false).then(() => this.response!);
  }

  /** Waits for the end of the body (or the limit) and returns what was kept. */
  async body(): Promise<BodyText> {
    await this.wait(true);
    return { text: this.keep ? Buffer.concat(this.chunks, this.size).toString('utf8') : '', truncated: this.truncated };
  }

  /** Stops listening and closes the connection. */
  close(): void {
    this.signal.removeEventListener('abort', this.onAbort);
    this.socket.off('data', this.onData).off('end', this.onEnd).off('close', this.onClose);
    // A late error (a reset after the response) must not go unhandled.
    this.socket.off('error', this.fail).on('error', ignore);
    this.socket.destroy();
  }

  private wait(forEnd: boolean): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (forEnd ? this.finished : this.response) return Promise.resolve();
    return new Promise((resolve, reject) => (this.waiter = { forEnd, resolve, reject }));
  }

  private settle(): void {
    const waiter = this.waiter!;
    this.waiter = undefined;
    if (this.failure) waiter.reject(this.failure);
    else waiter.resolve();
  }

  private readonly onData = (chunk: Buffer): void => {
    if (this.finished) return;
    try {
      this.parser.feed(chunk);
    } catch (error) {
      this.fail(error as Error);
    }
  };

  private readonly onEnd = (): void => {
    try {
      this.parser.finish();
    } catch (error) {
      this.fail(error as Error);
    }
  };

  private readonly onClose = (): void => {
    if (!this.finished) this.fail(Object.assign(new Error('the connection was closed'), { code: 'UND_ERR_SOCKET' }));
  };

  private readonly onAbort = (): void => this.fail(abortError(this.signal));

  /** Records the first failure of an unfinished exchange and wakes its waiter. */
  private readonly fail = (error: Error): void => {
    if (this.finished || this.failure) return;
    this.failure = error;
    this.socket.destroy();
    if (this.waiter) this.settle();
  };
}

const ignore = (): void => undefined;

/** Sends the hop's request and waits for the response head, recording `firstByte`. */
export async function sendHop(hop: Hop, options: HopOptions, probe: Probe): Promise<HopResponse> {
  const host = unbracket(hop.url.hostname);
  const https = hop.url.protocol === 'https:';
  const wire = hop.wire ?? encodeRequest(hop);
  const tls = https
    ? { servername: isIP(host) === 0 ? host : undefined, rejectUnauthorized: options.verifyTls, secureContext: options.plan.secureContext, alpn: ['http/1.1'] }
    : undefined;
  const socket = await timedConnect({ host, port: portOf(hop.url), tls }, probe, options.signal, options.resolve);
  probe.phase = 'headers';
  const exchange = new HttpExchange(socket, hop.method === 'HEAD', options.signal, options.bodyLimit, options.keepBody, probe);
  try {
    socket.write(wire);
    const head = await exchange.headers();
    return { status: head.status, location: head.location, exchange };
  } catch (error) {
    exchange.close();
    throw error;
  }
}
