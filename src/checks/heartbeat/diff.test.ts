import { describe, expect, it } from 'vitest';
import { diffHeartbeat } from './diff.js';

const result = (lastBoot: unknown) => ({ status: 'up' as const, message: 'ok', latencyMs: null, details: { lastBoot } });

describe('diffHeartbeat', () => {
  it('raises heartbeat.rebooted with the boot ids before and after', () => {
    const events = diffHeartbeat({ lastBoot: { at: 1, bootId: 'aaa', previousBootId: null } }, result({ at: 2, bootId: 'bbb', previousBootId: 'aaa' }));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'heartbeat.rebooted', message: 'rebooted: boot id aaa → bbb', before: { bootId: 'aaa' }, after: { bootId: 'bbb' } });
    expect(events[0]!.messages?.fr).toContain('redémarré');
  });

  it('says so when only the uptime went backwards', () => {
    const events = diffHeartbeat({ lastBoot: { at: 1, bootId: null, previousBootId: null } }, result({ at: 2, bootId: null, previousBootId: null }));
    expect(events[0]?.message).toBe('rebooted: uptime went backwards');
  });

  it('stays quiet for the same boot and on the first run', () => {
    const boot = { at: 1, bootId: 'aaa', previousBootId: null };
    expect(diffHeartbeat({ lastBoot: boot }, result(boot))).toEqual([]);
    expect(diffHeartbeat(undefined, result(boot))).toEqual([]);
    expect(diffHeartbeat({ lastBoot: null }, result(boot))).toEqual([]);
  });

  it('stays quiet when the same boot id is recorded again (silent longer than the retention, not rebooted)', () => {
    const kept = { at: 1_000, bootId: 'aaa', previousBootId: null };
    const again = { at: 1_002, bootId: 'aaa', previousBootId: null };
    expect(diffHeartbeat({ lastBoot: kept }, result(again))).toEqual([]);
  });
});
