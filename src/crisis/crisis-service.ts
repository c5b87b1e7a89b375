/**
 * @module The crisis service: activates crisis cells by rule or by hand, pages every member on all
 * their contact methods, keeps one crisis per cluster of linked incidents (a later incident on the
 * same root cause joins it; a flare-up after deactivation re-activates it), turns obligations into
 * deadlines with reminders and an overdue alert to the crisis lead, and carries drafts from
 * generated to approved (by the communication lead) to sent (e-mail to authorities, public update
 * on the incident), which meets their deadline.
 *
 * It runs in the notification loop, before deliveries are sent, and keeps nothing that matters in
 * memory: every step re-reads the store, and every message goes through the deliveries outbox
 * with an idempotency key (`crisis:<id>:<activation>:…`, `deadline:<id>:r<n>`), so a restart
 * after kill -9 neither loses nor doubles a page.
 */
import type { Logger } from 'pino';
import type { VigieConfig } from '../config/config.schema.js';
import { toMonitorDefinitions } from '../config/config.schema.js';
import type { Incident, Localized } from '../incidents/incident.types.js';
import { ENGINE_AUTHOR } from '../incidents/incident.types.js';
import type { IncidentActions } from '../incidents/incident-actions.js';
import { incidentFactsOf } from '../notifications/incident-facts.js';
import type { NotificationsModel } from '../notifications/notifications-config.js';
import { personRecipients } from '../notifications/recipients.js';
import type { Recipient } from '../notifications/recipients.js';
import { whoAt } from '../oncall/on-call.js';
import type { Language } from '../notifiers/types.js';
import type { CrisisMessageText, DeliveryDraft } from '../storage/notification-rows.js';
import type { Store } from '../storage/store.js';
import { clusterKey, firstHit, type ActivationFacts } from './activation.js';
import { CRISIS_ROLES, type Audience, type CellDefinition, type CrisisRole, type StakeholderDefinition } from './crisis.schema.js';
import { toCrisisModel, type CrisisModel } from './crisis-config.js';
import { activationMessage, communicationMessage, deactivationMessage, overdueMessage, reminderMessage, ROLE_NAMES } from './crisis-messages.js';
import type { CommunicationDraft, Crisis, Deadline, DraftText, RoleAssignments } from './crisis.types.js';
import { afterMet, deadlinesFor, remindersDue, repeatKey } from './deadlines.js';
import { matches } from '../notifications/route-match.js';
import { draftTodos } from './drafts.js';

/** Why an action was refused: `forbidden` is a 403, `not_found` a 404, `conflict` a 409, `invalid` a 400. */
export class CrisisError extends Error {
  constructor(
    readonly code: 'not_found' | 'conflict' | 'forbidden' | 'invalid',
    message: string,
  ) {
    super(message);
    this.name = 'CrisisError';
  }
}

/** Who acts: an author name (token, CLI user) and the person they are, when known. */
export interface Actor {
  author: string;
  personId?: string | null | undefined;
}

/** Fills a draft from the facts of a crisis. */
export type DraftComposer = (input: {
  crisis: Crisis;
  incidents: Incident[];
  audience: Audience;
  stakeholders: StakeholderDefinition[];
  deadlines: Deadline[];
  config: VigieConfig;
  now: number;
}) => Promise<{ texts: { en: DraftText; fr: DraftText }; facts: Record<string, unknown> }>;

export interface CrisisServiceDeps {
  store: Store;
  log: Logger;
  config: () => VigieConfig;
  model: () => NotificationsModel;
  actions: IncidentActions;
  compose: DraftComposer;
  publicUrl: () => string;
  now: () => number;
  /** Called after a crisis changes (SSE). */
  changed?: (crisis: Crisis, change: string) => void;
  /** Counts a deadline met on time, or missed (once, when it goes past due), for the metrics. */
  deadlineOutcome?: (audience: Audience, outcome: 'met' | 'missed') => void;
}

/** A manual activation. */
export interface ManualActivation {
  cellId: string;
  kind?: string | undefined;
  incidentId?: number | undefined;
  title?: Localized | undefined;
  reason?: string | undefined;
}

export class CrisisService {
  private cached: { config: VigieConfig; model: CrisisModel; facts: ReturnType<typeof incidentFactsOf>; monitors: Map<string, { type: string; tags: string[] }> } | undefined;

  constructor(private readonly deps: CrisisServiceDeps) {}

  private current() {
    const config = this.deps.config();
    if (this.cached?.config !== config) {
      const monitors = new Map(toMonitorDefinitions(config).map((m) => [m.id, { type: m.type, tags: m.tags }]));
      this.cached = { config, model: toCrisisModel(config), facts: incidentFactsOf(config), monitors };
    }
    return this.cached;
  }

  /** The crisis model of the config in force. */
  model(): CrisisModel {
    return this.current().model;
  }

  /** One pass: activations and flare-ups, pages not sent yet, deadlines, automatic deactivation. */
  async step(): Promise<void> {
    const { model } = this.current();
    const active = await this.deps.store.crises.list({ status: 'active' }, 1000);
    if (model.cells.size === 0 && active.length === 0 && (await this.deps.store.crises.openDeadlines()).length === 0) return;
    if (model.section.rules.length > 0) await this.evaluate();
    for (const crisis of await this.deps.store.crises.list({ status: 'active' }, 1000)) {
      if (crisis.pagedActivation >= crisis.activations) continue;
      if (crisis.pagedActivation === 0) {
        // Created just before a crash: complete its first activation (deadlines, timeline, pages).
        const incident = crisis.primaryIncidentId !== null ? await this.deps.store.incidents.get(crisis.primaryIncidentId) : undefined;
        await this.completeActivation(crisis, incident, this.deps.now());
      } else await this.page(crisis);
    }
    await this.tickDeadlines();
    await this.autoDeactivate();
  }

