/** @module Shapes of the API answers the console reads (see docs/api.md). */

export type Role = 'viewer' | 'responder' | 'editor' | 'admin';
export type Lang = 'en' | 'fr';
export type Texts = { en: string; fr: string };

export interface User {
  id: number | string;
  username: string;
  display_name: string | null;
  role: Role;
  language: Lang | null;
  time_zone: string | null;
  totp_enabled: boolean;
}

export interface Session {
  user: User;
  csrf: string;
}

export type MonitorState = 'pending' | 'up' | 'degraded' | 'down' | 'unknown' | 'paused';

export interface Monitor {
  id: string;
  name: string | null;
  type: string;
  source: 'file' | 'api';
  tags: string[];
  paused: boolean;
  state: {
    state: MonitorState;
    since: string | null;
    flapping: boolean;
    lastResult: { status: string; message: string; latencyMs: number | null; at: string } | null;
  };
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
  /** Keyset pagination (monitors): pass as `after` for the next page; null on the last. */
  next?: string | null;
}

export type ServiceState = 'operational' | 'degraded_performance' | 'partial_outage' | 'major_outage' | 'under_maintenance';

export interface Service {
  id: string;
  name: Texts;
  criticality: string;
  state: ServiceState | null;
  since: string | null;
  reasons: Array<{ code: string } & Texts>;
  redundancy: { healthy: number; total: number; minHealthy: number; failing: string[] } | null;
}

export interface Incident {
  id: number;
  status: string;
  severity: string;
  title: Texts;
  serviceId: string | null;
  openedAt: string;
  acknowledgedAt: string | null;
}

export interface Deadline {
  id: string;
  title: Texts | string;
  state: 'open' | 'met' | 'met_late' | 'missed' | 'cancelled';
  dueAt: string;
}

export interface Crisis {
  id: number;
  status: 'active' | 'deactivated';
  cell: { id: string; name: Texts };
  title: Texts | string | null;
  activatedAt: string;
  deadlines?: Deadline[];
}

export interface Transition {
  id: number;
  monitorId: string;
  at: string;
  kind: string;
  fromState: MonitorState | null;
  toState: MonitorState | null;
  reason: string | null;
}

// Settings, account, on-call and changes pages (issue 15).

/** A user as `GET /api/v1/users` and `/api/v1/session` give it. */
export interface UserRecord extends User {
  id: string;
  display_name: string;
  language: Lang;
  disabled: boolean;
  created_at: string;
  updated_at: string;
}

/** An API token (camelCase, as the tokens routes answer); `secret` only in the creation answer. */
export interface ApiToken {
  id: string;
  name: string;
  role: Role;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  secret?: string;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  actor_kind: 'user' | 'token' | 'system';
  action: string;
  target: string | null;
  details: Record<string, unknown>;
  ip: string | null;
}

export interface OnCallItem {
  schedule: { id: string; name: string; timeZone: string };
  at: string;
  onCall: {
    person: { id: string; name: string };
    source: { kind: 'layer'; layer: string } | { kind: 'override'; note?: string | null };
    since: string | null;
    until: string | null;
    sinceLocal: string | null;
    untilLocal: string | null;
  } | null;
}

export interface Channel {
  id: string;
  name: string;
  kind: string;
  health: { failing: boolean; permanentFailures: number; failingSince: string | null; lastError: string | null };
}

export interface Change {
  id: number;
  summary: string;
  source: string | null;
  kind: string;
  external_ref: string | null;
  timestamp: string;
  origin: 'api' | 'check';
  rollout: string | null;
  ring: number | null;
  author: string | null;
  reaches: string[];
  rolled_back_at: string | null;
}

export interface RolloutRing {
  index: number;
  name: string | null;
  monitors: string[];
  reaches: string[];
  soak_ms: number;
  /** The id of the latest change recorded for this ring. */
  change: number | null;
  deployed_at: string | null;
}

export interface Rollout {
  id: string;
  title: string;
  kind: string;
  external_ref: string | null;
  status: 'active' | 'completed' | 'aborted';
  rings: RolloutRing[];
  author: string | null;
  created_at: string;
  timeline?: Array<{ id: number; at: string; last_at: string; count: number; kind: string; ring: number | null; verdict: string | null; text: Texts | string; author: string | null }>;
}

