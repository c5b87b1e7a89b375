/** @module Tests of the config schema on its own (no files). */
import { describe, it, expect } from 'vitest';
import { configSchema, findDuplicateIds, toMonitorDefinitions } from './config.schema.js';

describe('configSchema', () => {
  it('turns monitors into engine definitions with durations in milliseconds', () => {
    const config = configSchema.parse({
      monitors: [
        { id: 'api', name: 'Public API', interval: '30s', timeout: '5s', http: { url: 'https://api.example.test/health' } },
        { id: 'ssh', tcp: { host: 'bastion.example.test', port: 22 }, paused: true },
      ],
    });
    const defs = toMonitorDefinitions(config);
    expect(defs.map((d) => [d.id, d.name, d.type, d.intervalMs, d.timeoutMs, d.paused])).toEqual([
      ['api', 'Public API', 'http', 30_000, 5_000, false],
      ['ssh', 'ssh', 'tcp', 60_000, 10_000, true],
    ]);
    expect(defs[0]!.check['url']).toBe('https://api.example.test/health');
  });

  it('refuses duplicate ids on its own (for API bodies), naming the first use', () => {
    const result = configSchema.safeParse({
      monitors: [
        { id: 'a', http: { url: 'https://a.example.test/' } },
        { id: 'a', http: { url: 'https://b.example.test/' } },
      ],
    });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => [i.path, i.message])).toEqual([[['monitors', 1, 'id'], 'duplicate monitor id "a"; it is already used by monitors[0]']]);
  });

  it('applies input-side defaults for durations', () => {
    const config = configSchema.parse({ storage: { retention: { raw: '1d' } }, scheduler: { batch: { interval: '250ms' } } });
    expect(config.storage.retention).toEqual({ raw: 86_400_000, rollups: 400 * 86_400_000 });
    expect(config.scheduler.batch).toEqual({ size: 500, interval: 250 });
  });
});

describe('findDuplicateIds', () => {
  it('lists each later use with the first index, ignoring entries without a string id', () => {
    expect(findDuplicateIds([{ id: 'a' }, { id: 'b' }, null, { id: 'a' }, { id: 3 }, { id: 'a' }])).toEqual([
      { index: 3, firstIndex: 0, id: 'a' },
      { index: 5, firstIndex: 0, id: 'a' },
    ]);
  });
});
