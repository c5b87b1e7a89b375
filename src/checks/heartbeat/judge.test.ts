import { describe, expect, it } from 'vitest';
import { heartbeatConfigSchema } from './heartbeat.schema.js';
import { heartbeatSample, judgeHeartbeat } from './judge.js';
import type { PushedHeartbeat } from '../passive-reader.js';
import { clockText } from './time-text.js';

const config = heartbeatConfigSchema.parse({ token: 'a'.repeat(32), period: '1m', grace: '30s' });
const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);
const beat = (agoMs: number, extra: Partial<PushedHeartbeat> = {}): PushedHeartbeat => ({
  at: NOW - agoMs, status: 'up', message: null, bootId: 'b1', uptimeS: 1000, value: null, ...extra,
});
const boots = (count: number, spanMs: number) =>
  Array.from({ length: count }, (_, i) => ({ at: NOW - spanMs + (i * spanMs) / count, bootId: `b${i}`, previousBootId: i === 0 ? null : `b${i - 1}` }));

describe('judgeHeartbeat', () => {
  it('is up while heartbeats arrive within period + grace', () => {
    const r = judgeHeartbeat(config, { now: NOW, last: beat(89_000), boots: [], lastBoot: undefined });
    expect(r.status).toBe('up');
    expect(r.messages?.fr).toContain('dernière pulsation');
  });

  it('is down once period + grace have passed, naming the last heartbeat and the expectation', () => {
    const last = beat(91_000);
    const r = judgeHeartbeat(config, { now: NOW, last, boots: [], lastBoot: undefined });
    expect(r.status).toBe('down');
    expect(r.message).toBe(`no heartbeat since ${clockText(last.at, NOW)} (expected every 1m, grace 30s)`);
    expect(r.messages?.fr).toBe(`aucune pulsation depuis ${clockText(last.at, NOW)} (attendue toutes les 1m, tolérance 30s)`);
  });

  it('is down with the pushed message on an explicit down', () => {
    const r = judgeHeartbeat(config, { now: NOW, last: beat(1000, { status: 'down', message: 'disk full' }), boots: [], lastBoot: undefined });
    expect(r.status).toBe('down');
    expect(r.message).toMatch(/^reported down at \d\d:\d\d: disk full$/);
  });

  it('is down on a reboot loop even when every heartbeat says up', () => {
    const r = judgeHeartbeat(config, { now: NOW, last: beat(1000), boots: boots(4, 22 * 60_000), lastBoot: undefined });
    expect(r.status).toBe('down');
    expect(r.message).toBe('reboot loop: 4 boots in 22 min');
    expect(r.messages?.fr).toBe('boucle de redémarrage : 4 démarrages en 22 min');
  });

  it('allows up to `boots` boots in the window, and can be turned off', () => {
    expect(judgeHeartbeat(config, { now: NOW, last: beat(1000), boots: boots(3, 10 * 60_000), lastBoot: undefined }).status).toBe('up');
    const off = heartbeatConfigSchema.parse({ token: 'a'.repeat(32), reboot_loop: false });
    expect(judgeHeartbeat(off, { now: NOW, last: beat(1000), boots: boots(9, 60_000), lastBoot: undefined }).status).toBe('up');
  });

  it('is unknown before the first heartbeat', () => {
    expect(judgeHeartbeat(config, { now: NOW, last: undefined, boots: [], lastBoot: undefined }).status).toBe('unknown');
  });
});

describe('heartbeatSample', () => {
  it('is the last heartbeat while it is fresh, whichever run reads it', () => {
    const last = beat(1000, { status: 'down', message: 'disk full' });
    const atPush = judgeHeartbeat(config, { now: NOW, last, boots: [], lastBoot: undefined });
    const later = judgeHeartbeat(config, { now: NOW + 30_000, last, boots: [], lastBoot: undefined });
    expect(heartbeatSample(atPush.details)).toBe(`heartbeat:${new Date(last.at).toISOString()}`);
    expect(heartbeatSample(later.details)).toBe(heartbeatSample(atPush.details));
    expect(heartbeatSample(judgeHeartbeat(config, { now: NOW, last: beat(0), boots: [], lastBoot: undefined }).details)).not.toBe(heartbeatSample(atPush.details));
  });

  it('is none for a missed heartbeat or before the first one: every run counts', () => {
    expect(heartbeatSample(judgeHeartbeat(config, { now: NOW, last: beat(91_000), boots: [], lastBoot: undefined }).details)).toBeUndefined();
    expect(heartbeatSample(judgeHeartbeat(config, { now: NOW, last: undefined, boots: [], lastBoot: undefined }).details)).toBeUndefined();
  });
});
