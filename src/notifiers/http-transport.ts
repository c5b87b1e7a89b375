/**
 * @module One HTTP request to a provider, with its answer read into a {@link SendReceipt} or a
 * {@link TransportError}: 2xx is delivered; 408, 429 and 5xx are worth retrying (after
 * `Retry-After` when given); any other status is permanent; a network error or a timeout is
 * retried. Shared by every channel that speaks HTTP.
 */
import { request } from 'undici';
import { parseRetryAfter } from '../core/retry-after.js';
import { TransportError, type SendContext, type SendReceipt } from './types.js';

/** What to send. `body` is sent as is; set `content-type` in `headers`. */
export interface HttpSend {
  url: string;
  method?: 'POST' | 'PUT' | 'GET';
  headers: Record<string, string>;
  body?: string;
  /**
   * Reads a provider's own error answer (Telegram's `parameters.retry_after`, Matrix's
   * `retry_after_ms`, a `description`): what it returns overrides the message, the wait or
   * whether the failure is permanent. Never put the request URL in the message: it may hold a token.
   */
  readError?: (status: number, body: string) => { message?: string; retryAfterMs?: number; permanent?: boolean } | undefined;
}

/** The most of an answer kept for the delivery log. */
const ANSWER_CHARS = 300;

/** True when a status is worth retrying. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

/** Sends one request; resolves on 2xx, throws {@link TransportError} otherwise. */
export async function sendHttp(send: HttpSend, ctx: SendContext, now: () => number = Date.now): Promise<SendReceipt> {
  let answer: Awaited<ReturnType<typeof request>>;
  try {
    answer = await request(send.url, {
      method: send.method ?? 'POST',
      headers: { 'user-agent': 'Vigie', ...send.headers },
      body: send.body,
      signal: ctx.signal,
      headersTimeout: ctx.timeoutMs,
      bodyTimeout: ctx.timeoutMs,
    });
  } catch (error) {
    const reason = ctx.signal.aborted ? `no answer within ${ctx.timeoutMs} ms` : networkReason(error);
    throw new TransportError(reason, { permanent: false });
  }
  const text = (await answer.body.text().catch(() => '')).slice(0, ANSWER_CHARS);
  const status = answer.statusCode;
  if (status >= 200 && status < 300) return { status, answer: text };
  const read = send.readError?.(status, text) ?? {};
  const retryAfterMs = read.retryAfterMs ?? parseRetryAfter(answer.headers['retry-after'], now());
  const message = read.message ?? `HTTP ${status}${text ? `: ${oneLine(text)}` : ''}`;
  const permanent = read.permanent ?? !isRetryableStatus(status);
  throw new TransportError(message, { permanent, status, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
}

/** `text` on one line, at most 200 characters: for error messages. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 200);
}

function networkReason(error: unknown): string {
  const e = error as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e.cause?.code ?? e.code;
  const message = e.cause?.message ?? e.message ?? String(error);
  return code ? `${code}: ${message}` : message;
}
