/**
 * @module The storage contract. Two implementations share it (SQLite, PostgreSQL) and one
 * contract suite (`store.contract.ts`) runs unchanged against both.
 *
 * Repositories hold only queries. Times are epoch ms. Pagination is by opaque cursor where a
 * table grows without bound (results, transitions) and by offset for monitors.
 */
import type { Kysely } from 'kysely';
import type { MonitorStateName, ResultStatus } from '../core/states.js';
import type { PhaseTimings } from '../checks/types.js';
import type { MonitorState, Transition, TransitionDraft } from '../engine/monitor-state.js';
import type { Database } from './tables.js';
import type { PassiveRepository } from './passive.repository.js';
import type { IncidentRepository } from './incidents.repository.js';
import type { DeliveryRepository } from './deliveries.repository.js';
import type { EscalationRepository } from './escalations.repository.js';
import type { CrisisRepository } from '../crisis/crisis.types.js';
import type { SubscriptionRepository } from '../status/subscription.types.js';
import type { ChangeRepository } from '../changes/changes.types.js';
import type { AccountRepository } from '../accounts/accounts.types.js';
import type { OverrideRepository } from '../oncall/override.types.js';

export type Dialect = 'sqlite' | 'postgres';
export type MonitorSource = 'file' | 'api';
/** The roles, least first: each may do everything the roles before it may do. */
export const ROLES = ['viewer', 'responder', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** A stored monitor: its raw input (re-parsed by callers) and bookkeeping. */
export interface MonitorRecord {
  id: string;
  name: string;
  type: string;
  source: MonitorSource;
  /** The input as written (config or API), to be re-parsed with `monitorInputSchema`. */
  input: Record<string, unknown>;
  tags: string[];
  paused: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface MonitorWithState extends MonitorRecord {
  state: MonitorState | null;
}

export interface MonitorFilter {
  state?: MonitorStateName;
  type?: string;
  tag?: string;
  source?: MonitorSource;
  /** Case-insensitive substring of the id or the name (ASCII case on SQLite). */
  q?: string;
}

/**
 * Where a page of monitors starts, in id order: after the id a previous page ended with (keyset:
 * an index seek at any depth), or after skipping `offset` monitors (older clients; slower deep).
 */
export type MonitorPageStart = { limit: number; after?: string; offset?: undefined } | { limit: number; offset: number; after?: undefined };

/** A page of monitors in id order; `next` is the id to pass as `after` for the next page, or null at the end. */
export interface MonitorPage<T> extends Page<T> {
  next: string | null;
}

/** What a list of monitors shows: no definition (so no secret is opened), the state in short. */
export interface MonitorSummary {
  id: string;
  name: string;
  type: string;
  source: MonitorSource;
  tags: string[];
  paused: boolean;
  state: Pick<MonitorState, 'state' | 'since' | 'flapping' | 'lastResultAt' | 'lastStatus' | 'lastMessage' | 'lastLatencyMs'> | null;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface CursorPage<T> {
  items: T[];
  /** Pass back as `cursor` for the next (older) page; null at the end. */
  nextCursor: string | null;
}

export interface ResultRow {
  monitorId: string;
  location: string;
  at: number;
  status: ResultStatus;
  latencyMs: number | null;
  message: string;
  timings: PhaseTimings | null;
}

export interface StoredResult extends ResultRow {
  id: number;
}

export interface TimeRange {
  from?: number;
  to?: number;
  limit: number;
  cursor?: string | null;
}

/** The figures of a rollup row. */
export interface RollupFigures {
  count: number;
  up: number;
  degraded: number;
  down: number;
  unknown: number;
  latencyMin: number | null;
  latencyAvg: number | null;
  latencyP95: number | null;
  latencyMax: number | null;
}

export interface Rollup extends RollupFigures {
  monitorId: string;
  location: string;
  hour: number;
}

export interface Uptime {
  /** Share of results that were up or degraded, among those that were not unknown; null with no data. */
  ratio: number | null;
  count: number;
  down: number;
  degraded: number;
  unknown: number;
}

export interface ApiToken {
  id: string;
  name: string;
  role: Role;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

export interface MonitorRepository {
  list(filter: MonitorFilter, page: MonitorPageStart): Promise<MonitorPage<MonitorWithState>>;
  /** {@link list} without the definitions: what a list of many monitors needs, much lighter. */
  listSummaries(filter: MonitorFilter, page: MonitorPageStart): Promise<MonitorPage<MonitorSummary>>;
  /** All live (not deleted) monitors, for the engine at start. */
  all(): Promise<MonitorRecord[]>;
  get(id: string): Promise<MonitorWithState | undefined>;
  /** Inserts or updates; a previously deleted id is revived with its history. */
  upsert(monitor: Omit<MonitorRecord, 'createdAt' | 'updatedAt'>, now: number): Promise<void>;
  /** {@link upsert} of many at once: one transaction, multi-row statements (the file monitors at start). */
  upsertMany(monitors: ReadonlyArray<Omit<MonitorRecord, 'createdAt' | 'updatedAt'>>, now: number): Promise<void>;
  /** Soft-deletes (history kept). Returns false when no live monitor had that id. */
  remove(id: string, now: number): Promise<boolean>;
  /** {@link remove} of many at once; returns how many live monitors were removed. */
  removeMany(ids: readonly string[], now: number): Promise<number>;
  setPaused(id: string, paused: boolean, now: number): Promise<void>;
  /**
   * The start-up pass over every stored definition (deleted ones too): secrets stored in clear
   * by an older version are encrypted, those encrypted with a previous key are encrypted again
   * with the current one. Returns how many monitors were rewritten. Throws, naming the
   * monitors, when a secret cannot be decrypted with any loaded key; then nothing is rewritten
   * (the key loaded may be the wrong one) and nothing is dropped. Writes in one transaction.
   */
  resealSecrets(): Promise<number>;
}

export interface StateRepository {
  /** Every stored monitor state, keyed by monitor id. */
  loadAll(): Promise<Map<string, MonitorState>>;
  /** Saves the states of many monitors at once (after a batch of results). */
  saveMany(states: Array<{ monitorId: string; state: MonitorState }>, now: number): Promise<void>;
  /**
   * Saves a monitor's state and appends its transitions in one transaction, so a state is never
   * stored without the transition that led to it. Returns the stored transitions with their ids.
   */
  commitTransition(monitorId: string, state: MonitorState, transitions: TransitionDraft[], now: number): Promise<Transition[]>;
}

/** How many results had each status. */
export interface StatusCounts {
  count: number;
  up: number;
  degraded: number;
  down: number;
  unknown: number;
}

/** What rollups need of a result. */
export interface ResultSample {
  monitorId: string;
  location: string;
  status: ResultStatus;
  latencyMs: number | null;
}

/**
 * Raw results. Each result is written as a row; the compactor later folds those of a settled
 * hour into one chunk per monitor and location (`result-chunk-codec.ts`). Every read
 * merges rows and chunks, so answers are the same before and after compaction.
 */
export interface ResultRepository {
  insertMany(rows: ResultRow[]): Promise<void>;
  /** Newest first. */
  list(monitorId: string, range: TimeRange): Promise<CursorPage<StoredResult>>;
  count(monitorId?: string): Promise<number>;
  /** The time of the oldest stored result (at or after `from` when given), or null when there is none. */
  oldestAt(from?: number): Promise<number | null>;
  /**
   * Deletes raw results older than `before`: rows, and whole chunks whose last result is older
   * (a chunk straddling `before` is kept until all of it is). At most `batch` results, plus the
   * rest of the last chunk; returns how many.
   */
  prune(before: number, batch: number): Promise<number>;
  /** Status and latency of every result of these monitors in `[from, to)`, in no order. */
  samples(monitorIds: readonly string[], from: number, to: number): Promise<ResultSample[]>;
  /** Results by status of each of these monitors over the union of `spans` (`[from, to)` each); monitors without results are absent. */
  countByStatus(monitorIds: readonly string[], spans: ReadonlyArray<readonly [number, number]>): Promise<Map<string, StatusCounts>>;
  /**
   * Folds the results of `[hourStart, hourStart + 1 h)` into chunks, every monitor, in
   * bounded transactions with yields between them. Results that would not read back identically
   * stay rows. Safe beside another compactor (a batch both took is committed by one only).
   */
  compactHour(hourStart: number): Promise<{ results: number; chunks: number }>;
}

export interface RollupRepository {
  /**
   * Computes and upserts hourly rollups (count by status, latency min/avg/p95/max) for every
   * monitor and location with results in [hourStart, hourStart + 1 h). Idempotent.
   */
  rollupHour(hourStart: number): Promise<number>;
  list(monitorId: string, from: number, to: number): Promise<Rollup[]>;
  /** Uptime over [from, to): rollups for whole hours plus raw results for partial hours. */
  uptime(monitorId: string, from: number, to: number): Promise<Uptime>;
  prune(before: number): Promise<number>;
}

export interface TransitionRepository {
  /** Newest first. */
  list(filter: { monitorId?: string; kind?: 'state' | 'event' }, range: TimeRange): Promise<CursorPage<Transition>>;
  /**
   * The outbox: the next transitions after this consumer's cursor, oldest first. Claiming does
   * not move the cursor; `ack` does, only if it still is where the claim found it.
   */
  claim(consumer: string, limit: number): Promise<{ cursor: number; items: Transition[] }>;
  /** Moves the consumer's cursor from `from` to `to`; false if another worker moved it first. */
  ack(consumer: string, from: number, to: number, now: number): Promise<boolean>;
}

/** Raised by `tokens.create` when a live token already has the name (even one created a moment before, concurrently). */
export class TokenNameTakenError extends Error {
  constructor(readonly tokenName: string) {
    super(`a live token is already named ${JSON.stringify(tokenName)}`);
    this.name = 'TokenNameTakenError';
  }
}

export interface TokenRepository {
  /** Stores a new token; throws {@link TokenNameTakenError} when a live token already has its name. */
  create(token: { id: string; name: string; role: Role; tokenHash: string }, now: number): Promise<ApiToken>;
  /** A live (not revoked) token by the hash of its secret. */
  findByHash(tokenHash: string): Promise<ApiToken | undefined>;
  /** The live (not revoked) token with this name; names are unique among live tokens. */
  findLiveByName(name: string): Promise<ApiToken | undefined>;
  touch(id: string, now: number): Promise<void>;
  list(): Promise<ApiToken[]>;
  revoke(id: string, now: number): Promise<boolean>;
}

export interface MetaRepository {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
}

export interface Store {
  readonly dialect: Dialect;
  /** Which key encrypts secrets at rest (its id and where it comes from), for logs. */
  readonly secretKey: { id: string; source: string };
  readonly db: Kysely<Database>;
  readonly monitors: MonitorRepository;
  readonly states: StateRepository;
  readonly results: ResultRepository;
  readonly rollups: RollupRepository;
  readonly transitions: TransitionRepository;
  readonly tokens: TokenRepository;
  readonly meta: MetaRepository;
  /** Pushed heartbeats, boots and traffic counts of passive monitors. */
  readonly passive: PassiveRepository;
  /** Services' states, incidents with their timelines, API maintenance windows. */
  readonly incidents: IncidentRepository;
  /** The outbox of notification messages and their attempts. */
  readonly deliveries: DeliveryRepository;
  /** What incidents' people were told, escalations, channel health, acknowledge links, silences. */
  readonly escalations: EscalationRepository;
  /** Crises with their incidents, deadlines and communication drafts. */
  readonly crises: CrisisRepository;
  /** Status page subscribers and what they were told of each incident. */
  readonly subscriptions: SubscriptionRepository;
  /** Changes (recorded by people, pipelines and checks), rollouts and their timelines. */
  readonly changes: ChangeRepository;
  /** Users of the console, their sessions, failed sign-ins and the audit log. */
  readonly accounts: AccountRepository;
  /** Overrides of on-call schedules made through the API. */
  readonly overrides: OverrideRepository;
  /**
   * Applies pending migrations, then re-encrypts stored secrets as needed
   * (`monitors.resealSecrets`); returns the names of the migrations applied.
   */
  migrate(): Promise<string[]>;
  /** Approximate size of the database in bytes (file size for SQLite, pg_database_size for PostgreSQL). */
  sizeBytes(): Promise<number>;
  close(): Promise<void>;
}
