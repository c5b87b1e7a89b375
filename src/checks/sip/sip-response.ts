/**
 * @module Reads SIP responses: the status line and headers (compact forms included), whether a
 * response belongs to our transaction (top Via branch, Call-ID, CSeq method), and message framing
 * on stream transports by Content-Length.
 */
import type { TransactionIds } from './sip-message.js';

/** A parsed SIP response head. Header names are lower-case long forms; values in order. */
export interface SipResponse {
  code: number;
  reason: string;
  headers: Map<string, string[]>;
}

/** RFC 3261 compact header names (section 7.3.3) and their long forms. */
const COMPACT: Record<string, string> = {
  v: 'via',
  i: 'call-id',
  l: 'content-length',
  f: 'from',
  t: 'to',
  m: 'contact',
  c: 'content-type',
  k: 'supported',
  s: 'subject',
  e: 'content-encoding',
};

const STATUS_LINE = /^SIP\/2\.0\s+([1-6]\d\d)(?:\s+(.*))?$/;

/** Parses a message head (or a whole datagram); `undefined` when it is not a SIP response. */
export function parseResponse(text: string): SipResponse | undefined {
  const head = text.split(/\r?\n\r?\n/, 1)[0] ?? '';
  const lines = head.split(/\r?\n/);
  const status = STATUS_LINE.exec(lines[0]?.trim() ?? '');
  if (!status) return undefined;
  const headers = new Map<string, string[]>();
  let last: string | undefined;
  for (const line of lines.slice(1)) {
    if (/^[ \t]/.test(line) && last) {
      const values = headers.get(last)!;
      values[values.length - 1] += ` ${line.trim()}`; // header folding
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const raw = line.slice(0, colon).trim().toLowerCase();
    last = COMPACT[raw] ?? raw;
    headers.set(last, [...(headers.get(last) ?? []), line.slice(colon + 1).trim()]);
  }
  return { code: Number(status[1]), reason: (status[2] ?? '').trim(), headers };
}

/** The first value of a header, or `undefined`. */
export function header(response: SipResponse, name: string): string | undefined {
  return response.headers.get(name.toLowerCase())?.[0];
}

/** The branch of the topmost Via (several Vias may share one line, comma-separated). */
export function topViaBranch(response: SipResponse): string | undefined {
  const top = header(response, 'via')?.split(',')[0];
  return top ? /;\s*branch\s*=\s*([^;,\s]+)/i.exec(top)?.[1] : undefined;
}

/** True when the response answers our OPTIONS: same top Via branch, Call-ID and CSeq method. */
export function answersTransaction(response: SipResponse, ids: TransactionIds): boolean {
  const cseq = header(response, 'cseq');
  return topViaBranch(response) === ids.branch && header(response, 'call-id') === ids.callId && (cseq === undefined || /\bOPTIONS\b/i.test(cseq));
}

/** The largest message accepted on a stream before giving up on framing. */
export const MAX_STREAM_MESSAGE = 64 * 1024;

/**
 * Splits a byte stream into SIP messages using Content-Length (RFC 3261 section 18.3). Leading
 * CRLF keep-alives are skipped. `push` throws when a message grows past {@link MAX_STREAM_MESSAGE}.
 */
export class SipStreamFramer {
  private buffer = Buffer.alloc(0);

  /** Adds received bytes and returns the messages completed by them. */
  push(chunk: Buffer): string[] {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    const messages: string[] = [];
    for (;;) {
      let start = 0;
      while (this.buffer[start] === 0x0d || this.buffer[start] === 0x0a) start++;
      if (start > 0) this.buffer = this.buffer.subarray(start);
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) break;
      const head = this.buffer.subarray(0, end).toString('latin1');
      const length = Number(/^(?:content-length|l)[ \t]*:[ \t]*(\d+)/im.exec(head)?.[1] ?? 0);
      const total = end + 4 + length;
      if (total > MAX_STREAM_MESSAGE) throw new Error(`a SIP message of ${total} bytes is larger than ${MAX_STREAM_MESSAGE}`);
      if (this.buffer.length < total) break;
      messages.push(this.buffer.subarray(0, total).toString('utf8'));
      this.buffer = this.buffer.subarray(total);
    }
    if (this.buffer.length > MAX_STREAM_MESSAGE) throw new Error(`no complete SIP message in the first ${MAX_STREAM_MESSAGE} bytes`);
    return messages;
  }
}
