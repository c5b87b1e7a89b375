import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCaptureServer, type CaptureServer } from '../../test/helpers/capture-server.js';
import type { PipelineFacts } from './pipeline-health.js';
import { Watchdog } from './watchdog.js';

const limits = { maxSchedulerLagMs: 30_000, maxOutboxLagMs: 60_000, maxDeliveryLagMs: 60_000 };
const calm: PipelineFacts = { schedulerLagMs: 0, outboxLagMs: 0, deliveryLagMs: 0, loopIdleMs: 0 };

function capturedLog() {
  const lines: { level: number; msg: string }[] = [];
  const stream = new Writable({ write: (chunk: Buffer, _enc, done) => (lines.push(JSON.parse(chunk.toString()) as { level: number; msg: string }), done()) });
  return { log: pino({ level: 'debug' }, stream), lines };
}

describe('Watchdog', () => {
  let sink: CaptureServer;
  beforeAll(async () => (sink = await startCaptureServer()));
  afterAll(async () => sink.close());

  it('calls the URL (GET) while the pipeline is healthy and stops while it is not, logging each change once', async () => {
    let facts = calm;
    const { log, lines } = capturedLog();
    const dog = new Watchdog({ settings: () => ({ url: `${sink.origin}/api/v1/push/tok`, everyMs: 1000, limits }), facts: async () => facts, log });
    const before = sink.requests.length;
    expect(await dog.beat()).toBe('called');
    expect(sink.requests.slice(before).map((r) => [r.method, r.url])).toEqual([['GET', '/api/v1/push/tok']]);
    facts = { ...calm, loopIdleMs: 61_000 };
    expect(await dog.beat()).toBe('unhealthy');
    facts = { ...calm, loopIdleMs: 62_000 }; // the figures change, the verdict does not: logged once
    expect(await dog.beat()).toBe('unhealthy');
    expect(sink.requests.length).toBe(before + 1);
    facts = calm;
    expect(await dog.beat()).toBe('called');
    expect(sink.requests.length).toBe(before + 2);
    const messages = lines.filter((l) => l.level > 20).map((l) => l.msg);
    expect(lines.filter((l) => l.msg === 'watchdog: heartbeat URL not called')).toHaveLength(2);
    expect(messages).toEqual([
      'watchdog: not calling the heartbeat URL while the pipeline is unhealthy: notification loop stalled: no step completed for 1 min 1 s (limit 1 min)',
      'watchdog: the pipeline is healthy again; calling the heartbeat URL',
    ]);
  });

  it('treats facts that cannot be read as unhealthy, and reports a failing URL once without its token', async () => {
    const { log, lines } = capturedLog();
    let broken = true;
    const dog = new Watchdog({
      settings: () => ({ url: `${sink.origin}/api/v1/push/secret-token`, everyMs: 1000, limits }),
      facts: async () => {
        if (broken) throw new Error('database is locked');
        return calm;
      },
      log,
    });
    expect(await dog.beat()).toBe('unhealthy');
    broken = false;
    sink.fallback = { status: 404, body: 'no such token' };
    try {
      expect(await dog.beat()).toBe('call_failed');
      expect(await dog.beat()).toBe('call_failed');
    } finally {
      sink.fallback = { status: 200, body: 'ok' };
    }
    expect(await dog.beat()).toBe('called');
    const messages = lines.filter((l) => l.level > 20).map((l) => l.msg);
    expect(messages).toEqual([
      "watchdog: not calling the heartbeat URL while the pipeline is unhealthy: the pipeline's state cannot be read: database is locked",
      'watchdog: the pipeline is healthy again; calling the heartbeat URL',
      'watchdog: calling the heartbeat URL failed: HTTP 404',
      'watchdog: the heartbeat URL answers again',
    ]);
    expect(messages.join('\n')).not.toContain('secret-token');
  });

  it('does nothing without settings', async () => {
    const dog = new Watchdog({ settings: () => undefined, facts: async () => calm, log: capturedLog().log });
    expect(await dog.beat()).toBe('off');
  });
});
