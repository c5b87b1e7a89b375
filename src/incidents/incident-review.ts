/**
 * @module Reviews one active incident after an observation: records the monitor and service
 * changes that concern it on its timeline, detects a common-mode failure of its redundancy
 * groups, raises its severity, and notes when everything it covers has recovered.
 */
import { detectCommonMode } from '../services/common-mode.js';
import { raiseSeverity, worstSeverity } from '../services/severity.js';
import type { Bus } from '../engine/bus.js';
import type { Store } from '../storage/store.js';
import { isRecovered } from './failure-groups.js';
import { ENGINE_AUTHOR, type Incident, type IncidentPatch, type Localized } from './incident.types.js';
import { emitIncident } from './incident-events.js';
import type { Observation } from './incident-processor.js';
import type { IncidentContext } from './incident-settings.js';
import { serviceIncidentTitle, texts } from './incident-texts.js';
import { SERVICE_STATE_RANK, type ServiceStateName } from '../services/service.types.js';
import { ref, refId } from './service-graph.js';
import { worstOver } from './severity-of.js';

/** True when the monitor is covered by the incident, directly or through a service. */
function covers(incident: Incident, monitorId: string, ctx: IncidentContext): boolean {
  return incident.affected.includes(ref.monitor(monitorId)) || ctx.graph.ancestors(monitorId).some((s) => incident.affected.includes(ref.service(s)));
}

/** True when the service, or a service it belongs to, is among what the incident covers. */
function relatesToService(incident: Incident, serviceId: string, ctx: IncidentContext): boolean {
  return incident.affected.includes(ref.service(serviceId)) || ctx.graph.ancestors(serviceId).some((s) => incident.affected.includes(ref.service(s)));
}

/**
 * True when reviewing the incident after this observation can change it. A tick (no transition,
 * no service change) concerns every incident; otherwise only the incidents covering the monitor
 * that changed or a service that changed: what a review reads (the covered monitors and
 * services, their redundancy groups) changes with nothing else.
 */
export function concerns(incident: Incident, obs: Observation, ctx: IncidentContext): boolean {
  if (obs.transition === null && obs.serviceChanges.length === 0) return true;
  if (obs.transition !== null && covers(incident, obs.transition.monitorId, ctx)) return true;
  return obs.serviceChanges.some((change) => relatesToService(incident, change.serviceId, ctx));
}

async function recordChanges(store: Store, incident: Incident, obs: Observation, ctx: IncidentContext): Promise<void> {
  const t = obs.transition;
  if (t && t.kind === 'state' && t.toState !== null && covers(incident, t.monitorId, ctx)) {
    await store.incidents.addEntry(incident.id, {
      at: t.at, kind: 'monitor_state', author: ENGINE_AUTHOR,
      text: texts.monitorState(ctx.monitorName(t.monitorId), t.fromState, t.toState, t.reason),
      details: { transitionId: t.id, monitorId: t.monitorId, from: t.fromState, to: t.toState, ...(t.details?.messages ? { messages: t.details.messages } : {}) },
      dedupKey: `t:${t.id}`,
    });
  }
  for (const change of obs.serviceChanges) {
    if (!relatesToService(incident, change.serviceId, ctx)) continue;
    const name = ctx.model.services.get(change.serviceId)?.name ?? { en: change.serviceId, fr: change.serviceId };
    await store.incidents.addEntry(incident.id, {
      at: change.at, kind: 'service_state', author: ENGINE_AUTHOR, text: texts.serviceState(name, change.from, change.to, change.why),
      details: { serviceId: change.serviceId, from: change.from, to: change.to },
      dedupKey: `s:${change.serviceId}:${change.at}:${change.to}`,
    });
  }
}

