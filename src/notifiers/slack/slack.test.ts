import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCaptureServer, type CaptureServer } from '../../../test/helpers/capture-server.js';
import { sampleMessage } from '../../../test/helpers/notification-message.js';
import { TransportError } from '../types.js';
import { slackNotifier } from './index.js';

const ctx = () => ({ signal: AbortSignal.timeout(5000), timeoutMs: 5000 });

describe('slack channel', () => {
  let sink: CaptureServer;
  beforeEach(async () => {
    sink = await startCaptureServer({ status: 200, headers: { 'content-type': 'text/html' }, body: 'ok' });
  });
  afterEach(async () => {
    await sink.close();
  });

  it('POSTs Block Kit JSON: header, mrkdwn section with & < > escaped, buttons to the incident and to acknowledge, text fallback', async () => {
    const settings = slackNotifier.schema.parse({ url: `${sink.origin}/services/T000/B000/XXXX` });
    const message = sampleMessage('en');
    message.text.full = `${message.text.subject}\n\nCause: 6 of 6 servers <down> & <!channel>.`;
    const receipt = await slackNotifier.send(settings, message, ctx());
    expect(receipt).toMatchObject({ status: 200, answer: 'ok' });
    expect(sink.requests).toHaveLength(1);
    const [req] = sink.requests;
    expect(req).toMatchObject({ method: 'POST', url: '/services/T000/B000/XXXX' });
    expect(req!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(req!.body)).toEqual({
      text: 'SEV1 Emergency calls: major outage — 6/6 servers &lt;down&gt; &amp; "common mode"',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: '[SEV1] Emergency calls: major outage', emoji: true } },
        {
          type: 'section',
          text: { type: 'mrkdwn', text: 'Cause: 6 of 6 servers &lt;down&gt; &amp; &lt;!channel&gt;.' },
          fields: [
            { type: 'mrkdwn', text: '*Severity*\nSEV1' },
            { type: 'mrkdwn', text: '*Status*\nopen' },
          ],
        },
        {
          type: 'actions',
          elements: [
            { type: 'button', action_id: 'vigie-incident', text: { type: 'plain_text', text: 'Details' }, url: 'http://127.0.0.1:3000/api/v1/incidents/42' },
            { type: 'button', action_id: 'vigie-ack', text: { type: 'plain_text', text: 'Acknowledge' }, url: 'http://127.0.0.1:3000/ack/abc.def', style: 'primary' },
          ],
        },
      ],
    });
  });

  it('writes the labels in French and leaves the header as plain text (not escaped)', async () => {
    const message = sampleMessage('fr');
    message.text.subject = '[SEV1] Appels <112> & 114';
    await slackNotifier.send(slackNotifier.schema.parse({ url: sink.origin }), message, ctx());
    const body = JSON.parse(sink.requests[0]!.body);
    expect(body.blocks[0].text.text).toBe('[SEV1] Appels <112> & 114');
    expect(body.blocks[1].fields.map((f: { text: string }) => f.text)).toEqual(['*Gravité*\nSEV1', '*Statut*\nouvert']);
    expect(body.blocks[2].elements.map((e: { text: { text: string } }) => e.text.text)).toEqual(['Détails', 'Prendre en compte']);
    expect(body.text).toContain('&lt;en panne&gt; &amp; "mode commun"');
  });

  it('has no acknowledge button without an ack link, and no actions block without any link', async () => {
    const settings = slackNotifier.schema.parse({ url: sink.origin });
    const acknowledged = sampleMessage('en', { event: 'acknowledged' });
    acknowledged.incident = { ...acknowledged.incident, status: 'acknowledged', ackUrl: undefined } as typeof acknowledged.incident;
    await slackNotifier.send(settings, acknowledged, ctx());
    expect(JSON.parse(sink.requests[0]!.body).blocks[2].elements.map((e: { action_id: string }) => e.action_id)).toEqual(['vigie-incident']);
    const bare = sampleMessage('en');
    bare.incident = { ...bare.incident, url: undefined, ackUrl: undefined } as typeof bare.incident;
    await slackNotifier.send(settings, bare, ctx());
    expect(JSON.parse(sink.requests[1]!.body).blocks.map((b: { type: string }) => b.type)).toEqual(['header', 'section']);
  });

  it('reads 404 no_service and 400 invalid_payload as permanent, 429 rate_limited with Retry-After and 500 as retryable', async () => {
    const settings = slackNotifier.schema.parse({ url: sink.origin });
    sink.answers.push(
      { status: 404, body: 'no_service' },
      { status: 400, body: 'invalid_payload' },
      { status: 429, headers: { 'retry-after': '30' }, body: 'rate_limited' },
      { status: 500, body: 'rollup_error' },
    );
    const errors = [];
    for (let i = 0; i < 4; i++) errors.push(await slackNotifier.send(settings, sampleMessage(), ctx()).catch((e: unknown) => e));
    for (const e of errors) expect(e).toBeInstanceOf(TransportError);
    expect(errors[0]).toMatchObject({ permanent: true, status: 404, message: 'HTTP 404: no_service' });
    expect(errors[1]).toMatchObject({ permanent: true, status: 400, message: 'HTTP 400: invalid_payload' });
    expect(errors[2]).toMatchObject({ permanent: false, status: 429, retryAfterMs: 30_000 });
    expect(errors[3]).toMatchObject({ permanent: false, status: 500 });
  });

  it('refuses settings without a web URL or with unknown fields, naming the field', () => {
    const result = slackNotifier.schema.safeParse({ url: 'ftp://x', channel: '#ops' });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join('.') || i.code)).toEqual(['url', 'unrecognized_keys']);
  });
});
