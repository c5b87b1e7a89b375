/** @module Tests of the severity matrix. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SEVERITY_MATRIX, mergeSeverityMatrix, raiseSeverity, severityFor, severityMatrixSchema } from './severity.js';

describe('severityFor', () => {
  it.each([
    ['vital', 'major_outage', false, 'SEV1'],
    ['vital', 'partial_outage', false, 'SEV2'],
    ['vital', 'degraded_performance', false, 'SEV3'],
    ['vital', 'degraded_performance', true, 'SEV2'],
    ['vital', 'major_outage', true, 'SEV1'], // never above SEV1
    ['high', 'major_outage', false, 'SEV2'],
    ['high', 'partial_outage', false, 'SEV3'],
    ['high', 'degraded_performance', false, 'SEV4'],
    ['high', 'partial_outage', true, 'SEV2'],
    ['normal', 'major_outage', false, 'SEV3'],
    ['normal', 'partial_outage', false, 'SEV4'],
    ['normal', 'degraded_performance', false, 'SEV4'],
    ['normal', 'degraded_performance', true, 'SEV3'],
    ['vital', 'operational', false, null],
    ['vital', 'under_maintenance', true, null],
  ] as const)('%s × %s (common mode: %s) → %s', (criticality, state, commonMode, severity) => {
    expect(severityFor(criticality, state, { commonMode })).toBe(severity);
  });

  it('uses a configured matrix', () => {
    const matrix = mergeSeverityMatrix({ normal: { major_outage: 'SEV2' } });
    expect(severityFor('normal', 'major_outage', { matrix })).toBe('SEV2');
    expect(severityFor('normal', 'partial_outage', { matrix })).toBe('SEV4');
  });
});

describe('severity matrix config', () => {
  it('keeps the defaults for cells left out', () => {
    const matrix = severityMatrixSchema.parse({ high: { degraded_performance: 'SEV3' } });
    expect(matrix).toEqual({ ...DEFAULT_SEVERITY_MATRIX, high: { ...DEFAULT_SEVERITY_MATRIX.high, degraded_performance: 'SEV3' } });
    expect(severityMatrixSchema.parse({})).toEqual(DEFAULT_SEVERITY_MATRIX);
  });

  it('refuses unknown criticalities, states and severities', () => {
    expect(severityMatrixSchema.safeParse({ critical: {} }).success).toBe(false);
    expect(severityMatrixSchema.safeParse({ vital: { outage: 'SEV1' } }).success).toBe(false);
    expect(severityMatrixSchema.safeParse({ vital: { major_outage: 'SEV0' } }).success).toBe(false);
  });
});

describe('raiseSeverity', () => {
  it.each([
    ['SEV4', 'SEV3'],
    ['SEV2', 'SEV1'],
    ['SEV1', 'SEV1'],
  ] as const)('%s → %s', (from, to) => expect(raiseSeverity(from)).toBe(to));
});
