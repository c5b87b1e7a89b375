/**
 * @module The dead man's switch: every `every`, Vigie calls a configured URL (GET) — but only
 * while its own pipeline is healthy ({@link pipelineHealth}). Whoever watches that URL (a
 * heartbeat monitor on a second Vigie) raises the alarm when the calls stop, which covers what
 * Vigie cannot report itself: a dead process, a stuck loop, a database gone. It logs once when it
 * stops calling and why, and once when it resumes.
 */
import type { Logger } from 'pino';
import { request } from 'undici';
import { pipelineHealth, type PipelineFacts, type PipelineLimits } from './pipeline-health.js';

/** The watchdog settings in force (from `notifications.watchdog`). */
export interface WatchdogSettings {
  url: string;
  everyMs: number;
  limits: PipelineLimits;
}

export interface WatchdogDeps {
  /** The settings in force, read at each beat; `undefined` when no watchdog is configured. */
  settings: () => WatchdogSettings | undefined;
  /** The pipeline's facts now. */
  facts: () => Promise<PipelineFacts>;
  log: Logger;
  /** Per-call timeout (default 10 s). */
  timeoutMs?: number;
}

/** What a beat did. */
export type BeatOutcome = 'off' | 'called' | 'call_failed' | 'unhealthy';

/** How long to wait before looking at the settings again when no watchdog is configured. */
const IDLE_MS = 30_000;

export class Watchdog {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();
  private readonly abort = new AbortController();
  /** The parts of the pipeline behind when last logged (`''`: healthy), so each change is logged once. */
  private lastBehind = '';
  /** The call failure last logged (`''`: calls work). */
  private lastFailure = '';

  constructor(private readonly deps: WatchdogDeps) {}

  /** Looks at the pipeline and calls the URL if it is healthy. */
  async beat(): Promise<BeatOutcome> {
    const settings = this.deps.settings();
    if (!settings) return 'off';
    const { problems, behind } = await this.deps
      .facts()
      .then((facts) => pipelineHealth(facts, settings.limits))
      .catch((error: unknown) => ({ problems: [`the pipeline's state cannot be read: ${error instanceof Error ? error.message : String(error)}`], behind: ['store'] }));
    const text = problems.join('; ');
    if (behind.join() !== this.lastBehind) {
      if (problems.length > 0) this.deps.log.error({ problems }, `watchdog: not calling the heartbeat URL while the pipeline is unhealthy: ${text}`);
      else this.deps.log.info('watchdog: the pipeline is healthy again; calling the heartbeat URL');
      this.lastBehind = behind.join();
    }
    if (problems.length > 0) {
      this.deps.log.debug({ problems }, 'watchdog: heartbeat URL not called');
      return 'unhealthy';
    }
    const failure = await this.call(settings.url);
    if (failure !== this.lastFailure) {
      // The URL is not logged: a push URL holds its token.
      if (failure) this.deps.log.warn({ error: failure }, `watchdog: calling the heartbeat URL failed: ${failure}`);
      else this.deps.log.info('watchdog: the heartbeat URL answers again');
      this.lastFailure = failure;
    }
    return failure ? 'call_failed' : 'called';
  }

  /** Calls the URL; returns why it failed, or `''`. */
  private async call(url: string): Promise<string> {
    const timeoutMs = this.deps.timeoutMs ?? 10_000;
    try {
      const answer = await request(url, {
        method: 'GET',
        headers: { 'user-agent': 'Vigie watchdog' },
        signal: AbortSignal.any([this.abort.signal, AbortSignal.timeout(timeoutMs)]),
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      await answer.body.dump();
      return answer.statusCode >= 200 && answer.statusCode < 300 ? '' : `HTTP ${answer.statusCode}`;
    } catch (error) {
      if (this.abort.signal.aborted) return '';
      return error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : error instanceof Error ? error.message : String(error);
    }
  }

  /** Beats now, then every `every` of the settings in force. */
  start(): void {
    const tick = () => {
      this.running = this.beat()
        .catch((error: unknown) => this.deps.log.error({ err: error }, 'watchdog beat failed'))
        .finally(() => {
          if (!this.abort.signal.aborted) this.timer = setTimeout(tick, this.deps.settings()?.everyMs ?? IDLE_MS);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    this.abort.abort();
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
