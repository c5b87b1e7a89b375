import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCaptureServer, type CaptureServer } from '../../../test/helpers/capture-server.js';
import { sampleMessage } from '../../../test/helpers/notification-message.js';
import { TransportError } from '../types.js';
import { telegramNotifier } from './index.js';

const ctx = () => ({ signal: AbortSignal.timeout(5000), timeoutMs: 5000 });
const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';

describe('telegram channel', () => {
  let sink: CaptureServer;
  const settings = (extra: Record<string, unknown> = {}) => telegramNotifier.schema.parse({ url: sink.origin, bot_token: TOKEN, chat_id: -1001234567890, ...extra });
  beforeEach(async () => {
    sink = await startCaptureServer({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true,"result":{"message_id":4711,"chat":{"id":-1001234567890,"type":"supergroup"},"date":1622645163,"text":"…"}}' });
  });
  afterEach(async () => {
    await sink.close();
  });

  it('POSTs sendMessage to /bot<token>/ with HTML escaped per the Bot API (&amp; &lt; &gt;), no preview, an acknowledge button', async () => {
    const receipt = await telegramNotifier.send(settings(), sampleMessage('en', { to: undefined }), ctx());
    expect(receipt).toMatchObject({ status: 200, providerId: '4711' });
    const [req] = sink.requests;
    expect(req).toMatchObject({ method: 'POST', url: `/bot${TOKEN}/sendMessage` });
    expect(req!.headers['content-type']).toBe('application/json');
    const base = sampleMessage('en');
    const withSpecials = { ...base, to: undefined, text: { ...base.text, full: 'SEV1 6/6 servers <down> & "common mode"' } };
    await telegramNotifier.send(settings(), withSpecials, ctx());
    expect(JSON.parse(sink.requests[1]!.body)).toEqual({
      chat_id: '-1001234567890',
      text: '<b>[SEV1] Emergency calls: major outage</b>\nSEV1 6/6 servers &lt;down&gt; &amp; &quot;common mode&quot;\n<a href="http://127.0.0.1:3000/api/v1/incidents/42">Details</a>',
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      reply_markup: { inline_keyboard: [[{ text: 'Acknowledge', url: 'http://127.0.0.1:3000/ack/abc.def' }]] },
    });
  });

  it("sends to the contact's chat when the message has one, in its language, without a button once acknowledged", async () => {
    const base = sampleMessage('fr', { to: '987654321', event: 'acknowledged' });
    await telegramNotifier.send(settings(), { ...base, incident: { ...base.incident, ackUrl: undefined } }, ctx());
    const body = JSON.parse(sink.requests[0]!.body);
    expect(body.chat_id).toBe('987654321');
    expect(body.text).toContain('>Détails</a>');
    expect(body.reply_markup).toBeUndefined();
  });

  it('fails permanently, without a request, when there is no chat to send to', async () => {
    const error = await telegramNotifier.send(settings({ chat_id: undefined }), sampleMessage('en', { to: undefined }), ctx()).catch((e: unknown) => e);
    expect(error).toMatchObject({ permanent: true, message: expect.stringContaining('chat_id') });
    expect(sink.requests).toHaveLength(0);
  });

  it('honours retry_after on 429, reads 400 and 403 as permanent with Telegram\'s description', async () => {
    sink.answers.push(
      { status: 429, body: '{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 17","parameters":{"retry_after":17}}' },
      { status: 400, body: '{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}' },
      { status: 403, body: '{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}' },
    );
    const errors = [];
    for (let i = 0; i < 3; i++) errors.push(await telegramNotifier.send(settings(), sampleMessage(), ctx()).catch((e: unknown) => e));
    expect(errors[0]).toBeInstanceOf(TransportError);
    expect(errors[0]).toMatchObject({ permanent: false, status: 429, retryAfterMs: 17_000, message: 'Telegram 429: Too Many Requests: retry after 17' });
    expect(errors[1]).toMatchObject({ permanent: true, status: 400, message: 'Telegram 400: Bad Request: chat not found' });
    expect(errors[2]).toMatchObject({ permanent: true, status: 403, message: 'Telegram 403: Forbidden: bot was blocked by the user' });
  });

  it('never puts the bot token in an error, even when the answer quotes the URL', async () => {
    sink.answers.push({ status: 404, body: `{"ok":false,"error_code":404,"description":"Not Found: /bot${TOKEN}/sendMessage"}` }, { status: 502, body: `<html>bad gateway for /bot${TOKEN}/sendMessage</html>` });
    const first = (await telegramNotifier.send(settings(), sampleMessage(), ctx()).catch((e: unknown) => e)) as Error;
    const second = (await telegramNotifier.send(settings(), sampleMessage(), ctx()).catch((e: unknown) => e)) as Error;
    expect(first.message).toBe('Telegram 404: Not Found: /bot[redacted]/sendMessage');
    expect(second.message).not.toContain(TOKEN);
    expect(second.message).toContain('[redacted]');
    const closed = await startCaptureServer();
    const port = closed.port;
    await closed.close();
    const refused = (await telegramNotifier.send(settings({ url: `http://127.0.0.1:${port}` }), sampleMessage(), ctx()).catch((e: unknown) => e)) as Error;
    expect(refused).toMatchObject({ permanent: false });
    expect(refused.message).not.toContain(TOKEN);
  });

  it('refuses a malformed token or chat id, naming the field', () => {
    const result = telegramNotifier.schema.safeParse({ bot_token: 'nope', chat_id: 'general' });
    expect(result.error!.issues.map((i) => i.path.join('.'))).toEqual(['bot_token', 'chat_id']);
  });
});