  // ---------------------------------------------------------------- activation

  private async evaluate(): Promise<void> {
    const { store } = this.deps;
    const { model, config } = this.current();
    const now = this.deps.now();
    const incidents = (await store.incidents.active()).filter((i) => i.status !== 'resolved');
    if (incidents.length === 0) return;
    const states = new Map((await store.incidents.serviceStates()).map((s) => [s.serviceId, s]));
    const services = new Map(config.services.map((s) => [s.id, s]));
    for (const incident of incidents) {
      const linked = await store.crises.forIncident(incident.id);
      if (linked) {
        if (linked.status === 'deactivated') await this.flareUp(linked, incident, now);
        continue;
      }
      const facts: ActivationFacts = {
        facts: this.current().facts(incident),
        criticality: (id) => services.get(id)?.criticality,
        serviceState: (id) => states.get(id),
        downTrafficTags: () => this.downTrafficTags(incident, services),
        now,
      };
      const hit = firstHit(model.section.rules, incident, facts);
      if (!hit) continue;
      const cell = model.cells.get(hit.rule.cell);
      if (!cell) continue;
      await this.activateFor(cell, hit.rule.kind, incident, { ruleId: hit.rule.id, author: ENGINE_AUTHOR, reason: hit.reason }, now);
    }
  }

  /** Tags of the down traffic monitors an incident covers, each with the tags of the services they belong to. */
  private downTrafficTags(incident: Incident, services: Map<string, VigieConfig['services'][number]>): string[][] {
    const { monitors } = this.current();
    const covered = new Set<string>();
    for (const ref of incident.affected) {
      const [kind, id] = [ref.slice(0, ref.indexOf(':')), ref.slice(ref.indexOf(':') + 1)];
      if (kind === 'monitor') covered.add(id);
      else for (const m of [...(services.get(id)?.components ?? []), ...(services.get(id)?.redundancy?.members ?? [])]) covered.add(m);
    }
    const out: string[][] = [];
    for (const id of covered) {
      const m = monitors.get(id);
      if (m?.type !== 'traffic') continue;
      const owners = [...services.values()].filter((s) => s.components.includes(id) || s.redundancy?.members.includes(id));
      out.push([...m.tags, ...owners.flatMap((s) => s.tags)]);
    }
    return out;
  }

  /** Joins the incident to its cluster's crisis, re-activates a recent one, or activates a new one. */
  private async activateFor(cell: CellDefinition, kind: string, incident: Incident, why: { ruleId: string | null; author: string; reason: Localized }, now: number): Promise<Crisis> {
    const { store } = this.deps;
    const key = clusterKey(incident);
    const existing = await store.crises.byClusterKey(cell.id, key);
    if (existing?.status === 'active') {
      await this.join(existing, incident, why.author, now);
      return existing;
    }
    if (existing && existing.deactivatedAt !== null && now - existing.deactivatedAt <= cell.reactivate_within) {
      if (await store.crises.link(existing.id, incident.id, now)) await this.note(incident.id, { en: `Joined crisis #${existing.id}`, fr: `Rattaché à la crise n° ${existing.id}` }, why.author, `crisis:${existing.id}:joined:${incident.id}`, { crisisId: existing.id });
      return (await this.reactivate(existing, incident, why.reason, now)) ?? existing;
    }
    const crisis = await store.crises.create(
      {
        cellId: cell.id,
        kind,
        title: { en: `${cell.name.en}: ${incident.title.en}`, fr: `${cell.name.fr} : ${incident.title.fr}` },
        ruleId: why.ruleId,
        activatedBy: why.author,
        reason: why.reason,
        primaryIncidentId: incident.id,
        clusterKey: key,
        roles: this.assignRoles(cell, now),
        bridge: cell.bridge ?? null,
        checklist: (cell.checklists[kind] ?? cell.checklists['default'] ?? []).map((text) => ({ text, doneAt: null, doneBy: null })),
        activatedAt: now,
      },
      [incident.id],
      now,
    );
    this.deps.log.warn({ crisis: crisis.id, cell: cell.id, incident: incident.id, rule: why.ruleId }, `crisis cell ${cell.id} activated`);
    await this.completeActivation(crisis, incident, now);
    return (await store.crises.get(crisis.id)) ?? crisis;
  }

  /**
   * What follows the creation of a crisis: its deadlines (with their drafts), the timeline entry,
   * the pages. Each part may be repeated (keys and dedup keys), so a crisis created just before a
   * crash is completed by the next pass, which finds it not yet paged.
   */
  private async completeActivation(crisis: Crisis, incident: Incident | undefined, now: number): Promise<void> {
    await this.startDeadlines(crisis, incident, now);
    const cell = this.current().model.cells.get(crisis.cellId);
    const cellName = cell?.name ?? { en: crisis.cellId, fr: crisis.cellId };
    const by = crisis.ruleId ? { en: `rule ${crisis.ruleId}`, fr: `règle ${crisis.ruleId}` } : { en: crisis.activatedBy, fr: crisis.activatedBy };
    if (incident) await this.note(incident.id, { en: `Crisis cell ${cellName.en} activated by ${by.en}: ${crisis.reason.en}`, fr: `Cellule de crise ${cellName.fr} activée par ${by.fr} : ${crisis.reason.fr}` }, crisis.activatedBy, `crisis:${crisis.id}:activated:1`, { crisisId: crisis.id, rule: crisis.ruleId });
    this.deps.changed?.(crisis, 'activated');
    await this.page(crisis);
  }

