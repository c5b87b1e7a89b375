/**
 * @module The crisis vocabulary: a crisis (one per cluster of linked incidents) with its roles,
 * checklist and activations; its deadlines (communication obligations with an owner, reminders,
 * met or missed); its drafts (texts in French and English, edited, approved, sent); and the
 * storage contract of all three. Times are epoch ms.
 */
import type { Localized } from '../incidents/incident.types.js';
import type { Audience, CrisisRole } from './crisis.schema.js';

export type { Audience, CrisisRole };

export const CRISIS_STATUSES = ['active', 'deactivated'] as const;
export type CrisisStatus = (typeof CRISIS_STATUSES)[number];

/** One checklist item of a crisis. */
export interface ChecklistItem {
  text: Localized;
  doneAt: number | null;
  doneBy: string | null;
}

/** Who holds each role of a crisis (person ids), resolved at activation (schedules → on-call person). */
export type RoleAssignments = Partial<Record<CrisisRole, string[]>>;

/** A stored crisis. */
export interface Crisis {
  id: number;
  cellId: string;
  /** The crisis kind (picks the checklist): the rule's, or `default`. */
  kind: string;
  status: CrisisStatus;
  title: Localized;
  /** What activated it: a rule id, or null when activated by hand. */
  ruleId: string | null;
  /** Who activated it by hand (API token name, CLI user), or `vigie` for a rule. */
  activatedBy: string;
  /** Why, in plain words ("SEV1 incident #12", "activated by alice: …"). */
  reason: Localized;
  /** The incident that activated it (messages and timeline entries refer to it first). */
  primaryIncidentId: number | null;
  /** What links incidents to this crisis: the root cause reference (`service:emergency-calls`) or `incident:<id>`. */
  clusterKey: string;
  roles: RoleAssignments;
  bridge: string | null;
  checklist: ChecklistItem[];
  /** The first activation. */
  activatedAt: number;
  /** How many times it was activated (1 + re-activations after a flare-up). */
  activations: number;
  /** The latest activation. */
  lastActivatedAt: number;
  /** The last activation whose members were paged (equal to `activations` once paged). */
  pagedActivation: number;
  deactivatedAt: number | null;
  deactivatedBy: string | null;
  summary: Localized | null;
  createdAt: number;
  updatedAt: number;
}

/** What is needed to create a crisis. */
export type CrisisDraft = Omit<Crisis, 'id' | 'status' | 'activations' | 'lastActivatedAt' | 'pagedActivation' | 'deactivatedAt' | 'deactivatedBy' | 'summary' | 'createdAt' | 'updatedAt'>;

/** Fields that change after creation. */
export type CrisisPatch = Partial<Pick<Crisis, 'status' | 'roles' | 'checklist' | 'activations' | 'lastActivatedAt' | 'pagedActivation' | 'deactivatedAt' | 'deactivatedBy' | 'summary' | 'primaryIncidentId'>>;

/** An incident linked to a crisis. */
export interface CrisisIncident {
  crisisId: number;
  incidentId: number;
  joinedAt: number;
}

