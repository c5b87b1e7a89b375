import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCaptureServer, type CaptureServer } from '../../../test/helpers/capture-server.js';
import { sampleMessage } from '../../../test/helpers/notification-message.js';
import { TransportError } from '../types.js';
import { ntfyNotifier } from './index.js';

const ctx = () => ({ signal: AbortSignal.timeout(5000), timeoutMs: 5000 });

describe('ntfy channel', () => {
  let sink: CaptureServer;
  beforeEach(async () => {
    sink = await startCaptureServer({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"id":"sPs71M8A2T","time":1638542110,"event":"message","topic":"vigie-ops-7f3k"}\n' });
  });
  afterEach(async () => {
    await sink.close();
  });

  it('POSTs the JSON message to the server root with the Bearer token: title, plain message, priority 5 for SEV1, tags, click, view actions', async () => {
    const settings = ntfyNotifier.schema.parse({ server: sink.origin, topic: 'vigie-ops-7f3k', token: 'tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2' });
    const message = sampleMessage('en');
    message.text.full = `${message.text.subject}\n\nCause: 6 of 6 servers <down> & "common mode" **now**`;
    const receipt = await ntfyNotifier.send(settings, message, ctx());
    expect(receipt.status).toBe(200);
    const [req] = sink.requests;
    expect(req).toMatchObject({ method: 'POST', url: '/' });
    expect(req!.headers['content-type']).toBe('application/json');
    expect(req!.headers.authorization).toBe('Bearer tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2');
    expect(JSON.parse(req!.body)).toEqual({
      topic: 'vigie-ops-7f3k',
      title: '[SEV1] Emergency calls: major outage',
      message: 'Cause: 6 of 6 servers <down> & "common mode" **now**',
      priority: 5,
      tags: ['rotating_light', 'sev1'],
      click: 'http://127.0.0.1:3000/api/v1/incidents/42',
      actions: [
        { action: 'view', label: 'Details', url: 'http://127.0.0.1:3000/api/v1/incidents/42' },
        { action: 'view', label: 'Acknowledge', url: 'http://127.0.0.1:3000/ack/abc.def', clear: true },
      ],
    });
  });

  it('defaults to https://ntfy.sh, keeps a self-hosted path, sends no Authorization without a token', async () => {
    expect(ntfyNotifier.schema.parse({ topic: 'alerts' }).server).toBe('https://ntfy.sh');
    await ntfyNotifier.send(ntfyNotifier.schema.parse({ server: `${sink.origin}/ntfy`, topic: 'alerts' }), sampleMessage('fr'), ctx());
    const [req] = sink.requests;
    expect(req!.url).toBe('/ntfy/');
    expect(req!.headers.authorization).toBeUndefined();
    expect(JSON.parse(req!.body).actions.map((a: { label: string }) => a.label)).toEqual(['Détails', 'Prendre en compte']);
  });

  it('lowers the priority to 3 once resolved, tags it done, drops the acknowledge action', async () => {
    const message = sampleMessage('en', { event: 'resolved' });
    message.incident = { ...message.incident, status: 'resolved', severity: 'SEV2', ackUrl: undefined } as typeof message.incident;
    await ntfyNotifier.send(ntfyNotifier.schema.parse({ server: sink.origin, topic: 'alerts' }), message, ctx());
    const body = JSON.parse(sink.requests[0]!.body);
    expect(body).toMatchObject({ priority: 3, tags: ['white_check_mark', 'sev2'] });
    expect(body.actions).toEqual([{ action: 'view', label: 'Details', url: 'http://127.0.0.1:3000/api/v1/incidents/42' }]);
  });

  it("reads ntfy's JSON errors: 403 permanent with its words, 429 retryable after Retry-After", async () => {
    const settings = ntfyNotifier.schema.parse({ server: sink.origin, topic: 'alerts', token: 'tk_wrong' });
    sink.answers.push(
      { status: 403, headers: { 'content-type': 'application/json' }, body: '{"code":40301,"http":403,"error":"forbidden","link":"https://ntfy.sh/docs/publish/#authentication"}' },
      { status: 429, headers: { 'retry-after': '10' }, body: '{"code":42901,"http":429,"error":"limit reached: too many requests"}' },
    );
    const forbidden = await ntfyNotifier.send(settings, sampleMessage(), ctx()).catch((e: unknown) => e);
    expect(forbidden).toBeInstanceOf(TransportError);
    expect(forbidden).toMatchObject({ permanent: true, status: 403, message: 'HTTP 403: forbidden (code 40301)' });
    const limited = await ntfyNotifier.send(settings, sampleMessage(), ctx()).catch((e: unknown) => e);
    expect(limited).toMatchObject({ permanent: false, status: 429, retryAfterMs: 10_000, message: 'HTTP 429: limit reached: too many requests (code 42901)' });
  });

  it('refuses a topic ntfy would not accept, naming the field', () => {
    const result = ntfyNotifier.schema.safeParse({ topic: 'ops alerts/1' });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join('.'))).toEqual(['topic']);
  });
});
