/** @module What one OPTIONS transaction ended with, whatever the transport. */
import type { PhaseTimings } from '../types.js';
import type { SipResponse } from './sip-response.js';
import type { Texts } from './texts.js';

/** The outcome of one OPTIONS transaction. */
export type SipExchange =
  | { kind: 'response'; response: SipResponse; transmissions: number; timings: PhaseTimings }
  | { kind: 'no-answer'; transmissions: number; timings: PhaseTimings; provisional: number | undefined }
  | { kind: 'failed'; texts: Texts; timings: PhaseTimings }
  | { kind: 'cancelled'; timings: PhaseTimings };

/** Where and how to send the request (the transport-independent part). */
export interface ExchangeTarget {
  host: string;
  port: number;
  requestUri: string | undefined;
  fromUri: string | undefined;
  userAgent: string;
}

/** True when the abort is the check's timeout rather than a shutdown. */
export function isTimeout(signal: AbortSignal, startedAt: number, timeoutMs: number): boolean {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name === 'TimeoutError') return true;
  return performance.now() - startedAt >= timeoutMs - 1;
}

/** Milliseconds since `from`, rounded to 0.1 ms. */
export function since(from: number): number {
  return Math.round((performance.now() - from) * 10) / 10;
}
