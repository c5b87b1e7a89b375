/**
 * @module The contract every check type implements.
 *
 * A check type is one folder under `src/checks/<type>/` exporting a {@link CheckType}; adding it
 * to `registry.ts` is the only other change. `run()` only probes: no storage, no state, no
 * notifications. Change detection (`diff`) is a pure function of two results' details.
 */
import type { z } from 'zod';
import type { ResultStatus } from '../core/states.js';
import type { PassiveReader } from './passive-reader.js';

/** Phase timings in milliseconds; absent phases are omitted (e.g. `tls` on plain HTTP). */
export interface PhaseTimings {
  dns?: number;
  connect?: number;
  tls?: number;
  firstByte?: number;
  total: number;
  [phase: string]: number | undefined;
}

/** A notable change seen by a check even when the state stays the same (answer set, certificate). */
export interface CheckEvent {
  /** Dotted type, e.g. `dns.answer_changed`, `tls.issuer_changed`. */
  type: string;
  /** One readable sentence, e.g. `A answers changed: 192.0.2.1 → 192.0.2.2`. */
  message: string;
  /** The same in French and English, when the check writes them. */
  messages?: Partial<Record<'en' | 'fr', string>>;
  before?: unknown;
  after?: unknown;
}

/** What one run of a check returns. */
export interface CheckResult {
  status: ResultStatus;
  /** Readable reason, always set for non-up results (e.g. `expected status 200, got 503`). */
  message: string;
  /**
   * The message in the languages users read (`fr`, `en`), when the check writes them; `message`
   * stays the English text. Kept with transitions for notifications and status pages.
   */
  messages?: Partial<Record<'en' | 'fr', string>>;
  /** The main latency figure in ms (HTTP: total time), `null` when nothing was measured. */
  latencyMs: number | null;
  timings?: PhaseTimings;
  /**
   * Small JSON-serialisable facts kept as the monitor's last details and given to `diff` on the
   * next run (e.g. DNS answer set, certificate fingerprint and issuer).
   */
  details?: Record<string, unknown>;
}

/** What the engine gives a check at run time. */
export interface CheckContext {
  /** Aborted on timeout or shutdown; checks must stop promptly and report `unknown`/`down`. */
  signal: AbortSignal;
  /** The monitor's timeout in ms (the signal also fires then). */
  timeoutMs: number;
  /** The monitor being checked; absent for ad-hoc runs (`vigie check --type …`). */
  monitorId?: string;
  /** What servers pushed (heartbeats, traffic counters), for passive check types. */
  passive?: PassiveReader;
}

/** One check type: its config schema, how to probe, and how to compare two runs. */
export interface CheckType<Schema extends z.ZodType = z.ZodType> {
  /** The key used in config (`http:`) and the API (`type: "http"`). */
  readonly type: string;
  /** One line for `--help`, docs and the console picker. */
  readonly description: string;
  /** The zod schema of the type's own block (`monitors[].http`). Must be a strict object. */
  readonly schema: Schema;
  /** The host (or host:port) the check talks to, used for per-host concurrency limits. */
  target(config: z.output<Schema>): string;
  /**
   * The shortest interval this check may run at with this config, when the type needs one (e.g.
   * registries must not be polled more often than every 5 minutes). Checked by the monitor schema.
   */
  minIntervalMs?(config: z.output<Schema>): { ms: number; why: string } | undefined;
  /** Probes once. Never throws for a failed probe: it returns `down`/`unknown` with a message. */
  run(config: z.output<Schema>, ctx: CheckContext): Promise<CheckResult>;
  /** Pure: events worth raising between the previous run's details and this one's. */
  diff?(config: z.output<Schema>, previous: Record<string, unknown> | undefined, current: CheckResult): CheckEvent[];
  /**
   * Pure: what a result judged, for check types whose runs may judge the same data again (a
   * traffic bucket judged by a push and by the next scheduled run). A result whose sample equals
   * the previous result's revises that result instead of counting as one more confirmation, so
   * `confirmations` counts samples (buckets) as it counts runs for other types. `undefined`: the
   * result counts as a run of its own.
   */
  sample?(details: Record<string, unknown> | undefined): string | undefined;
  /**
   * Pure: the details to keep as the monitor's last details (default: this run's). Lets a run
   * that saw nothing to compare (every resolver failed) carry forward what the next `diff` must
   * compare with, so a change across a failed run is still raised.
   */
  keep?(previous: Record<string, unknown> | undefined, current: CheckResult): Record<string, unknown> | undefined;
}

/** Helper that keeps a check type's config type tied to its schema. */
export function defineCheck<Schema extends z.ZodType>(check: CheckType<Schema>): CheckType<Schema> {
  return check;
}