export interface GuardVerdict {
  rollout: string;
  ring: number;
  verdict: 'go' | 'no-go';
  reasons: Array<{ code: string; text: Texts; subject?: string; remaining_ms?: number }>;
  checked: Texts[];
  at: string;
}

// Incidents and the crisis room (console/src/pages/incident*.tsx, crisis.tsx).

export type IncidentStatus = 'open' | 'acknowledged' | 'mitigated' | 'resolved';

export interface TimelineEntry {
  id: number;
  at: string;
  kind: string;
  author: string | null;
  text: Texts;
  details: Record<string, unknown> | null;
}

export interface IncidentDetail extends Incident {
  status: IncidentStatus;
  summary: Texts | null;
  affected: string[];
  resolvedAt: string | null;
  mitigatedAt: string | null;
  figures: { timeToDetectMs: number | null; timeToAcknowledgeMs: number | null; timeToResolveMs: number | null };
  timeline: TimelineEntry[];
}

export interface Suspect {
  change: { id: number; summary: string; kind: string; timestamp: string; author: string };
  rank: number;
  before_ms: number;
  link: string;
  touched: string[];
  text: Texts;
}

export interface SuspectList {
  items: Suspect[];
  likely_cause: { change: number; text: Texts } | null;
}

export interface PersonRef {
  id: string;
  name: string;
}

export interface CrisisDeadline extends Omit<Deadline, 'id'> {
  id: number;
  title: Texts;
  audience: string;
  owner: { role: string; name: Texts; people: PersonRef[] };
  metAt: string | null;
  metBy: string | null;
}

export interface CrisisDraft {
  id: number;
  deadline: number | null;
  audience: 'internal' | 'public' | 'authority' | 'stakeholder';
  status: 'draft' | 'approved' | 'sent';
  texts: { en: { subject: string; body: string }; fr: { subject: string; body: string } };
  approvedBy: PersonRef | null;
  approvedAt: string | null;
  sentBy: string | null;
  sentAt: string | null;
}

export interface CrisisDetail {
  id: number;
  status: 'active' | 'deactivated';
  cell: { id: string; name: Texts | null };
  title: Texts;
  activatedBy: string;
  activatedAt: string;
  primaryIncident: number | null;
  roles: Array<{ role: string; name: Texts; people: PersonRef[] }>;
  approvers: PersonRef[];
  bridge: string | null;
  checklist: Array<{ index: number; text: Texts; done: boolean; doneAt: string | null; doneBy: string | null }>;
  incidents: Array<{ id: number; title: Texts; status: IncidentStatus; severity: string }>;
  deadlines: CrisisDeadline[];
  drafts: CrisisDraft[];
  /** How the crisis ended (set on deactivation). */
  summary: Texts | null;
}

/** A monitor as `GET /api/v1/monitors/:id` gives it (the list's fields and more). */
export interface MonitorDetail extends Monitor {
  description: string | null;
  intervalMs: number | null;
  timeoutMs: number | null;
  input: Record<string, unknown>;
  /** Where a file monitor is written (file relative to the config folder, 1-based line). */
  configSource?: { file: string; line: number };
  /** What each declared location sees (monitors with `locations`). */
  locations?: LocationState[];
  createdAt: string;
  updatedAt: string;
}

/** One location of a multi-location monitor (`GET /api/v1/monitors/:id`). */
export interface LocationState {
  name: string;
  state: Monitor['state']['state'];
  silent: boolean;
  since: string | null;
  lastResult: { status: Monitor['state']['state']; message: string | null; latencyMs: number | null; at: string } | null;
}

/** A crisis cell that can be activated by hand (`GET /api/v1/crisis-cells`). */
export interface CrisisCell {
  id: string;
  name: { en: string; fr: string };
  kinds: string[];
}

/** One stored check result (`GET /api/v1/monitors/:id/results`). */
export interface CheckResult {
  id: number;
  at: string;
  location: string;
  status: 'up' | 'degraded' | 'down' | 'unknown';
  latencyMs: number | null;
  message: string | null;
  timings: Record<string, number> | null;
}

/** One window of `GET /api/v1/monitors/:id/uptime`. */
export interface UptimeWindow {
  ratio: number | null;
  count: number;
  down: number;
  degraded: number;
  unknown: number;
  from: string;
  to: string;
}
