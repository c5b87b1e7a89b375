import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCaptureServer, type CaptureServer } from '../../../test/helpers/capture-server.js';
import { sampleMessage } from '../../../test/helpers/notification-message.js';
import { TransportError } from '../types.js';
import { discordNotifier } from './index.js';
import { escapeDiscord } from './discord-body.js';

const ctx = () => ({ signal: AbortSignal.timeout(5000), timeoutMs: 5000 });

describe('discord channel', () => {
  let sink: CaptureServer;
  beforeEach(async () => {
    sink = await startCaptureServer({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"id":"1180000000000000000","type":0}' });
  });
  afterEach(async () => {
    await sink.close();
  });

  it('POSTs content, one embed and allowed_mentions { parse: [] } to the webhook with wait=true', async () => {
    const settings = discordNotifier.schema.parse({ url: `${sink.origin}/api/webhooks/123/tok-en?thread_id=77`, username: 'Vigie' });
    const message = sampleMessage('en');
    message.text.subject = '[SEV1] @everyone Emergency calls: major outage';
    message.text.full = `${message.text.subject}\n\nCause: 6 of 6 servers <down> & "common mode" **now** <@123>`;
    const receipt = await discordNotifier.send(settings, message, ctx());
    expect(receipt.status).toBe(200);
    const [req] = sink.requests;
    expect(req).toMatchObject({ method: 'POST', url: '/api/webhooks/123/tok-en?thread_id=77&wait=true' });
    expect(req!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(req!.body)).toEqual({
      username: 'Vigie',
      content: '\\[SEV1\\] \\@everyone Emergency calls: major outage',
      embeds: [
        {
          title: '\\[SEV1\\] \\@everyone Emergency calls: major outage',
          url: 'http://127.0.0.1:3000/api/v1/incidents/42',
          description: 'Cause: 6 of 6 servers \\<down> & "common mode" \\*\\*now\\*\\* \\<\\@123>\n\n[Details](http://127.0.0.1:3000/api/v1/incidents/42) · [Acknowledge](http://127.0.0.1:3000/ack/abc.def)',
          color: 0xd32f2f,
          fields: [
            { name: 'Severity', value: 'SEV1', inline: true },
            { name: 'Status', value: 'open', inline: true },
          ],
          timestamp: '2021-06-02T14:46:03.000Z',
        },
      ],
      allowed_mentions: { parse: [] },
    });
  });

  it('writes labels in French, green once resolved, without an acknowledge link', async () => {
    const message = sampleMessage('fr', { event: 'resolved' });
    message.incident = { ...message.incident, status: 'resolved', ackUrl: undefined } as typeof message.incident;
    await discordNotifier.send(discordNotifier.schema.parse({ url: sink.origin }), message, ctx());
    const body = JSON.parse(sink.requests[0]!.body);
    expect(body.username).toBeUndefined();
    expect(body.embeds[0].color).toBe(0x2e7d32);
    expect(body.embeds[0].fields).toEqual([{ name: 'Gravité', value: 'SEV1', inline: true }, { name: 'Statut', value: 'résolu', inline: true }]);
    expect(body.embeds[0].description.endsWith('[Détails](http://127.0.0.1:3000/api/v1/incidents/42)')).toBe(true);
  });

  it('waits retry_after from the 429 body (seconds with decimals), not the rounded header', async () => {
    sink.answers.push({ status: 429, headers: { 'content-type': 'application/json', 'retry-after': '65' }, body: '{"message": "You are being rate limited.", "retry_after": 64.57, "global": false}' });
    const error = await discordNotifier.send(discordNotifier.schema.parse({ url: sink.origin }), sampleMessage(), ctx()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ permanent: false, status: 429, retryAfterMs: 64_570, message: 'HTTP 429: You are being rate limited.' });
  });

  it('reads 404 Unknown Webhook as permanent, naming the code; 500 as retryable; the header when the body has no retry_after', async () => {
    const settings = discordNotifier.schema.parse({ url: sink.origin });
    sink.answers.push({ status: 404, body: '{"message": "Unknown Webhook", "code": 10015}' }, { status: 502, body: 'Bad Gateway' }, { status: 429, headers: { 'retry-after': '3' }, body: 'slow down' });
    const errors = [];
    for (let i = 0; i < 3; i++) errors.push(await discordNotifier.send(settings, sampleMessage(), ctx()).catch((e: unknown) => e));
    expect(errors[0]).toMatchObject({ permanent: true, status: 404, message: 'HTTP 404: Unknown Webhook (code 10015)' });
    expect(errors[1]).toMatchObject({ permanent: false, status: 502, message: 'HTTP 502: Bad Gateway' });
    expect(errors[2]).toMatchObject({ permanent: false, retryAfterMs: 3000 });
  });

  it('escapes Markdown around web addresses; quote, heading and list markers only at the start of a line', () => {
    expect(escapeDiscord('||spoiler|| `x` a - b # c > d see https://x.test/a_b')).toBe('\\|\\|spoiler\\|\\| \\`x\\` a - b # c > d see https://x.test/a_b');
    expect(escapeDiscord('# h\n> q\n- l\n-# small\n1. n')).toBe('\\# h\n\\> q\n\\- l\n\\-# small\n\\1. n');
  });
});
