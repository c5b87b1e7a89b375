import { describe, expect, it } from 'vitest';
import { indicatorOfState, monitorComponentState, pageIndicator, serviceComponentState, worstState } from './component-state.js';

describe('monitorComponentState', () => {
  it('reads down as a major outage and degraded as degraded performance', () => {
    expect(monitorComponentState('down', false)).toBe('major_outage');
    expect(monitorComponentState('degraded', false)).toBe('degraded_performance');
    expect(monitorComponentState('up', false)).toBe('operational');
  });

  it('does not alarm the public with what Vigie does not know (pending, unknown, paused, never run)', () => {
    for (const state of ['pending', 'unknown', 'paused', null, undefined] as const) expect(monitorComponentState(state, false)).toBe('operational');
  });

  it('says under maintenance during a window, even when down', () => {
    expect(monitorComponentState('down', true)).toBe('under_maintenance');
    expect(monitorComponentState('up', true)).toBe('under_maintenance');
  });
});

describe('serviceComponentState', () => {
  it('keeps the stored Statuspage state, maintenance first, and reads an unknown text as operational', () => {
    expect(serviceComponentState('partial_outage', false)).toBe('partial_outage');
    expect(serviceComponentState('major_outage', true)).toBe('under_maintenance');
    expect(serviceComponentState(undefined, false)).toBe('operational');
    expect(serviceComponentState('exploded', false)).toBe('operational');
  });
});

describe('worstState and the indicator', () => {
  it('orders failures above maintenance above operational', () => {
    expect(worstState([])).toBe('operational');
    expect(worstState(['operational', 'under_maintenance'])).toBe('under_maintenance');
    expect(worstState(['under_maintenance', 'degraded_performance', 'operational'])).toBe('degraded_performance');
    expect(worstState(['partial_outage', 'major_outage', 'degraded_performance'])).toBe('major_outage');
  });

  it('maps states to Statuspage indicators', () => {
    expect(indicatorOfState('major_outage')).toBe('critical');
    expect(indicatorOfState('partial_outage')).toBe('major');
    expect(indicatorOfState('degraded_performance')).toBe('minor');
    expect(indicatorOfState('under_maintenance')).toBe('maintenance');
    expect(indicatorOfState('operational')).toBe('none');
  });

  it('raises the indicator to the impact of an open incident, never lowers it', () => {
    expect(pageIndicator(['operational'], ['major'])).toBe('major');
    expect(pageIndicator(['operational'], ['none'])).toBe('none');
    expect(pageIndicator(['major_outage'], ['minor'])).toBe('critical');
    expect(pageIndicator(['under_maintenance'], [])).toBe('maintenance');
    expect(pageIndicator(['under_maintenance'], ['minor'])).toBe('minor');
  });
});
