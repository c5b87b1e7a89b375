import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCaptureServer, type CaptureServer } from '../../../test/helpers/capture-server.js';
import { sampleMessage } from '../../../test/helpers/notification-message.js';
import { TransportError } from '../types.js';
import { matrixNotifier } from './index.js';

const ctx = () => ({ signal: AbortSignal.timeout(5000), timeoutMs: 5000 });
const TOKEN = 'syt_dmlnaWU_AbCdEfGhIjKlMnOpQrSt_0aBcDe';

describe('matrix channel', () => {
  let sink: CaptureServer;
  const settings = () => matrixNotifier.schema.parse({ homeserver: `${sink.origin}/`, access_token: TOKEN, room_id: '!OGEhHVWSdvArJzumhm:matrix.org' });
  beforeEach(async () => {
    sink = await startCaptureServer({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"event_id":"$YUwRidLecu:example.com"}' });
  });
  afterEach(async () => {
    await sink.close();
  });

  it('PUTs an m.room.message to the encoded room id with the idempotency key as transaction id, Bearer token, escaped HTML', async () => {
    const receipt = await matrixNotifier.send(settings(), sampleMessage('en', { idempotencyKey: 'incident-42:page:r0-l0.0:ops/room' }), ctx());
    expect(receipt).toMatchObject({ status: 200, providerId: '$YUwRidLecu:example.com' });
    const [req] = sink.requests;
    expect(req).toMatchObject({ method: 'PUT', url: '/_matrix/client/v3/rooms/!OGEhHVWSdvArJzumhm%3Amatrix.org/send/m.room.message/vigie.incident-42%3Apage%3Ar0-l0.0%3Aops%2Froom' });
    expect(req!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(req!.headers['content-type']).toBe('application/json');
    const base = sampleMessage('en');
    await matrixNotifier.send(settings(), { ...base, text: { ...base.text, full: 'SEV1 6/6 servers <down> & "common mode"\nline 2' } }, ctx());
    expect(JSON.parse(sink.requests[1]!.body)).toEqual({
      msgtype: 'm.text',
      body: '[SEV1] Emergency calls: major outage\nSEV1 6/6 servers <down> & "common mode"\nline 2\nDetails: http://127.0.0.1:3000/api/v1/incidents/42\nAcknowledge: http://127.0.0.1:3000/ack/abc.def',
      format: 'org.matrix.custom.html',
      formatted_body:
        '<strong>[SEV1] Emergency calls: major outage</strong><br>SEV1 6/6 servers &lt;down&gt; &amp; &quot;common mode&quot;<br>line 2<br><a href="http://127.0.0.1:3000/api/v1/incidents/42">Details</a> · <a href="http://127.0.0.1:3000/ack/abc.def">Acknowledge</a>',
    });
  });

  it('sends every retry of one message with the same transaction id, and another message with another', async () => {
    await matrixNotifier.send(settings(), sampleMessage('fr'), ctx());
    await matrixNotifier.send(settings(), sampleMessage('fr'), ctx());
    await matrixNotifier.send(settings(), sampleMessage('fr', { idempotencyKey: 'vigie-incident-42-resolved-ch-ops', event: 'resolved' }), ctx());
    const txn = sink.requests.map((r) => r.url.split('/').at(-1));
    expect(txn[0]).toBe(txn[1]);
    expect(txn[2]).not.toBe(txn[0]);
    expect(JSON.parse(sink.requests[0]!.body).formatted_body).toContain('>Détails</a>');
  });

  it('honours retry_after_ms of M_LIMIT_EXCEEDED, reads 403 M_FORBIDDEN and 401 as permanent', async () => {
    sink.answers.push(
      { status: 429, body: '{"errcode":"M_LIMIT_EXCEEDED","error":"Too many requests","retry_after_ms":2000}' },
      { status: 403, body: '{"errcode":"M_FORBIDDEN","error":"User @vigie:example.org not in room"}' },
      { status: 401, body: '{"errcode":"M_UNKNOWN_TOKEN","error":"Invalid access token passed."}' },
    );
    const errors = [];
    for (let i = 0; i < 3; i++) errors.push(await matrixNotifier.send(settings(), sampleMessage(), ctx()).catch((e: unknown) => e));
    expect(errors[0]).toBeInstanceOf(TransportError);
    expect(errors[0]).toMatchObject({ permanent: false, status: 429, retryAfterMs: 2000, message: 'Matrix 429 M_LIMIT_EXCEEDED: Too many requests' });
    expect(errors[1]).toMatchObject({ permanent: true, status: 403, message: 'Matrix 403 M_FORBIDDEN: User @vigie:example.org not in room' });
    expect(errors[2]).toMatchObject({ permanent: true, status: 401 });
    expect((errors[2] as Error).message).not.toContain(TOKEN);
  });

  it('refuses a room alias where a room id is needed, naming the field', () => {
    const result = matrixNotifier.schema.safeParse({ homeserver: 'https://matrix.example.org', access_token: 't', room_id: '#ops:example.org' });
    expect(result.error!.issues.map((i) => i.path.join('.'))).toEqual(['room_id']);
  });
});
