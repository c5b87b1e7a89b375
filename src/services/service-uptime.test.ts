import { describe, expect, it } from 'vitest';
import { serviceUptime } from './service-uptime.js';

const H = 3_600_000;

describe('serviceUptime', () => {
  it('is null when the service has no known state in the span', () => {
    expect(serviceUptime([], 0, 24 * H)).toEqual({ ratio: null, partialOutageMs: 0, majorOutageMs: 0, maintenanceMs: 0 });
    expect(serviceUptime([{ at: 30 * H, toState: 'operational' }], 0, 24 * H).ratio).toBeNull();
  });

  it('starts from the state in force before the span and counts only observed time', () => {
    // Known from 12 h on: 6 h operational, 6 h major outage → half.
    expect(serviceUptime([{ at: 12 * H, toState: 'operational' }, { at: 18 * H, toState: 'major_outage' }], 0, 24 * H)).toEqual({ ratio: 0.5, partialOutageMs: 0, majorOutageMs: 6 * H, maintenanceMs: 0 });
    // A change long before the span: the whole span is operational.
    expect(serviceUptime([{ at: -100 * H, toState: 'operational' }], 0, 24 * H).ratio).toBe(1);
  });

  it('counts degraded performance (redundancy reduced) as available and partial outage as not', () => {
    const u = serviceUptime([{ at: -H, toState: 'degraded_performance' }, { at: 12 * H, toState: 'partial_outage' }, { at: 18 * H, toState: 'operational' }], 0, 24 * H);
    expect(u).toEqual({ ratio: 0.75, partialOutageMs: 6 * H, majorOutageMs: 0, maintenanceMs: 0 });
  });

  it('leaves maintenance out of the ratio', () => {
    const u = serviceUptime([{ at: -H, toState: 'operational' }, { at: 6 * H, toState: 'under_maintenance' }, { at: 18 * H, toState: 'major_outage' }, { at: 21 * H, toState: 'operational' }], 0, 24 * H);
    expect(u).toEqual({ ratio: 0.75, partialOutageMs: 0, majorOutageMs: 3 * H, maintenanceMs: 12 * H });
  });
});
