import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCaptureServer, type CaptureServer } from '../../../test/helpers/capture-server.js';
import { sampleMessage } from '../../../test/helpers/notification-message.js';
import { TransportError } from '../types.js';
import { pagerdutyNotifier } from './index.js';

const ctx = () => ({ signal: AbortSignal.timeout(5000), timeoutMs: 5000 });
const KEY = 'R0ut1ngK3yOfTheServ1ceIntegrat10';

describe('pagerduty channel', () => {
  let sink: CaptureServer;
  const settings = () => pagerdutyNotifier.schema.parse({ url: sink.origin, routing_secret: KEY });
  beforeEach(async () => {
    sink = await startCaptureServer({ status: 202, headers: { 'content-type': 'application/json' }, body: '{"status":"success","message":"Event processed","dedup_key":"vigie-incident-42"}' });
  });
  afterEach(async () => {
    await sink.close();
  });

  it('triggers an alert as the Events API v2 documents it: POST /v2/enqueue, routing_key, dedup_key, payload, links', async () => {
    const receipt = await pagerdutyNotifier.send(settings(), sampleMessage('en'), ctx());
    expect(receipt).toMatchObject({ status: 202, providerId: 'vigie-incident-42' });
    const [req] = sink.requests;
    expect(req).toMatchObject({ method: 'POST', url: '/v2/enqueue' });
    expect(req!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(req!.body)).toEqual({
      routing_key: KEY,
      event_action: 'trigger',
      dedup_key: 'vigie-incident-42',
      payload: {
        summary: '[SEV1] Emergency calls: major outage',
        source: 'vigie',
        severity: 'critical',
        timestamp: '2021-06-02T14:46:03.000Z',
        component: 'Emergency calls: major outage',
        custom_details: {
          event: 'opened',
          incident_id: 42,
          severity: 'SEV1',
          status: 'open',
          cause: '6 of 6 call servers down — common-mode failure',
          first_failure_at: '2021-06-02T14:45:00.000Z',
          details: 'Emergency calls: major outage.\nCause: 6 of 6 servers.',
        },
      },
      client: 'Vigie',
      client_url: 'http://127.0.0.1:3000/api/v1/incidents/42',
      links: [
        { href: 'http://127.0.0.1:3000/api/v1/incidents/42', text: 'Incident' },
        { href: 'http://127.0.0.1:3000/ack/abc.def', text: 'Acknowledge in Vigie' },
      ],
    });
  });

  it('maps events to trigger, acknowledge and resolve on the same dedup_key, and severities SEV1-4 to critical/error/warning/info', async () => {
    const cases = [
      ['severity_raised', 'trigger'],
      ['common_mode', 'trigger'],
      ['updated', 'trigger'],
      ['reopened', 'trigger'],
      ['test', 'trigger'],
      ['acknowledged', 'acknowledge'],
      ['resolved', 'resolve'],
    ] as const;
    for (const [event] of cases) await pagerdutyNotifier.send(settings(), sampleMessage('fr', { event }), ctx());
    const bodies = sink.requests.map((r) => JSON.parse(r.body));
    expect(bodies.map((b) => b.event_action)).toEqual(cases.map(([, action]) => action));
    expect(new Set(bodies.map((b) => b.dedup_key))).toEqual(new Set(['vigie-incident-42']));
    expect(bodies[5]).toEqual({ routing_key: KEY, event_action: 'acknowledge', dedup_key: 'vigie-incident-42' });
    expect(bodies[0].links[1].text).toBe('Prendre en compte dans Vigie');
    const severities = [];
    for (const severity of ['SEV2', 'SEV3', 'SEV4'] as const) {
      const base = sampleMessage('en');
      await pagerdutyNotifier.send(settings(), { ...base, incident: { ...base.incident, severity } }, ctx());
      severities.push(JSON.parse(sink.requests.at(-1)!.body).payload.severity);
    }
    expect(severities).toEqual(['error', 'warning', 'info']);
  });

  it('cuts the summary to the 1024 characters PagerDuty accepts', async () => {
    const base = sampleMessage('en');
    await pagerdutyNotifier.send(settings(), { ...base, text: { ...base.text, subject: 'x'.repeat(2000) } }, ctx());
    const summary: string = JSON.parse(sink.requests[0]!.body).payload.summary;
    expect([...summary]).toHaveLength(1024);
    expect(summary.endsWith('…')).toBe(true);
  });

  it('reads 400 as permanent, 429 and 500 as retryable', async () => {
    sink.answers.push(
      { status: 400, body: '{"status":"invalid event","message":"Event object is invalid","errors":["Length of \'routing_key\' is incorrect"]}' },
      { status: 429, body: '' },
      { status: 500, body: '' },
    );
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await pagerdutyNotifier.send(settings(), sampleMessage(), ctx()).catch((e: unknown) => e));
    expect(results[0]).toBeInstanceOf(TransportError);
    expect(results.map((r) => [(r as TransportError).status, (r as TransportError).permanent])).toEqual([
      [400, true],
      [429, false],
      [500, false],
    ]);
  });

  it('refuses a missing or malformed routing_secret and defaults to the public API', () => {
    const result = pagerdutyNotifier.schema.safeParse({ routing_secret: 'not a key' });
    expect(result.error!.issues.map((i) => i.path.join('.'))).toEqual(['routing_secret']);
    expect(pagerdutyNotifier.schema.parse({ routing_secret: KEY }).url).toBe('https://events.pagerduty.com');
  });
});
