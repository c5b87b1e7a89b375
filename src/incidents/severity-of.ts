/**
 * @module An incident's severity from the services it covers: the worst cell of the severity
 * matrix over its failing services (criticality × state), raised one level on a common-mode
 * failure. A monitor outside any service counts as a `normal` service in major outage. Pure.
 */
import { severityFor, worstSeverity, type Severity } from '../services/severity.js';
import type { ServiceStatus } from '../services/service.types.js';
import type { FailureGroup } from './failure-groups.js';
import type { IncidentContext } from './incident-settings.js';
import { refId } from './service-graph.js';

/** The worst severity over the services referenced, or undefined when none is failing. */
export function worstOver(refs: readonly string[], statuses: ReadonlyMap<string, ServiceStatus>, ctx: IncidentContext): Severity | undefined {
  let worst: Severity | undefined;
  for (const reference of refs) {
    const id = refId(reference, 'service');
    const service = id === undefined ? undefined : ctx.model.services.get(id);
    const status = id === undefined ? undefined : statuses.get(id);
    if (!service || !status || status.plannedOnly) continue;
    const severity = severityFor(service.criticality, status.actualState, { matrix: ctx.matrix });
    if (severity) worst = worst ? worstSeverity(worst, severity) : severity;
  }
  return worst;
}

/** The severity a new incident opens with. */
export function initialSeverity(group: FailureGroup, statuses: ReadonlyMap<string, ServiceStatus>, ctx: IncidentContext): Severity {
  if (group.root.kind === 'monitor') return severityFor('normal', 'major_outage', { matrix: ctx.matrix }) ?? 'SEV3';
  return worstOver(group.refs, statuses, ctx) ?? 'SEV4';
}
