/**
 * @module The running state of one network probe: which phase it is in and the phase timings
 * measured so far. Shared by the connection-based checks so that failures can name their phase.
 */
import { performance } from 'node:perf_hooks';
import type { CheckContext, CheckResult, PhaseTimings } from '../types.js';
import type { Texts } from './texts.js';

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

/** The same in French ("délai de 5000 ms dépassé <phase>"). */
export const PHASE_FR: Record<Phase, string> = {
  dns: 'pendant la résolution DNS',
  connect: 'pendant la connexion',
  tls: 'pendant la négociation TLS',
  send: 'pendant l’envoi des données',
  banner: 'en attendant la bannière',
  headers: 'en attendant les en-têtes de la réponse',
  body: 'pendant la lecture du corps de la réponse',
  done: 'après la réponse',
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
 * `TimeoutError` (as from `AbortSignal.timeout`) or the timeout has elapsed since `startedAt`.
 */
export function isTimeout(signal: AbortSignal, startedAt: number, timeoutMs: number): boolean {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name === 'TimeoutError') return true;
  return performance.now() - startedAt >= timeoutMs - 1;
}

const NO_EXTRA: Texts = { en: '', fr: '' };

/**
 * The result of a probe stopped by `ctx.signal`: `down` on timeout, `unknown` when cancelled.
 * `extra` ends the timeout message (e.g. what was received so far).
 */
export function abortedResult(ctx: CheckContext, probe: Probe, extra: Texts = NO_EXTRA): CheckResult {
  const timings = timingsOf(probe);
  const { phase } = probe;
  if (isTimeout(ctx.signal, probe.start, ctx.timeoutMs)) {
    const en = `timed out after ${ctx.timeoutMs} ms ${PHASE_TEXT[phase]}${extra.en}`;
    return { status: 'down', message: en, messages: { en, fr: `délai de ${ctx.timeoutMs} ms dépassé ${PHASE_FR[phase]}${extra.fr}` }, latencyMs: null, timings };
  }
  const en = `the check was cancelled ${PHASE_TEXT[phase]} (shutdown or reload)`;
  return { status: 'unknown', message: en, messages: { en, fr: `la vérification a été annulée ${PHASE_FR[phase]} (arrêt ou rechargement)` }, latencyMs: null, timings };
}
