/** @module What one OPTIONS transaction ended with, whatever the transport. */
import type { Texts } from '../net/texts.js';
import type { PhaseTimings } from '../types.js';
import type { SipResponse } from './sip-response.js';

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
