/**
 * @module Turns one observation (a monitor transition, or a re-evaluation on a tick) into
 * incident changes: open, group, reopen, timeline entries, severity, common mode, recovery.
 * Every write is idempotent (timeline entries carry a dedup key, matching finds the incident an
 * earlier run opened), so re-delivered transitions change nothing.
 */
import type { Transition } from '../engine/monitor-state.js';
import type { ServiceStatus } from '../services/service.types.js';
import type { Store } from '../storage/store.js';
import { failureGroups, type FailureGroup, type TrackedMonitor } from './failure-groups.js';
import { ENGINE_AUTHOR, type Incident, type IncidentPatch, type Localized } from './incident.types.js';
import { firstFailureAt } from './first-failure.js';
import { emitIncident } from './incident-events.js';
import type { IncidentEmitter } from './held-events.js';
import { concerns, reviewIncident } from './incident-review.js';
import type { IncidentContext } from './incident-settings.js';
import { monitorIncidentTitle, serviceIncidentTitle, texts } from './incident-texts.js';
import { initialSeverity } from './severity-of.js';
import { ref, refId } from './service-graph.js';

/** The repositories incident processing reads and writes (the incidents' bound to a transaction by the engine). */
export interface IncidentStores {
  incidents: Store['incidents'];
  results: Pick<Store['results'], 'list'>;
}

/** A service whose stored state just changed. */
export interface ServiceChangeNote {
  serviceId: string;
  at: number;
  from: string | null;
  to: string;
  why: Localized | null;
}

/** What the engine saw: the facts one processing step works from. */
export interface Observation {
  /** When it happened (the transition's time, or now on a tick). */
  at: number;
  /** When it is processed. */
  now: number;
  transition: Transition | null;
  statuses: ReadonlyMap<string, ServiceStatus>;
  serviceChanges: readonly ServiceChangeNote[];
  monitors: ReadonlyMap<string, TrackedMonitor>;
  /** The monitors whose state is down (kept by the engine, not derived per observation). */
  down: ReadonlySet<string>;
  maintenance: ReadonlySet<string>;
}

/** Applies observations to the stored incidents. */
export class IncidentProcessor {
  constructor(
    private readonly store: IncidentStores,
    private readonly bus: IncidentEmitter,
  ) {}

  /** The active automatic incidents, as stored now. */
  async activeIncidents(): Promise<Incident[]> {
    return (await this.store.incidents.active()).filter((i) => i.source === 'auto');
  }

  /**
   * Places every current failure in an incident, then reviews the active incidents the
   * observation concerns (all of them on a tick). `active` is the list of active automatic
   * incidents: the caller may share one list across a batch of observations (one query per batch
   * instead of one per transition during a storm); it is kept up to date here.
   */
  async observe(obs: Observation, ctx: IncidentContext, active?: Incident[]): Promise<void> {
    const incidents = active ?? (await this.activeIncidents());
    // A tick that changed nothing places nothing: an incident resolved by hand stays resolved
    // until something changes again.
    if (obs.transition !== null || obs.serviceChanges.length > 0) {
      let covered = coveredRefs(incidents);
      for (const group of failureGroups(obs.statuses, obs.down, ctx.graph, obs.maintenance)) {
        // A group already inside incidents, and that this observation is not about, has nothing to place.
        if (!this.isAbout(group, obs, ctx) && group.refs.every((r) => covered.has(r))) continue;
        if (await this.place(group, obs, ctx, incidents)) covered = coveredRefs(incidents);
      }
    }
    for (let i = 0; i < incidents.length; i++) {
      if (!concerns(incidents[i]!, obs, ctx)) continue;
      incidents[i] = await reviewIncident(this.store, this.bus, incidents[i]!, obs, ctx);
    }
  }

  /** Puts the group in an incident (opening or reopening one if needed); true when an incident changed. */
  private async place(group: FailureGroup, obs: Observation, ctx: IncidentContext, active: Incident[]): Promise<boolean> {
    const rootRef = group.refs[0]!;
    let incident =
      active.find((i) => i.affected.includes(rootRef)) ??
      active.find((i) => group.refs.some((r) => i.affected.includes(r))) ??
      active.find((i) => i.lastFailureAt >= obs.at - ctx.timings.groupingWindowMs && this.related(i, group, ctx));
    const reopening = !incident;
    if (!incident) {
      const recent = await this.store.incidents.resolvedSince(obs.at - ctx.timings.reopenWithinMs);
      const previous = recent.find((i) => i.affected.includes(rootRef));
      if (!previous) {
        active.push(await this.open(group, obs, ctx));
        return true;
      }
      incident = await this.reopen(previous, group, obs);
      active.push(incident);
    }
    const target = incident;
    const added = group.refs.filter((r) => !target.affected.includes(r));
    // Only the group the observation is about has a new failure: during a storm every other
    // group is placed again too, and must not be rewritten once per transition.
    const failing = (obs.transition?.toState === 'down' || obs.transition?.toState === 'degraded' || obs.serviceChanges.length > 0) && this.isAbout(group, obs, ctx);
    const patch: IncidentPatch = {};
    if (added.length > 0) patch.affected = [...target.affected, ...added];
    if (failing && obs.at > target.lastFailureAt) patch.lastFailureAt = obs.at;
    if (Object.keys(patch).length === 0) return reopening;
    const updated = (await this.store.incidents.update(target.id, patch, obs.now))!;
    active[active.findIndex((i) => i.id === target.id)] = updated;
    await this.noteGrouped(updated, added, obs, ctx);
    emitIncident(this.bus, updated, 'updated');
    return true;
  }

