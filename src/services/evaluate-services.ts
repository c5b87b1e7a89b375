/**
 * @module Pure evaluation of every service from its members' states (no I/O, no clock).
 *
 * Rules (see docs/services-and-incidents.md):
 * - A monitor member is healthy when up or degraded; down is failed; pending, paused and unknown
 *   give no evidence of a failure and count as healthy (an `unknown` one is named in a reason).
 *   A member under maintenance counts as not healthy: the capacity really is reduced.
 *   A nested service is healthy unless in major outage; degraded or partial, it passes its state on.
 * - Redundancy (k of n): n healthy → operational; k ≤ healthy < n → degraded_performance
 *   ("redundancy reduced"); 0 < healthy < k → partial_outage; none → major_outage.
 * - Components (all needed): some failed → partial_outage; all failed → major_outage; degraded
 *   components → degraded_performance.
 * - Dependencies: a dependency in partial or major outage puts the service in at least the declared
 *   impact (`outage`: the dependency's outage level; `degraded`: degraded_performance).
 * - The service itself in maintenance reads `under_maintenance`; `actualState` keeps what its
 *   members say, and dependants use that.
 */
import type { MonitorStateName } from '../core/states.js';
import { dependencyReason, maintenanceReason, memberReason, redundancyReason, type MemberFact, type Subject } from './reasons.js';
import {
  SERVICE_STATE_RANK,
  type MaintenanceTargets,
  type MemberStates,
  type Redundancy,
  type RedundancyCount,
  type RootCause,
  type ServiceDefinition,
  type ServiceModel,
  type ServiceStateName,
  type ServiceStatus,
  type StatusReason,
} from './service.types.js';

type Actual = ServiceStatus['actualState'];

/** One member or component as the evaluation sees it. */
interface Input {
  subject: Subject;
  /** `failed` is down (or a service in major outage); `neutral` gives no evidence either way. */
  health: 'up' | 'degraded' | 'failed' | 'neutral' | 'maintenance';
  /** The state it passes on when degraded (a nested service's own state). */
  level: Actual;
  /** Failing only because of planned maintenance. */
  planned: boolean;
  causes: RootCause[];
  /** A monitor or a nested service in a reason. */
  fact?: MemberFact;
  state?: ServiceStateName;
}

/** What one part of the evaluation (components, redundancy, dependencies) concludes. */
interface Part {
  level: Actual;
  reasons: StatusReason[];
  /** The reasons that explain `level` (empty when operational): what a state change names. */
  causes: StatusReason[];
  failing: Input[];
}

const worse = (a: Actual, b: Actual): Actual => (SERVICE_STATE_RANK[b] > SERVICE_STATE_RANK[a] ? b : a);

function monitorInput(id: string, state: MonitorStateName | undefined, owner: string, maintenance: MaintenanceTargets): Input {
  const subject = { id, name: { en: id, fr: id } };
  const causes = [{ service: owner, monitors: [id] }];
  if (maintenance.has(id)) return { subject, health: 'maintenance', level: 'major_outage', planned: true, causes, fact: 'maintenance' };
  if (state === 'down') return { subject, health: 'failed', level: 'major_outage', planned: false, causes, fact: 'down' };
  if (state === 'degraded') return { subject, health: 'degraded', level: 'degraded_performance', planned: false, causes, fact: 'degraded' };
  if (state === 'unknown') return { subject, health: 'neutral', level: 'operational', planned: false, causes: [], fact: 'unknown' };
  return { subject, health: state === 'up' ? 'up' : 'neutral', level: 'operational', planned: false, causes: [] };
}

function serviceInput(service: ServiceDefinition, status: ServiceStatus): Input {
  const subject = { id: service.id, name: service.name };
  const base = { subject, level: status.actualState, planned: status.plannedOnly, causes: status.rootCauses, state: status.actualState };
  if (status.state === 'under_maintenance') return { ...base, health: 'maintenance', planned: true, fact: 'maintenance' };
  if (status.actualState === 'major_outage') return { ...base, health: 'failed', fact: 'down' };
  if (status.actualState === 'operational') return { ...base, health: 'up', causes: [] };
  return { ...base, health: 'degraded', fact: 'degraded' };
}

function notes(inputs: readonly Input[], role: 'member' | 'component'): StatusReason[] {
  return inputs.filter((i) => i.fact).map((i) => memberReason(i.subject, i.fact!, role, i.state));
}

/** The notes of the inputs that take capacity away (failed, degraded, under maintenance): unknown ones are only named. */
const failingNotes = (inputs: readonly Input[], role: 'member' | 'component') =>
  notes(inputs.filter((i) => i.health !== 'up' && i.health !== 'neutral'), role);

function evaluateComponents(inputs: readonly Input[]): Part {
  const failed = inputs.filter((i) => i.health === 'failed' || i.health === 'maintenance');
  let level: Actual = failed.length === 0 ? 'operational' : failed.length === inputs.length ? 'major_outage' : 'partial_outage';
  for (const i of inputs) if (i.health === 'degraded') level = worse(level, i.level);
  const causes = level === 'operational' ? [] : failingNotes(inputs, 'component');
  return { level, reasons: notes(inputs, 'component'), causes, failing: inputs.filter((i) => i.health !== 'up' && i.health !== 'neutral') };
}

