import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCaptureServer, type CaptureServer } from '../../../test/helpers/capture-server.js';
import { sampleMessage } from '../../../test/helpers/notification-message.js';
import { TransportError } from '../types.js';
import { webhookNotifier } from './index.js';

const ctx = () => ({ signal: AbortSignal.timeout(5000), timeoutMs: 5000 });

describe('webhook channel', () => {
  let sink: CaptureServer;
  beforeEach(async () => {
    sink = await startCaptureServer();
  });
  afterEach(async () => {
    await sink.close();
  });

  it('POSTs versioned JSON with the idempotency key and a signature the receiver can verify', async () => {
    const settings = webhookNotifier.schema.parse({ url: `${sink.origin}/hooks/vigie`, secret: 'a-long-shared-secret', headers: { 'X-Team': 'ops' } });
    const receipt = await webhookNotifier.send(settings, sampleMessage('fr'), ctx());
    expect(receipt.status).toBe(200);
    const [req] = sink.requests;
    expect(req).toMatchObject({ method: 'POST', url: '/hooks/vigie' });
    expect(req!.headers['content-type']).toBe('application/json');
    expect(req!.headers['idempotency-key']).toBe('vigie-incident-42-opened-ch-ops-alice');
    expect(req!.headers['x-team']).toBe('ops');
    const body = JSON.parse(req!.body);
    expect(body).toMatchObject({ version: 1, event: 'opened', language: 'fr', incident: { id: 42, key: 'vigie-incident-42', severity: 'SEV1', first_failure_at: '2021-06-02T14:45:00.000Z' } });
    expect(body.text.short).toContain('6/6 serveurs');
    const [t, v1] = String(req!.headers['vigie-signature']).split(',').map((part) => part.split('=')[1]);
    expect(t).toBe(req!.headers['vigie-timestamp']);
    expect(v1).toBe(createHmac('sha256', 'a-long-shared-secret').update(`${t}.${req!.body}`).digest('hex'));
  });

  it('adds the likely cause and the suspect changes to the incident, still version 1 (null and [] when none is noted)', async () => {
    const settings = webhookNotifier.schema.parse({ url: sink.origin });
    const kb = { changeId: 7, name: 'KB5009557', text: 'KB5009557 (patch) on dc-1, 3 min before the first failure' };
    const plain = sampleMessage();
    await webhookNotifier.send(settings, { ...plain, incident: { ...plain.incident, likelyCause: kb, suspects: [kb] } }, ctx());
    await webhookNotifier.send(settings, plain, ctx());
    const [suspected, bare] = sink.requests.map((r) => JSON.parse(r.body));
    expect(suspected).toMatchObject({ version: 1, incident: { cause: plain.incident.cause, likely_cause: { change: 7, name: 'KB5009557', text: kb.text }, suspects: [{ change: 7, name: 'KB5009557', text: kb.text }] } });
    expect(bare).toMatchObject({ version: 1, incident: { likely_cause: null, suspects: [] } });
  });

  it('sends no signature without a secret', async () => {
    await webhookNotifier.send(webhookNotifier.schema.parse({ url: sink.origin }), sampleMessage(), ctx());
    expect(sink.requests[0]!.headers['vigie-signature']).toBeUndefined();
  });

  it('reads 503 with Retry-After as retryable, 400 as permanent, a closed port as retryable', async () => {
    const settings = webhookNotifier.schema.parse({ url: sink.origin });
    sink.answers.push({ status: 503, headers: { 'retry-after': '8' }, body: 'busy' }, { status: 400, body: '{"error":"bad field"}' });
    const first = await webhookNotifier.send(settings, sampleMessage(), ctx()).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(TransportError);
    expect(first).toMatchObject({ permanent: false, status: 503, retryAfterMs: 8000, message: 'HTTP 503: busy' });
    const second = await webhookNotifier.send(settings, sampleMessage(), ctx()).catch((e: unknown) => e);
    expect(second).toMatchObject({ permanent: true, status: 400 });
    const closed = await startCaptureServer();
    const port = closed.port;
    await closed.close();
    const third = await webhookNotifier.send(webhookNotifier.schema.parse({ url: `http://127.0.0.1:${port}` }), sampleMessage(), ctx()).catch((e: unknown) => e);
    expect(third).toMatchObject({ permanent: false });
    expect((third as Error).message).toMatch(/ECONNREFUSED/);
  });

  it('refuses settings that are not a web URL or a short secret, naming the field', () => {
    const result = webhookNotifier.schema.safeParse({ url: 'ftp://x', secret: 'short' });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join('.'))).toEqual(['url', 'secret']);
  });
});
