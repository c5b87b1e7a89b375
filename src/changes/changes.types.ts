/**
 * @module The change vocabulary (issue 14): changes recorded by people, pipelines and the checks
 * themselves; rollouts in rings with a go/no-go guard; suspects that tie an incident to the
 * changes that may have caused it. Times are epoch ms.
 */
import type { Localized } from '../incidents/incident.types.js';

/** What kind of change. The last three are what the checks record by themselves. */
export const CHANGE_KINDS = ['patch', 'deploy', 'config', 'procedure', 'renewal', 'registry', 'certificate', 'dns', 'other'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** Who recorded a change: the API (people, pipelines, `vigie change record`) or a check that saw it. */
export type ChangeOrigin = 'api' | 'check';

/** What a change touched. Monitors and services by id, tags, host names by glob (`dc-*.corp`). */
export interface ChangeTargets {
  monitors: string[];
  services: string[];
  tags: string[];
  hosts: string[];
}

/** A link of a change (PagerDuty change events: `links[]`). */
export interface ChangeLink {
  href: string;
  text?: string;
}

/** A stored change. */
export interface Change {
  id: number;
  summary: string;
  /** Where it came from: a pipeline, a tool, a host name (PagerDuty `source`). */
  source: string | null;
  kind: ChangeKind;
  /** An external reference such as `KB5009557`, a ticket or a commit. */
  externalRef: string | null;
  /** When the change was made (PagerDuty `timestamp`). */
  at: number;
  links: ChangeLink[];
  /** Free-form details (PagerDuty `custom_details`). */
  details: Record<string, unknown>;
  targets: ChangeTargets;
  origin: ChangeOrigin;
  /** For changes recorded by a check: the transition (event) that saw it; unique. */
  transitionId: number | null;
  /** The rollout and ring this change deployed, when it is one step of a rollout. */
  rolloutId: string | null;
  ring: number | null;
  author: string;
  rolledBackAt: number | null;
  rolledBackBy: string | null;
  rollbackNote: string | null;
  createdAt: number;
}

/** What is needed to record a change. */
export type ChangeDraft = Omit<Change, 'id' | 'rolledBackAt' | 'rolledBackBy' | 'rollbackNote' | 'createdAt'>;

export interface ChangeFilter {
  /** Changes made at or after / before these times. */
  from?: number;
  to?: number;
  kind?: ChangeKind;
  rolloutId?: string;
  /** Changes whose targets name this monitor id (exact; tag/host/service matches are resolved by callers). */
  monitorId?: string;
}

/** One ring of a rollout: what it deploys to and how long it must stay healthy before the next. */
export interface Ring {
  /** Optional label ("first domain controller"). */
  name: string | null;
  monitors: string[];
  services: string[];
  tags: string[];
  /** How long the ring must stay healthy after its change before the next ring may go. */
  soakMs: number;
}

/** Which conditions, besides the rings' own health, block a rollout. All on by default. */
export interface GuardConditions {
  /** No-go while an incident is open on a guarded service (the rings' services plus `services`). */
  incidents: boolean;
  /** No-go while a crisis is active. */
  crisis: boolean;
  /** No-go while a freeze window is in force. */
  freezes: boolean;
  /** More services whose open incidents block the rollout. */
  services: string[];
}

export const ROLLOUT_STATUSES = ['active', 'completed', 'aborted'] as const;
export type RolloutStatus = (typeof ROLLOUT_STATUSES)[number];

/** A stored rollout. `id` is chosen by its author (`kb5009557-dc`). */
export interface Rollout {
  id: string;
  title: string;
  /** The change it rolls out, by kind and reference (each ring's deployment is a change of its own). */
  changeKind: ChangeKind;
  externalRef: string | null;
  rings: Ring[];
  guard: GuardConditions;
  status: RolloutStatus;
  author: string;
  createdAt: number;
  updatedAt: number;
}

export type RolloutDraft = Omit<Rollout, 'status' | 'createdAt' | 'updatedAt'>;

export const ROLLOUT_EVENT_KINDS = ['created', 'change', 'decision', 'rolled_back', 'status'] as const;
export type RolloutEventKind = (typeof ROLLOUT_EVENT_KINDS)[number];

/** One entry of a rollout's timeline. A repeated identical decision updates `lastAt`/`count`. */
export interface RolloutEvent {
  id: number;
  rolloutId: string;
  at: number;
  lastAt: number;
  count: number;
  kind: RolloutEventKind;
  ring: number | null;
  /** For decisions. */
  decision: GuardVerdict | null;
  text: Localized;
  details: Record<string, unknown> | null;
  author: string | null;
}

export type RolloutEventDraft = Omit<RolloutEvent, 'id' | 'lastAt' | 'count'>;

/** Changes and rollouts, on both dialects (contract suite in `test/integration/storage-changes.contract.test.ts`). */
export interface ChangeRepository {
  /** Records a change; a second change with the same `transitionId` returns the first (idempotent). */
  insert(draft: ChangeDraft, now: number): Promise<Change>;
  get(id: number): Promise<Change | undefined>;
  /** Newest first (by `at`, then id). */
  list(filter: ChangeFilter, limit: number): Promise<Change[]>;
  /** Marks a change rolled back; undefined when there is no such change. Rolling back twice keeps the first. */
  rollBack(id: number, by: string, note: string | null, at: number): Promise<Change | undefined>;

  createRollout(draft: RolloutDraft, now: number): Promise<Rollout>;
  getRollout(id: string): Promise<Rollout | undefined>;
  /** Newest first. */
  listRollouts(filter: { status?: RolloutStatus }, limit: number): Promise<Rollout[]>;
  setRolloutStatus(id: string, status: RolloutStatus, now: number): Promise<Rollout | undefined>;

  /**
   * Appends to a rollout's timeline. When `mergeKey` is given and the newest event of the rollout
   * has the same key, that event's `lastAt` and `count` are bumped instead (a guard polled every
   * 30 s records one line "no-go ×40 from 10:01 to 10:21", not forty).
   */
  appendEvent(event: RolloutEventDraft, mergeKey?: string): Promise<RolloutEvent>;
  /** Oldest first. */
  events(rolloutId: string): Promise<RolloutEvent[]>;
}

/** The guard's answer. */
export type GuardVerdict = 'go' | 'no-go';

/** Why the guard says no (codes are stable for scripts; texts are for people). */
export const GUARD_REASON_CODES = ['ring_not_deployed', 'ring_soaking', 'ring_unhealthy', 'reboot_loop', 'incident_open', 'crisis_active', 'freeze', 'rollout_closed'] as const;
export type GuardReasonCode = (typeof GUARD_REASON_CODES)[number];

export interface GuardReason {
  code: GuardReasonCode;
  text: Localized;
  /** The monitor, incident, crisis or freeze window concerned. */
  subject?: string;
  /** For `ring_soaking`: how much longer. */
  remainingMs?: number;
}

export interface GuardDecision {
  rolloutId: string;
  ring: number;
  verdict: GuardVerdict;
  /** Empty for go. */
  reasons: GuardReason[];
  /** For a go, what was checked, e.g. "ring 0 (dc-1) healthy for 30 min since its change". */
  checked: Localized[];
  at: number;
}

/** Why a change is suspected. */
export const SUSPECT_LINKS = ['same_monitor', 'same_host', 'redundancy_member', 'same_service', 'dependency', 'shared_tag'] as const;
export type SuspectLink = (typeof SUSPECT_LINKS)[number];

/** A change suspected of causing an incident, with its rank (1 = most likely). */
export interface Suspect {
  changeId: number;
  rank: number;
  score: number;
  /** How long before the first failure the change was made (ms, ≥ 0). */
  beforeMs: number;
  /** The strongest link and the failed monitors/services it reaches. */
  link: SuspectLink;
  touched: string[];
  text: Localized;
}

/** An incident's suspects and, when one change stands out, the likely cause. */
export interface SuspectList {
  suspects: Suspect[];
  likelyCause: { changeId: number; text: Localized } | null;
}