/** The common-mode verdict over the incident's redundancy groups, when one failed together. */
function commonModeSummary(incident: Incident, obs: Observation, ctx: IncidentContext): { summary: Localized; serviceId: string; members: string[] } | undefined {
  for (const reference of incident.affected) {
    const id = refId(reference, 'service');
    const redundancy = id === undefined ? undefined : ctx.model.services.get(id)?.redundancy;
    if (!id || !redundancy) continue;
    const members = redundancy.members.map((member) => {
      const tracked = obs.monitors.get(member);
      return { id: member, downSince: tracked?.state === 'down' && !obs.maintenance.has(member) ? tracked.since : null };
    });
    const verdict = detectCommonMode(members, { windowMs: ctx.timings.commonModeWindowMs, share: ctx.timings.commonModeShare, memberLabel: redundancy.memberLabel });
    if (verdict.commonMode && verdict.summary) return { summary: verdict.summary, serviceId: id, members: verdict.members };
  }
  return undefined;
}

async function reviewSeverity(store: Store, incident: Incident, obs: Observation, ctx: IncidentContext, patch: IncidentPatch): Promise<void> {
  let commonMode = incident.commonMode;
  if (!commonMode) {
    const found = commonModeSummary(incident, obs, ctx);
    if (found) {
      commonMode = true;
      patch.commonMode = true;
      patch.summary = found.summary;
      await store.incidents.addEntry(incident.id, { at: obs.at, kind: 'common_mode', author: ENGINE_AUTHOR, text: found.summary, details: { serviceId: found.serviceId, members: found.members }, dedupKey: 'common_mode' });
    }
  }
  const base = worstOver(incident.affected, obs.statuses, ctx);
  if (base === undefined) return;
  const finalTarget = worstSeverity(incident.severity, commonMode ? raiseSeverity(base) : base);
  if (finalTarget === incident.severity) return;
  patch.severity = finalTarget;
  const why: Localized = commonMode ? { en: 'common-mode failure, raised one level', fr: 'défaillance de mode commun, relevée d’un niveau' } : { en: 'the affected services got worse', fr: 'les services touchés se sont dégradés' };
  await store.incidents.addEntry(incident.id, { at: obs.at, kind: 'severity', author: ENGINE_AUTHOR, text: texts.severity(incident.severity, finalTarget, why), details: { from: incident.severity, to: finalTarget }, dedupKey: `severity:${finalTarget}` });
}

/** Retitles the incident when its root service gets worse (the title names the worst state reached). */
function reviewTitle(incident: Incident, obs: Observation, ctx: IncidentContext, patch: IncidentPatch): void {
  const root = incident.rootCause?.kind === 'service' ? ctx.model.services.get(incident.rootCause.id) : undefined;
  if (!root) return;
  for (const change of obs.serviceChanges) {
    if (change.serviceId !== root.id || change.to === 'under_maintenance') continue;
    const to = SERVICE_STATE_RANK[change.to as ServiceStateName] ?? 0;
    const from = change.from === null ? 0 : (SERVICE_STATE_RANK[change.from as ServiceStateName] ?? 0);
    if (to > from) patch.title = serviceIncidentTitle(root.name, change.to);
  }
}

async function reviewRecovery(store: Store, incident: Incident, obs: Observation, patch: IncidentPatch): Promise<void> {
  const recovered = isRecovered(incident.affected, obs.statuses, obs.monitors);
  if (recovered && incident.recoveredAt === null) {
    patch.recoveredAt = obs.at;
    await store.incidents.addEntry(incident.id, { at: obs.at, kind: 'recovered', author: ENGINE_AUTHOR, text: texts.recovered(), details: null, dedupKey: `recovered:${obs.at}` });
  } else if (!recovered && incident.recoveredAt !== null) {
    patch.recoveredAt = null;
  }
}

/** Reviews one active automatic incident; stores and announces what changed, and returns it as stored. */
export async function reviewIncident(store: Store, bus: Bus, incident: Incident, obs: Observation, ctx: IncidentContext): Promise<Incident> {
  await recordChanges(store, incident, obs, ctx);
  const patch: IncidentPatch = {};
  await reviewSeverity(store, incident, obs, ctx, patch);
  reviewTitle(incident, obs, ctx, patch);
  await reviewRecovery(store, incident, obs, patch);
  if (Object.keys(patch).length === 0) return incident;
  const updated = await store.incidents.update(incident.id, patch, obs.now);
  if (!updated) return incident;
  emitIncident(bus, updated, 'updated');
  return updated;
}