function evaluateRedundancy(inputs: readonly Input[], redundancy: Redundancy): Part & { count: RedundancyCount } {
  const notHealthy = inputs.filter((i) => i.health === 'failed' || i.health === 'maintenance');
  const count: RedundancyCount = { healthy: inputs.length - notHealthy.length, total: inputs.length, minHealthy: redundancy.minHealthy, failing: notHealthy.map((i) => i.subject.id) };
  let level: Actual = 'operational';
  if (count.healthy === 0) level = 'major_outage';
  else if (count.healthy < count.minHealthy) level = 'partial_outage';
  else if (count.healthy < count.total || inputs.some((i) => i.health === 'degraded')) level = 'degraded_performance';
  const reasons = notes(inputs, 'member');
  const causes: StatusReason[] = [];
  if (count.healthy < count.total) {
    const summary = redundancyReason(count, redundancy.memberLabel);
    reasons.unshift(summary);
    causes.push(summary);
  }
  // Failed members are counted in the summary; degraded ones are causes of their own.
  causes.push(...notes(inputs.filter((i) => i.health === 'degraded'), 'member'));
  return { level, reasons, causes: level === 'operational' ? [] : causes, failing: inputs.filter((i) => i.health !== 'up' && i.health !== 'neutral'), count };
}

function evaluateDependencies(service: ServiceDefinition, model: ServiceModel, statuses: ReadonlyMap<string, ServiceStatus>): Part {
  const part: Part = { level: 'operational', reasons: [], causes: [], failing: [] };
  for (const dep of service.dependsOn) {
    const status = statuses.get(dep.service);
    if (!status || status.actualState !== 'partial_outage' && status.actualState !== 'major_outage') continue;
    const definition = model.services.get(dep.service)!;
    const input = serviceInput(definition, status);
    part.level = worse(part.level, dep.impact === 'outage' ? status.actualState : 'degraded_performance');
    const reason = dependencyReason(input.subject, status.actualState, status.state === 'under_maintenance');
    part.reasons.push(reason);
    part.causes.push(reason);
    part.failing.push({ ...input, planned: input.planned || status.state === 'under_maintenance' });
  }
  return part;
}

/** Root causes of the failing inputs, merged by service (monitors sorted). */
function mergeCauses(inputs: readonly Input[]): RootCause[] {
  const byService = new Map<string, Set<string>>();
  for (const cause of inputs.flatMap((i) => i.causes)) {
    const monitors = byService.get(cause.service) ?? new Set<string>();
    cause.monitors.forEach((m) => monitors.add(m));
    byService.set(cause.service, monitors);
  }
  return [...byService].sort(([a], [b]) => a.localeCompare(b)).map(([service, monitors]) => ({ service, monitors: [...monitors].sort() }));
}

function memberInput(id: string, owner: string, model: ServiceModel, states: MemberStates, maintenance: MaintenanceTargets, statuses: ReadonlyMap<string, ServiceStatus>): Input {
  const nested = model.services.get(id);
  const status = statuses.get(id);
  if (nested && !status) return { subject: { id, name: nested.name }, health: 'neutral', level: 'operational', planned: false, causes: [] }; // only in a cyclic (invalid) model
  return nested ? serviceInput(nested, status!) : monitorInput(id, states.get(id), owner, maintenance);
}

function evaluateOne(service: ServiceDefinition, model: ServiceModel, states: MemberStates, maintenance: MaintenanceTargets, statuses: ReadonlyMap<string, ServiceStatus>): ServiceStatus {
  const input = (id: string) => memberInput(id, service.id, model, states, maintenance, statuses);
  const parts: Part[] = [];
  let redundancy: RedundancyCount | undefined;
  if (service.redundancy) {
    const part = evaluateRedundancy(service.redundancy.members.map(input), service.redundancy);
    redundancy = part.count;
    parts.push(part);
  }
  if (service.components.length > 0) parts.push(evaluateComponents(service.components.map(input)));
  parts.push(evaluateDependencies(service, model, statuses));
  const actualState = parts.reduce<Actual>((level, part) => worse(level, part.level), 'operational');
  const failing = actualState === 'operational' ? [] : parts.flatMap((p) => p.failing);
  const reasons = parts.flatMap((p) => p.reasons);
  // Every part that explains the state, the worst first (a stable sort keeps the declared order otherwise).
  const causes = [...parts].sort((a, b) => SERVICE_STATE_RANK[b.level] - SERVICE_STATE_RANK[a.level]).flatMap((p) => p.causes);
  const inMaintenance = maintenance.has(service.id);
  if (inMaintenance) {
    reasons.unshift(maintenanceReason());
    causes.unshift(maintenanceReason());
  }
  return {
    id: service.id,
    state: inMaintenance ? 'under_maintenance' : actualState,
    actualState,
    reasons,
    causes,
    rootCauses: mergeCauses(failing),
    ...(redundancy ? { redundancy } : {}),
    plannedOnly: inMaintenance || (actualState !== 'operational' && failing.every((i) => i.planned)),
  };
}

/**
 * The status of every service of `model`, given each monitor's confirmed state and the ids (monitors
 * and services) in a maintenance window now. Services are evaluated in dependency order.
 */
export function evaluateServices(model: ServiceModel, memberStates: MemberStates, maintenanceActive: MaintenanceTargets = new Set()): Map<string, ServiceStatus> {
  const statuses = new Map<string, ServiceStatus>();
  for (const id of model.order) statuses.set(id, evaluateOne(model.services.get(id)!, model, memberStates, maintenanceActive, statuses));
  return statuses;
}
