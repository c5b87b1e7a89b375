/**
 * @module Incident severity (SEV1 most severe … SEV4) from a service's criticality and state,
 * through a matrix that `incidents.severity_matrix` in config can override cell by cell. A
 * common-mode failure raises the severity one level (never above SEV1). Pure.
 *
 * Default matrix:
 *
 * | criticality | degraded_performance | partial_outage | major_outage |
 * | ----------- | -------------------- | -------------- | ------------ |
 * | vital       | SEV3                 | SEV2           | SEV1         |
 * | high        | SEV4                 | SEV3           | SEV2         |
 * | normal      | SEV4                 | SEV4           | SEV3         |
 */
import { z } from 'zod';
import { CRITICALITIES, type Criticality, type FailureStateName, type ServiceStateName } from './service.types.js';

/** Severities, most severe first. */
export const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The failure states that have a severity, least severe first. */
export const FAILURE_STATES = ['degraded_performance', 'partial_outage', 'major_outage'] as const satisfies readonly FailureStateName[];

/** Severity of each failure state for each criticality. */
export type SeverityMatrix = Record<Criticality, Record<FailureStateName, Severity>>;

/** The default matrix (see the module comment). */
export const DEFAULT_SEVERITY_MATRIX: SeverityMatrix = {
  vital: { degraded_performance: 'SEV3', partial_outage: 'SEV2', major_outage: 'SEV1' },
  high: { degraded_performance: 'SEV4', partial_outage: 'SEV3', major_outage: 'SEV2' },
  normal: { degraded_performance: 'SEV4', partial_outage: 'SEV4', major_outage: 'SEV3' },
};

const rowSchema = z
  .strictObject(Object.fromEntries(FAILURE_STATES.map((s) => [s, z.enum(SEVERITIES).optional().describe(`Severity when the service is in ${s}.`)])) as Record<FailureStateName, z.ZodOptional<z.ZodEnum<{ [K in Severity]: K }>>>)
  .describe('Severities of one criticality, by service state.');

/** `incidents.severity_matrix` in config: cells left out keep their default. */
export const severityMatrixSchema = z
  .strictObject(Object.fromEntries(CRITICALITIES.map((c) => [c, rowSchema.optional()])) as Record<Criticality, z.ZodOptional<typeof rowSchema>>)
  .transform((overrides): SeverityMatrix => mergeSeverityMatrix(overrides))
  .describe('Severity (SEV1 most severe … SEV4) of an incident by service criticality and state; cells left out keep their default.');

/** The default matrix with `overrides` applied cell by cell. */
export function mergeSeverityMatrix(overrides: Partial<Record<Criticality, Partial<Record<FailureStateName, Severity | undefined>> | undefined>>): SeverityMatrix {
  const out = {} as SeverityMatrix;
  for (const criticality of CRITICALITIES) {
    const row = { ...DEFAULT_SEVERITY_MATRIX[criticality] };
    for (const state of FAILURE_STATES) {
      const cell = overrides[criticality]?.[state];
      if (cell) row[state] = cell;
    }
    out[criticality] = row;
  }
  return out;
}

/** One level more severe (SEV3 → SEV2), never above SEV1. */
export function raiseSeverity(severity: Severity): Severity {
  return SEVERITIES[Math.max(0, SEVERITIES.indexOf(severity) - 1)]!;
}

/** The more severe of two severities. */
export function worstSeverity(a: Severity, b: Severity): Severity {
  return SEVERITIES.indexOf(a) <= SEVERITIES.indexOf(b) ? a : b;
}

/**
 * The severity of an incident about a service of `criticality` in `state`, raised one level on a
 * common-mode failure; `null` when the state is not a failure (operational, under maintenance).
 */
export function severityFor(criticality: Criticality, state: ServiceStateName, options: { commonMode?: boolean; matrix?: SeverityMatrix } = {}): Severity | null {
  if (state === 'operational' || state === 'under_maintenance') return null;
  const base = (options.matrix ?? DEFAULT_SEVERITY_MATRIX)[criticality][state];
  return options.commonMode ? raiseSeverity(base) : base;
}