  private async join(crisis: Crisis, incident: Incident, author: string, now: number): Promise<boolean> {
    if (!(await this.deps.store.crises.link(crisis.id, incident.id, now))) return false;
    await this.note(incident.id, { en: `Joined crisis #${crisis.id} (same root cause: no second activation)`, fr: `Rattaché à la crise n° ${crisis.id} (même cause : pas de seconde activation)` }, author, `crisis:${crisis.id}:joined:${incident.id}`, { crisisId: crisis.id });
    if (crisis.primaryIncidentId !== null && crisis.primaryIncidentId !== incident.id) {
      await this.note(crisis.primaryIncidentId, { en: `Incident #${incident.id} joined the crisis`, fr: `L’incident n° ${incident.id} a rejoint la crise` }, author, `crisis:${crisis.id}:member:${incident.id}`, { crisisId: crisis.id, incidentId: incident.id });
    }
    this.deps.changed?.(crisis, 'joined');
    return true;
  }

  /** A linked incident failing again after deactivation: re-activate within `reactivate_within`. */
  private async flareUp(crisis: Crisis, incident: Incident, now: number): Promise<void> {
    const cell = this.current().model.cells.get(crisis.cellId);
    if (!cell || crisis.deactivatedAt === null || incident.updatedAt <= crisis.deactivatedAt) return;
    if (now - crisis.deactivatedAt > cell.reactivate_within) return;
    await this.reactivate(crisis, incident, { en: `incident #${incident.id} failing again`, fr: `l’incident n° ${incident.id} est de nouveau en défaillance` }, now);
  }

  private async reactivate(crisis: Crisis, incident: Incident, reason: Localized, now: number): Promise<Crisis | undefined> {
    const cell = this.current().model.cells.get(crisis.cellId);
    const updated = await this.deps.store.crises.updateIf(
      crisis.id,
      { activations: crisis.activations, status: 'deactivated' },
      { status: 'active', activations: crisis.activations + 1, lastActivatedAt: now, deactivatedAt: null, deactivatedBy: null, ...(cell ? { roles: this.assignRoles(cell, now) } : {}) },
      now,
    );
    if (!updated) return undefined;
    await this.restartRepeating(updated, incident, now);
    await this.note(crisis.primaryIncidentId ?? incident.id, { en: `Crisis re-activated (flare-up): ${reason.en}`, fr: `Crise réactivée (reprise) : ${reason.fr}` }, ENGINE_AUTHOR, `crisis:${crisis.id}:activated:${updated.activations}`, { crisisId: crisis.id });
    this.deps.changed?.(updated, 'reactivated');
    await this.page(updated);
    return updated;
  }

  /** After a flare-up: the repeating updates cancelled at deactivation start again, the next one due `within` from now. */
  private async restartRepeating(crisis: Crisis, incident: Incident, now: number): Promise<void> {
    const { store } = this.deps;
    const facts = this.current().facts(incident);
    const deadlines = await store.crises.deadlines(crisis.id);
    const drafts = this.current().model.section.obligations
      .filter((o) => o.everyMs !== undefined && o.withinMs !== undefined && matches(o.match, facts))
      .filter((o) => !deadlines.some((d) => d.obligationId === o.id && d.metAt === null && d.cancelledAt === null))
      .map((o) => {
        const n = Math.max(0, ...deadlines.filter((d) => d.obligationId === o.id).map((d) => Number(d.key.slice(d.key.lastIndexOf('#') + 1)) || 0)) + 1;
        const first = deadlinesFor([o], facts, now)[0]!;
        return { ...first, key: repeatKey(o.id, n) };
      });
    if (drafts.length === 0) return;
    await store.crises.addDeadlines(crisis.id, drafts, now);
    for (const d of await store.crises.deadlines(crisis.id)) if (drafts.some((x) => x.key === d.key)) await this.draftFor(crisis, d, now);
  }

  /** Who holds each role now: persons as named, schedules through whoever is on call. */
  private assignRoles(cell: CellDefinition, now: number): RoleAssignments {
    const model = this.deps.model();
    const roles: RoleAssignments = {};
    for (const role of CRISIS_ROLES) {
      const members = cell.roles[role];
      if (!members) continue;
      const persons = members.flatMap((m) => (m.kind === 'person' ? [m.id] : (() => {
        const schedule = model.schedules.get(m.id);
        const who = schedule ? whoAt(schedule, now) : undefined;
        return who ? [who.person] : [];
      })()));
      roles[role] = [...new Set(persons)];
    }
    return roles;
  }