/** A deadline of a crisis: one communication that must go out by `dueAt`. */
export interface Deadline {
  id: number;
  crisisId: number;
  /** Unique within the crisis: the obligation id, with the preset step (`nis2.early_warning`) and the repeat number (`public-updates#2`). */
  key: string;
  obligationId: string;
  audience: Audience;
  /** Stakeholder ids it is sent to (authority and stakeholder audiences). */
  stakeholders: string[];
  title: Localized;
  owner: CrisisRole;
  startsAt: number;
  dueAt: number;
  metAt: number | null;
  metBy: string | null;
  /** When it went past due unmet (it may still be met later, late). */
  missedAt: number | null;
  /** How many reminders were sent (the `crisis.reminders` fractions, then the one at due time). */
  reminders: number;
  /** When the crisis lead was told it is overdue. */
  escalatedAt: number | null;
  /** When it stopped mattering unmet (the crisis was deactivated before a repeating update was due). */
  cancelledAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export type DeadlineDraft = Omit<Deadline, 'id' | 'crisisId' | 'metAt' | 'metBy' | 'missedAt' | 'reminders' | 'escalatedAt' | 'cancelledAt' | 'createdAt' | 'updatedAt'>;
export type DeadlinePatch = Partial<Pick<Deadline, 'dueAt' | 'metAt' | 'metBy' | 'missedAt' | 'reminders' | 'escalatedAt' | 'cancelledAt'>>;

export const DRAFT_STATUSES = ['draft', 'approved', 'sent'] as const;
export type DraftStatus = (typeof DRAFT_STATUSES)[number];

/** The text of a draft in one language. */
export interface DraftText {
  subject: string;
  body: string;
}

/** A communication being prepared: filled from templates, edited, approved, sent. */
export interface CommunicationDraft {
  id: number;
  crisisId: number;
  /** The deadline that sending it meets, if any. */
  deadlineId: number | null;
  audience: Audience;
  /** Stakeholder ids it goes to (authority and stakeholder audiences). */
  stakeholders: string[];
  texts: { en: DraftText; fr: DraftText };
  /** The figures the texts were filled with when generated (impact, services…), for the report. */
  facts: Record<string, unknown>;
  status: DraftStatus;
  createdAt: number;
  updatedAt: number;
  editedBy: string | null;
  approvedBy: string | null;
  approvedAt: number | null;
  sentBy: string | null;
  sentAt: number | null;
}

export type CommunicationDraftInput = Pick<CommunicationDraft, 'crisisId' | 'deadlineId' | 'audience' | 'stakeholders' | 'texts' | 'facts'> & { editedBy?: string | null };
export type DraftPatch = Partial<Pick<CommunicationDraft, 'texts' | 'facts' | 'status' | 'editedBy' | 'approvedBy' | 'approvedAt' | 'sentBy' | 'sentAt'>>;

/** Storage of crises, their incidents, deadlines and drafts (SQLite and PostgreSQL). */
export interface CrisisRepository {
  /** Creates an active crisis (activations 1, paged 0) linked to `incidentIds`. */
  create(draft: CrisisDraft, incidentIds: readonly number[], now: number): Promise<Crisis>;
  get(id: number): Promise<Crisis | undefined>;
  /** Newest first. */
  list(filter: { status?: CrisisStatus }, limit: number): Promise<Crisis[]>;
  /** The crisis an incident is linked to, if any (an incident belongs to one crisis at most). */
  forIncident(incidentId: number): Promise<Crisis | undefined>;
  /** The newest crisis with this cluster key and cell, active or not. */
  byClusterKey(cellId: string, clusterKey: string): Promise<Crisis | undefined>;
  /** Links an incident; false when it is already linked (to this crisis or another). */
  link(crisisId: number, incidentId: number, now: number): Promise<boolean>;
  /** The incidents of a crisis, in the order they joined. */
  incidents(crisisId: number): Promise<CrisisIncident[]>;
  /** Changes a crisis; undefined when it does not exist. */
  update(id: number, patch: CrisisPatch, now: number): Promise<Crisis | undefined>;
  /**
   * Changes a crisis only if its `activations` is still `expected` (so two writers never both
   * re-activate or both deactivate it); undefined when it was not changed.
   */
  updateIf(id: number, expected: { activations: number; status: CrisisStatus }, patch: CrisisPatch, now: number): Promise<Crisis | undefined>;

  /** Adds deadlines; those whose key already exists in the crisis are left alone. Returns how many were new. */
  addDeadlines(crisisId: number, drafts: readonly DeadlineDraft[], now: number): Promise<number>;
  /** The deadlines of a crisis, by due time. */
  deadlines(crisisId: number): Promise<Deadline[]>;
  /** Deadlines neither met nor cancelled, of every crisis, by due time. */
  openDeadlines(): Promise<Deadline[]>;
  getDeadline(id: number): Promise<Deadline | undefined>;
  updateDeadline(id: number, patch: DeadlinePatch, now: number): Promise<Deadline | undefined>;

  createDraft(input: CommunicationDraftInput, now: number): Promise<CommunicationDraft>;
  getDraft(id: number): Promise<CommunicationDraft | undefined>;
  /** The drafts of a crisis, oldest first. */
  drafts(crisisId: number): Promise<CommunicationDraft[]>;
  /** Changes a draft only if its status is still one of `from`; undefined when it was not changed. */
  updateDraft(id: number, from: readonly DraftStatus[], patch: DraftPatch, now: number): Promise<CommunicationDraft | undefined>;
}
