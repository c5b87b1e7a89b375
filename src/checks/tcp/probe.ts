/**
 * @module The running state of one network probe: which phase it is in and the phase timings
 * measured so far. Shared by the `tcp` and `http` checks so that failures can name their phase.
 */
import { performance } from 'node:perf_hooks';
import type { CheckContext, CheckResult, PhaseTimings } from '../types.js';

/** The phases of a connection-based probe. */
export type Phase = 'dns' | 'connect' | 'tls' | 'send' | 'banner' | 'headers' | 'body' | 'done';

/** How each phase reads at the end of a sentence ("timed out after 5000 ms <phase>"). */
export const PHASE_TEXT: Record<Phase, string> = {
  dns: 'during the DNS lookup',
  connect: 'while connecting',
  tls: 'during the TLS handshake',
  send: 'while sending data',
  banner: 'while waiting for the banner',
  headers: 'while waiting for the response headers',
  body: 'while reading the response body',
  done: 'after the response',
};

/** Mutable probe state: the current phase and the durations (ms) of finished phases. */
export interface Probe {
  phase: Phase;
  /** `performance.now()` when the probe started. */
  start: number;
  dns?: number;
  connect?: number;
  tls?: number;
  firstByte?: number;
}

/** A new probe starting now in the given phase. */
export function startProbe(phase: Phase = 'connect'): Probe {
  return { phase, start: performance.now() };
}

/** Milliseconds since `from`, rounded to 0.1 ms. */
export function since(from: number): number {
  return Math.round((performance.now() - from) * 10) / 10;
}

/** The probe's timings with `total` = time since its start. Phases never reached are omitted. */
export function timingsOf(probe: Probe): PhaseTimings {
  const timings: PhaseTimings = { total: since(probe.start) };
  if (probe.dns !== undefined) timings.dns = probe.dns;
  if (probe.connect !== undefined) timings.connect = probe.connect;
  if (probe.tls !== undefined) timings.tls = probe.tls;
  if (probe.firstByte !== undefined) timings.firstByte = probe.firstByte;
  return timings;
}

/**
 * True when the abort was the check's timeout rather than a shutdown: the reason is a
 * `TimeoutError` (as from `AbortSignal.timeout`) or the timeout has elapsed.
 */
export function abortedByTimeout(ctx: CheckContext, probe: Probe): boolean {
  const reason: unknown = ctx.signal.reason;
  if (reason instanceof Error && reason.name === 'TimeoutError') return true;
  return performance.now() - probe.start >= ctx.timeoutMs - 1;
}

/** The result of a probe stopped by `ctx.signal`: `down` on timeout, `unknown` when cancelled. */
export function abortedResult(ctx: CheckContext, probe: Probe, extra = ''): CheckResult {
  const timings = timingsOf(probe);
  if (abortedByTimeout(ctx, probe)) {
    return { status: 'down', message: `timed out after ${ctx.timeoutMs} ms ${PHASE_TEXT[probe.phase]}${extra}`, latencyMs: null, timings };
  }
  return { status: 'unknown', message: `the check was cancelled ${PHASE_TEXT[probe.phase]} (shutdown or reload)`, latencyMs: null, timings };
}