  /** True when the observation's monitor or a service that just changed belongs to the group. */
  private isAbout(group: FailureGroup, obs: Observation, ctx: IncidentContext): boolean {
    const t = obs.transition;
    if (t && (group.refs.includes(ref.monitor(t.monitorId)) || ctx.graph.ancestors(t.monitorId).some((s) => group.refs.includes(ref.service(s))))) return true;
    return obs.serviceChanges.some((change) => group.refs.includes(ref.service(change.serviceId)));
  }

  private related(incident: Incident, group: FailureGroup, ctx: IncidentContext): boolean {
    if (group.root.kind !== 'service') return false;
    return incident.affected.some((r) => {
      const service = refId(r, 'service');
      return service !== undefined && ctx.graph.connected(service, group.root.id);
    });
  }

  private async open(group: FailureGroup, obs: Observation, ctx: IncidentContext): Promise<Incident> {
    const root = group.root;
    const service = root.kind === 'service' ? ctx.model.services.get(root.id) : undefined;
    const status = root.kind === 'service' ? obs.statuses.get(root.id) : undefined;
    const title = service ? serviceIncidentTitle(service.name, status?.actualState ?? 'major_outage') : monitorIncidentTitle(ctx.monitorName(root.id));
    const severity = initialSeverity(group, obs.statuses, ctx);
    const first = await firstFailureAt(this.store, obs.transition, group, obs.monitors, ctx);
    const incident = await this.store.incidents.create(
      {
        source: 'auto', status: 'open', severity, title, summary: null,
        serviceId: service ? root.id : null, rootCause: root, affected: group.refs, commonMode: false,
        firstFailureAt: first?.at ?? null, openedAt: obs.now, lastFailureAt: obs.at,
      },
      obs.now,
    );
    if (first) {
      await this.store.incidents.addEntry(incident.id, {
        at: first.at, kind: 'first_failure', author: ENGINE_AUTHOR, text: texts.firstFailure(ctx.monitorName(first.monitorId), first.text),
        details: { monitorId: first.monitorId, message: first.message, ...(first.text ? { messages: first.text } : {}) }, dedupKey: 'first_failure',
      });
    }
    await this.store.incidents.addEntry(incident.id, { at: obs.now, kind: 'opened', author: ENGINE_AUTHOR, text: texts.opened(title, severity), details: { severity, rootCause: root }, dedupKey: 'opened' });
    await this.noteGrouped(incident, group.refs.slice(1), obs, ctx);
    emitIncident(this.bus, incident, 'opened');
    return incident;
  }

  private async reopen(previous: Incident, group: FailureGroup, obs: Observation): Promise<Incident> {
    const reopened = previous.reopened + 1;
    const incident = (await this.store.incidents.update(previous.id, { status: 'open', resolvedAt: null, recoveredAt: null, reopened, lastFailureAt: obs.at }, obs.now))!;
    const what = group.refs[0]!.replace(/^(service|monitor):/, '');
    await this.store.incidents.addEntry(incident.id, { at: obs.at, kind: 'reopened', author: ENGINE_AUTHOR, text: texts.reopened(what), details: { reopened }, dedupKey: `reopened:${reopened}` });
    emitIncident(this.bus, incident, 'reopened');
    return incident;
  }

  /** A `grouped` entry for each dependant service folded into the incident. */
  private async noteGrouped(incident: Incident, refs: readonly string[], obs: Observation, ctx: IncidentContext): Promise<void> {
    const root = incident.rootCause ? (ctx.model.services.get(incident.rootCause.id)?.name.en ?? incident.rootCause.id) : 'this incident';
    for (const reference of refs) {
      const service = refId(reference, 'service');
      if (service === undefined) continue;
      const name = ctx.model.services.get(service)?.name.en ?? service;
      await this.store.incidents.addEntry(incident.id, { at: obs.at, kind: 'grouped', author: ENGINE_AUTHOR, text: texts.grouped(name, root), details: { service }, dedupKey: `grouped:${reference}` });
    }
  }
}

/** Every reference the incidents cover. */
function coveredRefs(incidents: readonly Incident[]): Set<string> {
  const refs = new Set<string>();
  for (const incident of incidents) for (const reference of incident.affected) refs.add(reference);
  return refs;
}
