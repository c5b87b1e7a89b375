/**
 * @module Reviews one active incident after an observation: records the monitor and service
 * changes that concern it on its timeline, detects a common-mode failure of its redundancy
 * groups, raises its severity, and notes when everything it covers has recovered.
 */
import { commonModeGrowth, detectCommonMode, type CommonModeVerdict } from '../services/common-mode.js';
import { raiseSeverity, worstSeverity } from '../services/severity.js';
import type { IncidentEmitter } from './held-events.js';
import type { IncidentStores } from './incident-processor.js';
import { isRecovered } from './failure-groups.js';
import { ENGINE_AUTHOR, type Incident, type IncidentPatch, type Localized } from './incident.types.js';
import { emitIncident } from './incident-events.js';
import type { Observation } from './incident-processor.js';
import type { IncidentContext } from './incident-settings.js';
import { messagesOf, serviceIncidentTitle, texts, transitionReason } from './incident-texts.js';
import { SERVICE_STATE_RANK, type ServiceStateName } from '../services/service.types.js';
import { ref, refId } from './service-graph.js';
import { worstCauses } from './severity-of.js';

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

async function recordChanges(store: IncidentStores, incident: Incident, obs: Observation, ctx: IncidentContext): Promise<void> {
  const t = obs.transition;
  if (t && t.kind === 'state' && t.toState !== null && covers(incident, t.monitorId, ctx)) {
    await store.incidents.addEntry(incident.id, {
      at: t.at, kind: 'monitor_state', author: ENGINE_AUTHOR,
      text: texts.monitorState(ctx.monitorName(t.monitorId), t.fromState, t.toState, transitionReason(t.reason, messagesOf(t.details))),
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

/** A redundancy group of the incident that failed together. */
interface CommonModeFound {
  summary: Localized;
  serviceId: string;
  members: string[];
  verdict: CommonModeVerdict;
  label: Localized | undefined;
}

/** The common-mode verdict over the incident's redundancy groups, when one failed together. */
function commonModeSummary(incident: Incident, obs: Observation, ctx: IncidentContext): CommonModeFound | undefined {
  for (const reference of incident.affected) {
    const id = refId(reference, 'service');
    const redundancy = id === undefined ? undefined : ctx.model.services.get(id)?.redundancy;
    if (!id || !redundancy) continue;
    const members = redundancy.members.map((member) => {
      const tracked = obs.monitors.get(member);
      return { id: member, downSince: tracked?.state === 'down' && !obs.maintenance.has(member) ? tracked.since : null };
    });
    const verdict = detectCommonMode(members, { windowMs: ctx.timings.commonModeWindowMs, share: ctx.timings.commonModeShare, memberLabel: redundancy.memberLabel });
    if (verdict.commonMode && verdict.summary) return { summary: verdict.summary, serviceId: id, members: verdict.members, verdict, label: redundancy.memberLabel };
  }
  return undefined;
}

/** How many members of the service's group the timeline last reported as failed together (0 when none). */
async function reportedCommonMode(store: IncidentStores, incidentId: number, serviceId: string): Promise<number> {
  const entries = await store.incidents.timeline(incidentId);
  const last = entries.filter((e) => e.kind === 'common_mode' && e.details?.serviceId === serviceId).at(-1);
  const members = last?.details?.members;
  return Array.isArray(members) ? members.length : 0;
}

/**
 * Detects a common-mode failure, and follows it as more members of the group fail: the summary
 * then says how many failed, and the timeline when it grew. Returns whether the incident is
 * common-mode. The timeline is read only when the summary would change.
 */
async function reviewCommonMode(store: IncidentStores, incident: Incident, obs: Observation, ctx: IncidentContext, patch: IncidentPatch): Promise<boolean> {
  const found = commonModeSummary(incident, obs, ctx);
  const details = (f: CommonModeFound) => ({ serviceId: f.serviceId, members: f.members, failed: f.verdict.failed, total: f.verdict.total, spanMs: f.verdict.spanMs });
  if (!incident.commonMode) {
    if (!found) return false;
    patch.commonMode = true;
    patch.summary = found.summary;
    await store.incidents.addEntry(incident.id, { at: obs.at, kind: 'common_mode', author: ENGINE_AUTHOR, text: found.summary, details: details(found), dedupKey: 'common_mode' });
    return true;
  }
  if (!found || found.summary.en === incident.summary?.en) return true;
  const grew = commonModeGrowth(await reportedCommonMode(store, incident.id, found.serviceId), found.verdict, found.label);
  if (!grew) return true;
  patch.summary = found.summary;
  await store.incidents.addEntry(incident.id, {
    at: obs.at, kind: 'common_mode', author: ENGINE_AUTHOR, text: grew, details: { ...details(found), grew: true }, dedupKey: `common_mode:${found.serviceId}:${found.verdict.failed}`,
  });
  return true;
}

async function reviewSeverity(store: IncidentStores, incident: Incident, obs: Observation, ctx: IncidentContext, patch: IncidentPatch): Promise<void> {
  const commonMode = await reviewCommonMode(store, incident, obs, ctx, patch);
  const causes = worstCauses(incident.affected, obs.statuses, ctx);
  const base = causes[0]?.severity;
  if (base === undefined) return;
  const target = commonMode ? raiseSeverity(base) : base;
  const finalTarget = worstSeverity(incident.severity, target);
  if (finalTarget === incident.severity) return;
  patch.severity = finalTarget;
  const raised = target !== base;
  const why = texts.severityWhy(causes, raised);
  const details = { from: incident.severity, to: finalTarget, base, commonMode: raised, services: causes.map((c) => ({ id: c.serviceId, state: c.state, severity: c.severity })) };
  await store.incidents.addEntry(incident.id, { at: obs.at, kind: 'severity', author: ENGINE_AUTHOR, text: texts.severity(incident.severity, finalTarget, why), details, dedupKey: `severity:${finalTarget}` });
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

async function reviewRecovery(store: IncidentStores, incident: Incident, obs: Observation, patch: IncidentPatch): Promise<void> {
  const recovered = isRecovered(incident.affected, obs.statuses, obs.monitors);
  if (recovered && incident.recoveredAt === null) {
    patch.recoveredAt = obs.at;
    await store.incidents.addEntry(incident.id, { at: obs.at, kind: 'recovered', author: ENGINE_AUTHOR, text: texts.recovered(), details: null, dedupKey: `recovered:${obs.at}` });
  } else if (!recovered && incident.recoveredAt !== null) {
    patch.recoveredAt = null;
  }
}

/** Reviews one active automatic incident; stores and announces what changed, and returns it as stored. */
export async function reviewIncident(store: IncidentStores, bus: IncidentEmitter, incident: Incident, obs: Observation, ctx: IncidentContext): Promise<Incident> {
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
