import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCaptureServer, type CaptureServer } from '../../../test/helpers/capture-server.js';
import { sampleMessage } from '../../../test/helpers/notification-message.js';
import { TransportError } from '../types.js';
import { opsgenieNotifier } from './index.js';

const ctx = () => ({ signal: AbortSignal.timeout(5000), timeoutMs: 5000 });
const API_KEY = 'eb243592-faa2-4ba2-a551-1afdf565c889';

describe('opsgenie channel', () => {
  let sink: CaptureServer;
  const settings = (extra: Record<string, unknown> = {}) => opsgenieNotifier.schema.parse({ url: sink.origin, api_key: API_KEY, ...extra });
  beforeEach(async () => {
    sink = await startCaptureServer({ status: 202, headers: { 'content-type': 'application/json' }, body: '{"result":"Request will be processed","took":0.302,"requestId":"43a29c5c-3dbf-4fa4-9c26-f4f71023e120"}' });
  });
  afterEach(async () => {
    await sink.close();
  });

  it('creates an alert as the Alert API documents it: POST /v2/alerts, GenieKey, alias = incident key, priority, details', async () => {
    const receipt = await opsgenieNotifier.send(settings({ tags: ['vigie', 'telephony'] }), sampleMessage('en'), ctx());
    expect(receipt).toMatchObject({ status: 202, providerId: '43a29c5c-3dbf-4fa4-9c26-f4f71023e120' });
    const [req] = sink.requests;
    expect(req).toMatchObject({ method: 'POST', url: '/v2/alerts' });
    expect(req!.headers.authorization).toBe(`GenieKey ${API_KEY}`);
    expect(req!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(req!.body)).toEqual({
      message: '[SEV1] Emergency calls: major outage',
      alias: 'vigie-incident-42',
      description: 'Emergency calls: major outage.\nCause: 6 of 6 servers.',
      priority: 'P1',
      source: 'Vigie',
      entity: 'Emergency calls: major outage',
      tags: ['vigie', 'telephony'],
      details: {
        event: 'opened',
        incident_id: '42',
        severity: 'SEV1',
        status: 'open',
        first_failure_at: '2021-06-02T14:45:00.000Z',
        cause: '6 of 6 call servers down — common-mode failure',
        url: 'http://127.0.0.1:3000/api/v1/incidents/42',
        ack_url: 'http://127.0.0.1:3000/ack/abc.def',
      },
    });
  });

  it('acknowledges and closes the alert by alias, with a note', async () => {
    await opsgenieNotifier.send(settings(), sampleMessage('fr', { event: 'acknowledged' }), ctx());
    await opsgenieNotifier.send(settings(), sampleMessage('fr', { event: 'resolved' }), ctx());
    const [ack, close] = sink.requests;
    expect(ack).toMatchObject({ method: 'POST', url: '/v2/alerts/vigie-incident-42/acknowledge?identifierType=alias' });
    expect(close).toMatchObject({ method: 'POST', url: '/v2/alerts/vigie-incident-42/close?identifierType=alias' });
    expect(JSON.parse(ack!.body)).toEqual({ source: 'Vigie', note: 'SEV1 Appels d’urgence : panne majeure — 6/6 serveurs <en panne> & "mode commun"' });
    expect(close!.headers.authorization).toBe(`GenieKey ${API_KEY}`);
  });

  it('maps SEV1-4 to P1-P4, cuts the message to 130 characters, and re-creates (same alias) on other events', async () => {
    const base = sampleMessage('en');
    for (const severity of ['SEV2', 'SEV3', 'SEV4'] as const) await opsgenieNotifier.send(settings(), { ...base, incident: { ...base.incident, severity } }, ctx());
    await opsgenieNotifier.send(settings(), { ...base, event: 'severity_raised', text: { ...base.text, subject: 'é'.repeat(300) } }, ctx());
    const bodies = sink.requests.map((r) => JSON.parse(r.body));
    expect(bodies.map((b) => b.priority)).toEqual(['P2', 'P3', 'P4', 'P1']);
    expect([...bodies[3].message]).toHaveLength(130);
    expect(sink.requests.map((r) => r.url)).toEqual(['/v2/alerts', '/v2/alerts', '/v2/alerts', '/v2/alerts']);
    expect(bodies[3].alias).toBe('vigie-incident-42');
  });

  it('defaults to the US region, reads 422 as permanent and 429 as retryable', async () => {
    expect(opsgenieNotifier.schema.parse({ api_key: 'k' }).url).toBe('https://api.opsgenie.com');
    sink.answers.push({ status: 422, body: '{"message":"Request body is not processable","took":0.0}' }, { status: 429, headers: { 'retry-after': '2' }, body: '' });
    const first = await opsgenieNotifier.send(settings(), sampleMessage(), ctx()).catch((e: unknown) => e);
    const second = await opsgenieNotifier.send(settings(), sampleMessage(), ctx()).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(TransportError);
    expect(first).toMatchObject({ permanent: true, status: 422 });
    expect(second).toMatchObject({ permanent: false, status: 429, retryAfterMs: 2000 });
  });

  it('refuses more than 20 tags or a tag over 50 characters, naming the field', () => {
    const result = opsgenieNotifier.schema.safeParse({ api_key: 'k', tags: ['x'.repeat(51)] });
    expect(result.error!.issues.map((i) => i.path.join('.'))).toEqual(['tags.0']);
  });
});