  /** Pages every member of the current activation on all their contact methods, and posts to the crisis channel. */
  private async page(crisis: Crisis): Promise<void> {
    const { store } = this.deps;
    const now = this.deps.now();
    const model = this.deps.model();
    const cell = this.current().model.cells.get(crisis.cellId);
    const deadlines = (await store.crises.deadlines(crisis.id)).filter((d) => d.metAt === null && d.cancelledAt === null);
    const ctx = this.context(crisis);
    const rolesOf = new Map<string, CrisisRole[]>();
    for (const role of CRISIS_ROLES) for (const p of crisis.roles[role] ?? []) rolesOf.set(p, [...(rolesOf.get(p) ?? []), role]);
    const drafts: DeliveryDraft[] = [];
    const n = crisis.activations;
    for (const [personId, roles] of rolesOf) {
      for (const r of this.allContacts(model, personId)) {
        drafts.push(this.delivery(crisis, r, `crisis:${crisis.id}:${n}`, activationMessage(ctx, deadlines, roles, r.language, now), now));
      }
    }
    if (cell?.channel && model.channels.has(cell.channel)) {
      const r: Recipient = { channelId: cell.channel, personId: null, address: null, language: model.language, afterMs: 0 };
      drafts.push(this.delivery(crisis, r, `crisis:${crisis.id}:${n}`, activationMessage(ctx, deadlines, [], r.language, now), now));
    }
    const toMembers = drafts.filter((d) => d.personId !== null).length;
    const added = await store.deliveries.enqueue(drafts, now);
    await store.crises.update(crisis.id, { pagedActivation: n }, now);
    if (crisis.primaryIncidentId !== null) {
      const unreached = [...rolesOf.keys()].filter((p) => this.allContacts(model, p).length === 0);
      await this.note(crisis.primaryIncidentId, {
        en: `Crisis members paged: ${rolesOf.size} person(s) on ${toMembers} contact(s)${cell?.channel ? `, crisis channel ${cell.channel}` : ''}${unreached.length ? `; no contact for ${unreached.join(', ')}` : ''}`,
        fr: `Membres de la cellule appelés : ${rolesOf.size} personne(s) sur ${toMembers} moyen(s) de contact${cell?.channel ? `, canal de crise ${cell.channel}` : ''}${unreached.length ? ` ; aucun contact pour ${unreached.join(', ')}` : ''}`,
      }, ENGINE_AUTHOR, `crisis:${crisis.id}:paged:${n}`, { crisisId: crisis.id, deliveries: drafts.length, new: added });
    }
  }

  /** Every contact method of a person at once (a crisis ignores personal delays). */
  private allContacts(model: NotificationsModel, personId: string): Recipient[] {
    const person = model.people.get(personId);
    if (!person) return [];
    const unruled = { ...person, rules: undefined };
    return personRecipients({ ...model, people: new Map([[personId, unruled]]) }, personId, 'SEV1').map((r) => ({ ...r, afterMs: 0 }));
  }

  private delivery(crisis: Crisis, r: Recipient, keyPrefix: string, text: CrisisMessageText, now: number): DeliveryDraft {
    return {
      idempotencyKey: `${keyPrefix}:${r.channelId}:${r.personId ?? '-'}:${r.address ?? '-'}`,
      incidentId: crisis.primaryIncidentId,
      event: 'crisis',
      channelId: r.channelId,
      personId: r.personId,
      address: r.address,
      language: r.language,
      page: true,
      extra: { crisis: text },
      notBefore: now,
    };
  }

  private context(crisis: Crisis) {
    const model = this.deps.model();
    const cell = this.current().model.cells.get(crisis.cellId);
    return {
      crisis,
      cellName: cell?.name.en ?? crisis.cellId,
      url: `${this.deps.publicUrl()}/api/v1/crises/${crisis.id}`,
      names: (id: string) => model.people.get(id)?.name ?? id,
      timeZone: this.current().config.crisis.time_zone,
    };
  }

  private async note(incidentId: number, text: Localized, author: string, dedupKey: string, details: Record<string, unknown>, kind: 'crisis' | 'deadline' | 'communication' = 'crisis'): Promise<void> {
    await this.deps.store.incidents.addEntry(incidentId, { at: this.deps.now(), kind, author, text, details, dedupKey });
  }

  // ---------------------------------------------------------------- deadlines

  private async startDeadlines(crisis: Crisis, incident: Incident | undefined, now: number): Promise<void> {
    const { section } = this.current().model;
    const facts = incident ? this.current().facts(incident) : { services: [], tags: [], severity: 'SEV1' };
    const start = incident?.openedAt ?? crisis.activatedAt;
    const drafts = deadlinesFor(section.obligations, facts, start);
    if (drafts.length === 0) return;
    await this.deps.store.crises.addDeadlines(crisis.id, drafts, now);
    for (const d of await this.deps.store.crises.deadlines(crisis.id)) await this.draftFor(crisis, d, now);
  }

  /** Prepares the draft of a deadline if it has none yet. */
  private async draftFor(crisis: Crisis, d: Deadline, now: number): Promise<void> {
    const existing = (await this.deps.store.crises.drafts(crisis.id)).some((x) => x.deadlineId === d.id);
    if (existing) return;
    await this.createDraft(crisis.id, { deadlineId: d.id }, { author: ENGINE_AUTHOR }, now).catch((error: unknown) => this.deps.log.error({ err: error, crisis: crisis.id, deadline: d.id }, 'could not prepare a draft'));
  }

  private async tickDeadlines(): Promise<void> {
    const { store } = this.deps;
    const now = this.deps.now();
    const fractions = this.current().model.section.reminders;
    const crises = new Map<number, Crisis | undefined>();
    for (const d of await store.crises.openDeadlines()) {
      if (d.startsAt > now) continue;
      if (!crises.has(d.crisisId)) crises.set(d.crisisId, await store.crises.get(d.crisisId));
      const crisis = crises.get(d.crisisId);
      if (!crisis) continue;
      const due = remindersDue(d, fractions, now);
      if (due > d.reminders) {
        await this.remind(crisis, d, due, now);
        await store.crises.updateDeadline(d.id, { reminders: due }, now);
      }
      if (now > d.dueAt && d.missedAt === null) {
        // Queue the alert before recording the miss: after a crash in between, the next pass queues it again (same keys).
        await this.overdue(crisis, d, now);
        await store.crises.updateDeadline(d.id, { missedAt: d.dueAt, escalatedAt: now }, now);
        this.deps.deadlineOutcome?.(d.audience, 'missed');
      }
    }
  }

