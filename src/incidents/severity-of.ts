/**
 * @module An incident's severity from the services it covers: the worst cell of the severity
 * matrix over its failing services (criticality × state), raised one level on a common-mode
 * failure. A monitor outside any service counts as a `normal` service in major outage. Pure.
 */
import { severityFor, worstSeverity, type Severity } from '../services/severity.js';
import type { FailureStateName, Localized, ServiceStatus } from '../services/service.types.js';
import type { FailureGroup } from './failure-groups.js';
import type { IncidentContext } from './incident-settings.js';
import { refId } from './service-graph.js';

/** A failing service and the severity its criticality and state give. */
export interface SeverityCause {
  serviceId: string;
  name: Localized;
  state: FailureStateName;
  severity: Severity;
}

/** The services referenced that give the worst severity (several when they tie), in reference order. */
export function worstCauses(refs: readonly string[], statuses: ReadonlyMap<string, ServiceStatus>, ctx: IncidentContext): SeverityCause[] {
  const causes: SeverityCause[] = [];
  for (const reference of refs) {
    const id = refId(reference, 'service');
    const service = id === undefined ? undefined : ctx.model.services.get(id);
    const status = id === undefined ? undefined : statuses.get(id);
    if (!service || !status || status.plannedOnly || status.actualState === 'operational') continue;
    const severity = severityFor(service.criticality, status.actualState, { matrix: ctx.matrix });
    if (severity) causes.push({ serviceId: service.id, name: service.name, state: status.actualState, severity });
  }
  const worst = causes.reduce<Severity | undefined>((w, c) => (w ? worstSeverity(w, c.severity) : c.severity), undefined);
  return causes.filter((c) => c.severity === worst);
}

/** The worst severity over the services referenced, or undefined when none is failing. */
export function worstOver(refs: readonly string[], statuses: ReadonlyMap<string, ServiceStatus>, ctx: IncidentContext): Severity | undefined {
  return worstCauses(refs, statuses, ctx)[0]?.severity;
}

/** The severity a new incident opens with. */
export function initialSeverity(group: FailureGroup, statuses: ReadonlyMap<string, ServiceStatus>, ctx: IncidentContext): Severity {
  if (group.root.kind === 'monitor') return severityFor('normal', 'major_outage', { matrix: ctx.matrix }) ?? 'SEV3';
  return worstOver(group.refs, statuses, ctx) ?? 'SEV4';
}
