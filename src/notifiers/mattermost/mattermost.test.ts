import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCaptureServer, type CaptureServer } from '../../../test/helpers/capture-server.js';
import { sampleMessage } from '../../../test/helpers/notification-message.js';
import { TransportError } from '../types.js';
import { mattermostNotifier } from './index.js';
import { escapeMarkdown } from './mattermost-body.js';

const ctx = () => ({ signal: AbortSignal.timeout(5000), timeoutMs: 5000 });

describe('mattermost channel', () => {
  let sink: CaptureServer;
  beforeEach(async () => {
    sink = await startCaptureServer({ status: 200, headers: { 'content-type': 'text/plain' }, body: 'ok' });
  });
  afterEach(async () => {
    await sink.close();
  });

  it('POSTs text, channel, username, icon_url and one coloured attachment with escaped Markdown and links', async () => {
    const settings = mattermostNotifier.schema.parse({ url: `${sink.origin}/hooks/xxx-generatedkey-xxx`, channel: 'ops-alerts', username: 'Vigie', icon_url: 'https://vigie.example.org/icon.png' });
    const message = sampleMessage('en');
    message.text.full = `${message.text.subject}\n\nCause: 6 of 6 servers <down> & "common mode" **now**\n# not a heading`;
    const receipt = await mattermostNotifier.send(settings, message, ctx());
    expect(receipt).toMatchObject({ status: 200, answer: 'ok' });
    const [req] = sink.requests;
    expect(req).toMatchObject({ method: 'POST', url: '/hooks/xxx-generatedkey-xxx' });
    expect(req!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(req!.body)).toEqual({
      channel: 'ops-alerts',
      username: 'Vigie',
      icon_url: 'https://vigie.example.org/icon.png',
      text: '**\\[SEV1\\] Emergency calls: major outage**',
      attachments: [
        {
          fallback: 'SEV1 Emergency calls: major outage — 6/6 servers <down> & "common mode"',
          color: '#d32f2f',
          text: 'Cause: 6 of 6 servers \\<down\\> & "common mode" \\*\\*now\\*\\*\n\\# not a heading\n\n[Details](http://127.0.0.1:3000/api/v1/incidents/42) · [Acknowledge](http://127.0.0.1:3000/ack/abc.def)',
          fields: [
            { short: true, title: 'Severity', value: 'SEV1' },
            { short: true, title: 'Status', value: 'open' },
          ],
        },
      ],
    });
  });

  it('sends channel, username and icon_url only when set; labels in French', async () => {
    await mattermostNotifier.send(mattermostNotifier.schema.parse({ url: sink.origin }), sampleMessage('fr'), ctx());
    const body = JSON.parse(sink.requests[0]!.body);
    expect(Object.keys(body)).toEqual(['text', 'attachments']);
    expect(body.attachments[0].text).toContain('[Détails](http://127.0.0.1:3000/api/v1/incidents/42) · [Prendre en compte](http://127.0.0.1:3000/ack/abc.def)');
    expect(body.attachments[0].fields[1]).toEqual({ short: true, title: 'Statut', value: 'ouvert' });
  });

  it('escapes Markdown per line, leaving web addresses whole so they stay links', () => {
    expect(escapeMarkdown('- a\n1. b\nc_d `e` [f](g) |h|')).toBe('\\- a\n\\1. b\nc\\_d \\`e\\` \\[f\\]\\(g\\) \\|h\\|');
    expect(escapeMarkdown('Details: http://x.test/a_b*c')).toBe('Details: http://x.test/a_b*c');
  });

  it('reads 400 and 403 as permanent, 500 as retryable', async () => {
    const settings = mattermostNotifier.schema.parse({ url: sink.origin });
    sink.answers.push({ status: 400, body: '{"id":"web.incoming_webhook.text.app_error"}' }, { status: 403 }, { status: 500 });
    const errors = [];
    for (let i = 0; i < 3; i++) errors.push(await mattermostNotifier.send(settings, sampleMessage(), ctx()).catch((e: unknown) => e));
    for (const e of errors) expect(e).toBeInstanceOf(TransportError);
    expect(errors.map((e) => (e as TransportError).permanent)).toEqual([true, true, false]);
  });
});