  private holders(crisis: Crisis, role: CrisisRole): string[] {
    const held = crisis.roles[role] ?? [];
    return held.length > 0 ? held : (crisis.roles.crisis_lead ?? []);
  }

  private async remind(crisis: Crisis, d: Deadline, stage: number, now: number): Promise<void> {
    const model = this.deps.model();
    const ctx = this.context(crisis);
    const drafts = this.holders(crisis, d.owner).flatMap((p) => this.allContacts(model, p).map((r) => this.delivery(crisis, r, `deadline:${d.id}:r${stage}`, reminderMessage(ctx, d, r.language, now), now)));
    await this.deps.store.deliveries.enqueue(drafts, now);
    if (crisis.primaryIncidentId !== null) {
      const owner = this.holders(crisis, d.owner).map(ctx.names).join(', ') || '—';
      await this.note(crisis.primaryIncidentId, { en: `Reminder ${stage}: ${d.title.en} (owner ${owner})`, fr: `Rappel ${stage} : ${d.title.fr} (responsable ${owner})` }, ENGINE_AUTHOR, `deadline:${d.id}:r${stage}`, { deadlineId: d.id, stage }, 'deadline');
    }
  }

  private async overdue(crisis: Crisis, d: Deadline, now: number): Promise<void> {
    const model = this.deps.model();
    const ctx = this.context(crisis);
    const owner = this.holders(crisis, d.owner).map(ctx.names).join(', ') || ROLE_NAMES[d.owner].en;
    const drafts = (crisis.roles.crisis_lead ?? []).flatMap((p) => this.allContacts(model, p).map((r) => this.delivery(crisis, r, `deadline:${d.id}:overdue`, overdueMessage(ctx, d, owner, r.language, now), now)));
    await this.deps.store.deliveries.enqueue(drafts, now);
    if (crisis.primaryIncidentId !== null) {
      await this.note(crisis.primaryIncidentId, { en: `Deadline missed: ${d.title.en} (due ${new Date(d.dueAt).toISOString()}); crisis lead told`, fr: `Échéance manquée : ${d.title.fr} (prévue ${new Date(d.dueAt).toISOString()}) ; directeur de crise prévenu` }, ENGINE_AUTHOR, `deadline:${d.id}:missed`, { deadlineId: d.id, dueAt: d.dueAt }, 'deadline');
    }
    this.deps.log.warn({ crisis: crisis.id, deadline: d.key }, `crisis deadline missed: ${d.title.en}`);
  }

  /** Records a deadline met (by a sent draft or by hand), then what follows from it. */
  async meet(deadlineId: number, actor: Actor, note?: string): Promise<Deadline> {
    const { store } = this.deps;
    const now = this.deps.now();
    const d = await store.crises.getDeadline(deadlineId);
    if (!d) throw new CrisisError('not_found', `deadline ${deadlineId} not found`);
    if (d.metAt !== null) throw new CrisisError('conflict', `deadline ${deadlineId} (${d.title.en}) was already met at ${new Date(d.metAt).toISOString()}`);
    if (d.cancelledAt !== null) throw new CrisisError('conflict', `deadline ${deadlineId} (${d.title.en}) was cancelled`);
    const met = (await store.crises.updateDeadline(d.id, { metAt: now, metBy: actor.author }, now))!;
    if (now <= d.dueAt) this.deps.deadlineOutcome?.(d.audience, 'met');
    const crisis = (await store.crises.get(d.crisisId))!;
    const siblings = await store.crises.deadlines(d.crisisId);
    const follow = afterMet(met, this.current().model.section.obligations, siblings, now);
    for (const m of follow.moved) await store.crises.updateDeadline(m.id, { dueAt: m.dueAt }, now);
    if (follow.next && crisis.status === 'active') {
      await store.crises.addDeadlines(crisis.id, [follow.next], now);
      const next = (await store.crises.deadlines(crisis.id)).find((x) => x.key === follow.next!.key);
      if (next) await this.draftFor(crisis, next, now);
    }
    const late = now > d.dueAt ? { en: ` (late by ${Math.round((now - d.dueAt) / 60_000)} min)`, fr: ` (en retard de ${Math.round((now - d.dueAt) / 60_000)} min)` } : { en: ' (on time)', fr: ' (dans les temps)' };
    if (crisis.primaryIncidentId !== null) {
      await this.note(crisis.primaryIncidentId, { en: `Deadline met: ${d.title.en}${late.en}${note ? ` — ${note}` : ''}`, fr: `Échéance tenue : ${d.title.fr}${late.fr}${note ? ` — ${note}` : ''}` }, actor.author, `deadline:${d.id}:met`, { deadlineId: d.id, dueAt: d.dueAt, metAt: now }, 'deadline');
    }
    this.deps.changed?.(crisis, 'deadline_met');
    return met;
  }

  // ---------------------------------------------------------------- manual actions

