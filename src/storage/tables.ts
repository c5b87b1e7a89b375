/**
 * @module The database tables as Kysely sees them.
 *
 * Every time is an epoch in milliseconds (BIGINT in PostgreSQL, INTEGER in SQLite), every JSON
 * column is TEXT validated by a zod schema where it is read, booleans are 0/1 integers: the same
 * values on both dialects.
 */
import type { ColumnType, Generated } from 'kysely';
import type { Role } from './store.js';

export interface MonitorsTable {
  id: string;
  name: string;
  type: string;
  /** `file` (read-only through the API) or `api`. */
  source: 'file' | 'api';
  /** The monitor as written (config file or API body, before defaults) as JSON; re-parsed with `monitorInputSchema` when read. */
  definition: string;
  /** JSON array of tags, duplicated from the definition for filtering. */
  tags: string;
  paused: number;
  created_at: number;
  updated_at: number;
  /** Set when a monitor leaves the config or is deleted; its history is kept. */
  deleted_at: number | null;
}

export interface MonitorStateTable {
  monitor_id: string;
  state: string;
  since: number | null;
  pending_status: string | null;
  pending_count: number;
  flapping: number;
  /** JSON array of the epoch ms of recent state changes (flap window). */
  recent_changes: string;
  last_result_at: number | null;
  last_status: string | null;
  last_message: string | null;
  last_latency_ms: number | null;
  /** JSON object: the check's last details, given to `diff` on the next run. */
  last_details: string | null;
  updated_at: number;
}

export interface ResultsTable {
  id: Generated<number>;
  monitor_id: string;
  location: string;
  at: number;
  status: string;
  latency_ms: number | null;
  message: string;
  /** JSON object of phase timings, or null. */
  timings: string | null;
}

/**
 * The results of one monitor and location over (part of) a settled hour, folded into one row
 * by the compactor (`result-chunk-codec.ts` describes `data`); results that would not read
 * back identically stay rows of `results`.
 */
export interface ResultChunksTable {
  id: Generated<number>;
  monitor_id: string;
  location: string;
  /** Time of the first and last result held, epoch ms. */
  first_at: number;
  last_at: number;
  /** How many results `data` holds. */
  count: number;
  data: Buffer;
}

export interface RollupsHourlyTable {
  monitor_id: string;
  location: string;
  /** Start of the hour, epoch ms. */
  hour: number;
  count: number;
  up: number;
  degraded: number;
  down: number;
  unknown: number;
  latency_min: number | null;
  latency_avg: number | null;
  latency_p95: number | null;
  latency_max: number | null;
}

export interface TransitionsTable {
  id: Generated<number>;
  monitor_id: string;
  at: number;
  /** `state` for a state change, `event` for a change seen without one (DNS answers, certificate…). */
  kind: 'state' | 'event';
  from_state: string | null;
  to_state: string | null;
  /** For events: dotted type such as `dns.answer_changed`; for states: null. */
  event_type: string | null;
  reason: string;
  /** JSON object or null. */
  details: string | null;
}

export interface ConsumerCursorsTable {
  consumer: string;
  last_id: number;
  updated_at: number;
}

export interface ApiTokensTable {
  id: string;
  name: string;
  role: Role;
  /** SHA-256 of the secret, hex. The secret itself is never stored. */
  token_hash: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface MetaTable {
  key: string;
  value: string;
}

export interface Database {
  monitors: MonitorsTable;
  monitor_state: MonitorStateTable;
  results: ResultsTable;
  result_chunks: ResultChunksTable;
  rollups_hourly: RollupsHourlyTable;
  transitions: TransitionsTable;
  consumer_cursors: ConsumerCursorsTable;
  api_tokens: ApiTokensTable;
  meta: MetaTable;
}

/** Keeps `ColumnType` importable for repositories that need insert/select differences. */
export type { ColumnType };
