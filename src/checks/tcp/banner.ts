/**
 * @module Reads what a server sends until it matches the expected text, the connection
 * closes, or too much has arrived.
 */
import type { Socket } from 'node:net';
import { since, type Probe } from '../net/probe.js';

/** At most this many characters are kept while waiting for a match. */
export const MAX_BANNER_CHARS = 65_536;

/** The compiled expectation: a substring and/or a regex; both must match when both are set. */
export interface BannerMatcher {
  contains: string | undefined;
  regex: RegExp | undefined;
}

/** How reading ended: matched, or the reason it cannot match any more. */
export type BannerOutcome = 'matched' | 'closed' | 'too-long';

/** True when the text satisfies the matcher. */
export function bannerMatches(matcher: BannerMatcher, text: string): boolean {
  return (matcher.contains === undefined || text.includes(matcher.contains)) && (matcher.regex === undefined || matcher.regex.test(text));
}

/**
 * Reads into `received.text` until a match or the end. Records `firstByte` on the first data.
 * Rejects on socket error or abort (the caller then reports what was received so far).
 */
export function readBanner(socket: Socket, matcher: BannerMatcher, probe: Probe, signal: AbortSignal, received: { text: string }): Promise<BannerOutcome> {
  socket.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    const finish = (outcome: BannerOutcome | Error) => {
      socket.off('data', onData).off('end', onEnd).off('close', onEnd).off('error', finish);
      signal.removeEventListener('abort', onAbort);
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    const onData = (chunk: string) => {
      if (probe.firstByte === undefined) probe.firstByte = since(probe.start);
      received.text += chunk;
      if (bannerMatches(matcher, received.text)) return finish('matched');
      if (received.text.length >= MAX_BANNER_CHARS) finish('too-long');
    };
    const onEnd = () => finish('closed');
    const onAbort = () => finish(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    if (signal.aborted) return onAbort();
    socket.on('data', onData).once('end', onEnd).once('close', onEnd).once('error', finish);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