  /** Activates a cell by hand, for an incident or on its own. */
  async activate(input: ManualActivation, actor: Actor): Promise<Crisis> {
    const cell = this.current().model.cells.get(input.cellId);
    if (!cell) throw new CrisisError('invalid', `unknown crisis cell "${input.cellId}"; configured: ${[...this.current().model.cells.keys()].join(', ') || 'none'}`);
    const kind = input.kind ?? 'default';
    const now = this.deps.now();
    const reason = input.reason ? { en: `activated by ${actor.author}: ${input.reason}`, fr: `activée par ${actor.author} : ${input.reason}` } : { en: `activated by ${actor.author}`, fr: `activée par ${actor.author}` };
    if (input.incidentId !== undefined) {
      const incident = await this.deps.store.incidents.get(input.incidentId);
      if (!incident) throw new CrisisError('not_found', `incident ${input.incidentId} not found`);
      const linked = await this.deps.store.crises.forIncident(incident.id);
      if (linked?.status === 'active') throw new CrisisError('conflict', `incident ${incident.id} is already in active crisis #${linked.id}`);
      if (linked) return (await this.reactivate(linked, incident, reason, now)) ?? linked;
      return this.activateFor(cell, kind, incident, { ruleId: null, author: actor.author, reason }, now);
    }
    // Without an incident: a manual incident carries the timeline and the public updates.
    const title = input.title ?? { en: `Crisis: ${cell.name.en}`, fr: `Crise : ${cell.name.fr}` };
    const incident = await this.deps.actions.create({ title, severity: 'SEV1' }, actor.author);
    return this.activateFor(cell, kind, incident, { ruleId: null, author: actor.author, reason }, now);
  }

  /** Ends a crisis with a summary; repeating updates not due yet are cancelled, authority deadlines stay. */
  async deactivate(id: number, summary: Localized, actor: Actor): Promise<Crisis> {
    const { store } = this.deps;
    const crisis = await this.get(id);
    if (crisis.status !== 'active') throw new CrisisError('conflict', `crisis ${id} is not active`);
    const now = this.deps.now();
    const updated = await store.crises.updateIf(id, { activations: crisis.activations, status: 'active' }, { status: 'deactivated', deactivatedAt: now, deactivatedBy: actor.author, summary }, now);
    if (!updated) throw new CrisisError('conflict', `crisis ${id} changed meanwhile; try again`);
    for (const d of await store.crises.deadlines(id)) {
      if (d.metAt === null && d.cancelledAt === null && d.key.includes('#')) await store.crises.updateDeadline(d.id, { cancelledAt: now }, now);
    }
    const model = this.deps.model();
    const ctx = this.context(updated);
    const persons = [...new Set(CRISIS_ROLES.flatMap((r) => updated.roles[r] ?? []))];
    const drafts = persons.flatMap((p) => this.allContacts(model, p).map((r) => this.delivery(updated, r, `crisis:${id}:${updated.activations}:off`, deactivationMessage(ctx, r.language), now)));
    const cell = this.current().model.cells.get(updated.cellId);
    if (cell?.channel && model.channels.has(cell.channel)) drafts.push(this.delivery(updated, { channelId: cell.channel, personId: null, address: null, language: model.language, afterMs: 0 }, `crisis:${id}:${updated.activations}:off`, deactivationMessage(ctx, model.language), now));
    await store.deliveries.enqueue(drafts, now);
    for (const link of await store.crises.incidents(id)) {
      await this.note(link.incidentId, { en: `Crisis deactivated by ${actor.author}: ${summary.en}`, fr: `Crise désactivée par ${actor.author} : ${summary.fr}` }, actor.author, `crisis:${id}:deactivated:${updated.activations}`, { crisisId: id });
    }
    this.deps.changed?.(updated, 'deactivated');
    return updated;
  }

  private async autoDeactivate(): Promise<void> {
    const after = this.current().model.section.auto_deactivate_after;
    if (after === undefined) return;
    const now = this.deps.now();
    for (const crisis of await this.deps.store.crises.list({ status: 'active' }, 1000)) {
      const incidents = await Promise.all((await this.deps.store.crises.incidents(crisis.id)).map((l) => this.deps.store.incidents.get(l.incidentId)));
      if (incidents.length === 0 || incidents.some((i) => !i || i.status !== 'resolved')) continue;
      const last = Math.max(...incidents.map((i) => i!.resolvedAt ?? now));
      if (now - last < after) continue;
      const minutes = Math.round(after / 60_000);
      await this.deactivate(crisis.id, { en: `All incidents resolved for ${minutes} min; deactivated automatically.`, fr: `Tous les incidents sont résolus depuis ${minutes} min ; désactivée automatiquement.` }, { author: ENGINE_AUTHOR }).catch(() => undefined);
    }
  }

  /** Links an incident to an active crisis by hand. */
  async link(id: number, incidentId: number, actor: Actor): Promise<Crisis> {
    const crisis = await this.get(id);
    const incident = await this.deps.store.incidents.get(incidentId);
    if (!incident) throw new CrisisError('not_found', `incident ${incidentId} not found`);
    const other = await this.deps.store.crises.forIncident(incidentId);
    if (other) throw new CrisisError('conflict', other.id === id ? `incident ${incidentId} is already in crisis #${id}` : `incident ${incidentId} belongs to crisis #${other.id}`);
    await this.join(crisis, incident, actor.author, this.deps.now());
    return crisis;
  }

  /** Ticks or unticks a checklist item. */
  async checklist(id: number, index: number, done: boolean, actor: Actor): Promise<Crisis> {
    const crisis = await this.get(id);
    const item = crisis.checklist[index];
    if (!item) throw new CrisisError('not_found', `crisis ${id} has no checklist item ${index} (it has ${crisis.checklist.length})`);
    const now = this.deps.now();
    const checklist = crisis.checklist.map((it, i) => (i === index ? { ...it, doneAt: done ? now : null, doneBy: done ? actor.author : null } : it));
    const updated = (await this.deps.store.crises.update(id, { checklist }, now))!;
    if (crisis.primaryIncidentId !== null) {
      await this.note(crisis.primaryIncidentId, done ? { en: `Checklist: done — ${item.text.en}`, fr: `Liste de contrôle : fait — ${item.text.fr}` } : { en: `Checklist: reopened — ${item.text.en}`, fr: `Liste de contrôle : rouvert — ${item.text.fr}` }, actor.author, `checklist:${id}:${index}:${now}`, { crisisId: id, index, done });
    }
    this.deps.changed?.(updated, 'checklist');
    return updated;
  }

