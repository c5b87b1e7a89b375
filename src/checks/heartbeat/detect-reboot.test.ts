import { describe, expect, it } from 'vitest';
import { detectReboot } from './detect-reboot.js';

const hb = (at: number, bootId: string | null, uptimeS: number | null) => ({ at, bootId, uptimeS });

describe('detectReboot', () => {
  it('records the first boot seen, dated by the uptime', () => {
    expect(detectReboot(undefined, hb(100_000, 'a', 40))).toEqual({ at: 60_000, bootId: 'a', previousBootId: null });
    expect(detectReboot(undefined, hb(100_000, 'a', null))).toEqual({ at: 100_000, bootId: 'a', previousBootId: null });
  });

  it('sees nothing without boot information', () => {
    expect(detectReboot(hb(1, 'a', 5), hb(100_000, null, null))).toBeUndefined();
  });

  it('sees a new boot id, and not the same one', () => {
    expect(detectReboot(hb(50_000, 'a', 500), hb(100_000, 'b', 10))).toEqual({ at: 90_000, bootId: 'b', previousBootId: 'a' });
    expect(detectReboot(hb(50_000, 'a', 500), hb(100_000, 'a', 550))).toBeUndefined();
  });

  it('never dates a reboot before the previous heartbeat', () => {
    expect(detectReboot(hb(95_000, 'a', 500), hb(100_000, 'b', 60))?.at).toBe(95_001);
  });

  it('sees uptime going backwards when there is no boot id', () => {
    expect(detectReboot(hb(50_000, null, 500), hb(100_000, null, 20))).toEqual({ at: 80_000, bootId: null, previousBootId: null });
    expect(detectReboot(hb(50_000, null, 500), hb(100_000, null, 549))).toBeUndefined();
  });

  it('trusts equal boot ids over a smaller uptime', () => {
    expect(detectReboot(hb(50_000, 'a', 500), hb(100_000, 'a', 3))).toBeUndefined();
  });
});