  async get(id: number): Promise<Crisis> {
    const crisis = await this.deps.store.crises.get(id);
    if (!crisis) throw new CrisisError('not_found', `crisis ${id} not found`);
    return crisis;
  }

  // ---------------------------------------------------------------- drafts

  /** Prepares a draft with the facts filled in: for a deadline, or for an audience and stakeholders. */
  async createDraft(crisisId: number, input: { deadlineId?: number | undefined; audience?: Audience | undefined; stakeholders?: string[] | undefined }, actor: Actor, at?: number): Promise<CommunicationDraft> {
    const crisis = await this.get(crisisId);
    const now = at ?? this.deps.now();
    const deadline = input.deadlineId !== undefined ? await this.deps.store.crises.getDeadline(input.deadlineId) : undefined;
    if (input.deadlineId !== undefined && (!deadline || deadline.crisisId !== crisisId)) throw new CrisisError('not_found', `crisis ${crisisId} has no deadline ${input.deadlineId}`);
    const audience = deadline?.audience ?? input.audience ?? 'internal';
    const stakeholderIds = deadline?.stakeholders ?? input.stakeholders ?? [];
    const { model } = this.current();
    const unknown = stakeholderIds.filter((s) => !model.stakeholders.has(s));
    if (unknown.length > 0) throw new CrisisError('invalid', `unknown stakeholder(s) ${unknown.join(', ')}; configured: ${[...model.stakeholders.keys()].join(', ') || 'none'}`);
    if ((audience === 'authority' || audience === 'stakeholder') && stakeholderIds.length === 0) throw new CrisisError('invalid', `a draft for the ${audience} audience needs stakeholders`);
    const composed = await this.compose(crisis, audience, stakeholderIds, now);
    const draft = await this.deps.store.crises.createDraft({ crisisId, deadlineId: deadline?.id ?? null, audience, stakeholders: stakeholderIds, ...composed, editedBy: null }, now);
    this.deps.changed?.(crisis, 'draft');
    return draft;
  }

  private async compose(crisis: Crisis, audience: Audience, stakeholderIds: readonly string[], now: number) {
    const { model, config } = this.current();
    const incidents = (await Promise.all((await this.deps.store.crises.incidents(crisis.id)).map((l) => this.deps.store.incidents.get(l.incidentId)))).filter((i): i is Incident => i !== undefined);
    return this.deps.compose({
      crisis,
      incidents,
      audience,
      stakeholders: stakeholderIds.map((s) => model.stakeholders.get(s)!),
      deadlines: await this.deps.store.crises.deadlines(crisis.id),
      config,
      now,
    });
  }

  private async draft(crisisId: number, draftId: number): Promise<CommunicationDraft> {
    const draft = await this.deps.store.crises.getDraft(draftId);
    if (!draft || draft.crisisId !== crisisId) throw new CrisisError('not_found', `crisis ${crisisId} has no draft ${draftId}`);
    return draft;
  }

  /** Fills a draft again from the facts as they are now (only while it is a draft). */
  async refreshDraft(crisisId: number, draftId: number, actor: Actor): Promise<CommunicationDraft> {
    const draft = await this.draft(crisisId, draftId);
    const crisis = await this.get(crisisId);
    const now = this.deps.now();
    const composed = await this.compose(crisis, draft.audience, draft.stakeholders, now);
    const updated = await this.deps.store.crises.updateDraft(draftId, ['draft'], { ...composed, editedBy: actor.author === ENGINE_AUTHOR ? null : draft.editedBy }, now);
    if (!updated) throw new CrisisError('conflict', `draft ${draftId} is ${draft.status}: only a draft can be filled again`);
    return updated;
  }

  /** Edits a draft's texts; an approved draft goes back to draft and needs approving again. */
  async editDraft(crisisId: number, draftId: number, texts: { en?: Partial<DraftText> | undefined; fr?: Partial<DraftText> | undefined }, actor: Actor): Promise<CommunicationDraft> {
    const draft = await this.draft(crisisId, draftId);
    // Only the parts given replace the stored ones (an absent or undefined subject keeps the subject).
    const given = (t: Partial<DraftText> | undefined) => Object.fromEntries(Object.entries(t ?? {}).filter(([, v]) => typeof v === 'string')) as Partial<DraftText>;
    const merged = { en: { ...draft.texts.en, ...given(texts.en) }, fr: { ...draft.texts.fr, ...given(texts.fr) } };
    const updated = await this.deps.store.crises.updateDraft(draftId, ['draft', 'approved'], { texts: merged, status: 'draft', editedBy: actor.author, approvedBy: null, approvedAt: null }, this.deps.now());
    if (!updated) throw new CrisisError('conflict', `draft ${draftId} was already sent; prepare a new one`);
    return updated;
  }

  /** Who may approve drafts of a crisis: its communication lead (its crisis lead when the cell has none). */
  approvers(crisis: Crisis): string[] {
    return crisis.roles.communication_lead?.length ? crisis.roles.communication_lead : (crisis.roles.crisis_lead ?? []);
  }

  async approveDraft(crisisId: number, draftId: number, actor: Actor): Promise<CommunicationDraft> {
    const crisis = await this.get(crisisId);
    const draft = await this.draft(crisisId, draftId);
    const approvers = this.approvers(crisis);
    const names = this.context(crisis).names;
    if (!actor.personId) {
      throw new CrisisError('forbidden', `approving a draft needs the communication lead role of crisis #${crisisId} (held by ${approvers.map(names).join(', ') || 'nobody'}); "${actor.author}" is not linked to a person: name the API token after a person id or list it in that person's \`api_tokens\``);
    }
    if (!approvers.includes(actor.personId)) {
      throw new CrisisError('forbidden', `approving a draft needs the communication lead role of crisis #${crisisId}, held by ${approvers.map(names).join(', ') || 'nobody'}; ${names(actor.personId)} does not hold it`);
    }
    const todos = draftTodos(draft.texts);
    if (todos.length > 0) throw new CrisisError('conflict', `draft ${draftId} still has parts to complete before approval: ${todos.map((t) => `[[${t}]]`).join(', ')}`);
    const now = this.deps.now();
    const updated = await this.deps.store.crises.updateDraft(draftId, ['draft'], { status: 'approved', approvedBy: actor.personId, approvedAt: now }, now);
    if (!updated) throw new CrisisError('conflict', `draft ${draftId} is ${draft.status}, not a draft awaiting approval`);
    if (crisis.primaryIncidentId !== null) await this.note(crisis.primaryIncidentId, { en: `Draft #${draftId} (${draft.audience}) approved by ${names(actor.personId)}`, fr: `Brouillon n° ${draftId} (${draft.audience}) approuvé par ${names(actor.personId)}` }, actor.author, `draft:${draftId}:approved:${now}`, { draftId }, 'communication');
    this.deps.changed?.(crisis, 'draft_approved');
    return updated;
  }

  /** Sends an approved draft: e-mail (or any channel) to its stakeholders, a public update, or an internal notice; meets its deadline. */
  async sendDraft(crisisId: number, draftId: number, actor: Actor): Promise<CommunicationDraft> {
    const { store } = this.deps;
    const crisis = await this.get(crisisId);
    const draft = await this.draft(crisisId, draftId);
    if (draft.status !== 'approved') throw new CrisisError('conflict', draft.status === 'sent' ? `draft ${draftId} was already sent` : `draft ${draftId} must be approved by the communication lead before it is sent`);
    const now = this.deps.now();
    const sent = await store.crises.updateDraft(draftId, ['approved'], { status: 'sent', sentBy: actor.author, sentAt: now }, now);
    if (!sent) throw new CrisisError('conflict', `draft ${draftId} changed meanwhile; try again`);
    const model = this.deps.model();
    const { model: crisisModel } = this.current();
    const deliveries: DeliveryDraft[] = [];
    const to: string[] = [];
    const key = `draft:${draftId}`;
    if (draft.audience === 'public') {
      const incidents = crisis.primaryIncidentId !== null ? [crisis.primaryIncidentId] : [];
      for (const id of incidents) await this.deps.actions.addUpdate(id, 'public', { en: draft.texts.en.body, fr: draft.texts.fr.body }, actor.author);
      to.push('public update');
    } else if (draft.audience === 'internal') {
      const persons = [...new Set(CRISIS_ROLES.flatMap((r) => crisis.roles[r] ?? []))];
      for (const p of persons) for (const r of this.allContacts(model, p)) deliveries.push(this.delivery(crisis, r, key, communicationMessage(this.context(crisis), draft.texts[r.language], r.language), now));
      const cell = crisisModel.cells.get(crisis.cellId);
      if (cell?.channel && model.channels.has(cell.channel)) deliveries.push(this.delivery(crisis, { channelId: cell.channel, personId: null, address: null, language: model.language, afterMs: 0 }, key, communicationMessage(this.context(crisis), draft.texts[model.language], model.language), now));
      if (crisis.primaryIncidentId !== null) await this.deps.actions.addUpdate(crisis.primaryIncidentId, 'internal', { en: draft.texts.en.body, fr: draft.texts.fr.body }, actor.author);
      to.push(`${persons.length} crisis member(s)`);
    } else {
      for (const id of draft.stakeholders) {
        const s = crisisModel.stakeholders.get(id);
        if (!s) continue;
        for (const c of s.contacts) {
          if (!model.channels.has(c.channel)) continue;
          const r: Recipient = { channelId: c.channel, personId: null, address: c.to ?? null, language: s.language, afterMs: 0 };
          deliveries.push({ ...this.delivery(crisis, r, `${key}:${id}`, communicationMessage(this.context(crisis), draft.texts[s.language], s.language), now), page: false });
        }
        to.push(s.name.en);
      }
    }
    await store.deliveries.enqueue(deliveries, now);
    if (crisis.primaryIncidentId !== null) {
      await this.note(crisis.primaryIncidentId, { en: `Communication sent (${draft.audience}) to ${to.join(', ') || 'nobody'}: ${draft.texts.en.subject}`, fr: `Communication envoyée (${draft.audience}) à ${to.join(', ') || 'personne'} : ${draft.texts.fr.subject}` }, actor.author, `draft:${draftId}:sent`, { draftId, deliveries: deliveries.length }, 'communication');
    }
    if (draft.deadlineId !== null) {
      const d = await store.crises.getDeadline(draft.deadlineId);
      if (d && d.metAt === null && d.cancelledAt === null) await this.meet(d.id, actor);
    }
    this.deps.changed?.(crisis, 'draft_sent');
    return sent;
  }

  /** The language a person reads (for messages built outside the loop). */
  languageOf(personId: string): Language {
    return this.deps.model().people.get(personId)?.language ?? 'en';
  }
}
