import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCaptureServer, type CaptureServer } from '../../../test/helpers/capture-server.js';
import { sampleMessage } from '../../../test/helpers/notification-message.js';
import { TransportError } from '../types.js';
import { teamsNotifier } from './index.js';
import { escapeCardMarkdown } from './teams-body.js';

const ctx = () => ({ signal: AbortSignal.timeout(5000), timeoutMs: 5000 });
const WORKFLOW_PATH = '/workflows/abc/triggers/manual/paths/invoke?api-version=1&sig=s3cret';

describe('teams channel', () => {
  let sink: CaptureServer;
  beforeEach(async () => {
    sink = await startCaptureServer({ status: 202, body: '' });
  });
  afterEach(async () => {
    await sink.close();
  });

  it('POSTs a message with one Adaptive Card 1.4: title, one TextBlock per line, facts, OpenUrl actions; 202 is delivered', async () => {
    const settings = teamsNotifier.schema.parse({ url: `${sink.origin}${WORKFLOW_PATH}` });
    const message = sampleMessage('en');
    message.text.full = `${message.text.subject}\n\nCause: 6 of 6 servers <down> & "common mode" *now*\n- [link](http://evil)`;
    const receipt = await teamsNotifier.send(settings, message, ctx());
    expect(receipt.status).toBe(202);
    const [req] = sink.requests;
    expect(req).toMatchObject({ method: 'POST', url: WORKFLOW_PATH });
    expect(req!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(req!.body)).toEqual({
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          contentUrl: null,
          content: {
            $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
            type: 'AdaptiveCard',
            version: '1.4',
            msteams: { width: 'Full' },
            body: [
              { type: 'TextBlock', text: '\\[SEV1\\] Emergency calls: major outage', weight: 'Bolder', size: 'Medium', color: 'Attention', wrap: true },
              { type: 'TextBlock', text: 'Cause: 6 of 6 servers <down> & "common mode" \\*now\\*', wrap: true, spacing: 'Small' },
              { type: 'TextBlock', text: '\\- \\[link\\]\\(http://evil)', wrap: true, spacing: 'Small' },
              { type: 'FactSet', facts: [{ title: 'Severity', value: 'SEV1' }, { title: 'Status', value: 'open' }] },
            ],
            actions: [
              { type: 'Action.OpenUrl', title: 'Details', url: 'http://127.0.0.1:3000/api/v1/incidents/42' },
              { type: 'Action.OpenUrl', title: 'Acknowledge', url: 'http://127.0.0.1:3000/ack/abc.def', style: 'positive' },
            ],
          },
        },
      ],
    });
  });

  it('writes labels in French and turns the title green once resolved, without an acknowledge action', async () => {
    const message = sampleMessage('fr', { event: 'resolved' });
    message.incident = { ...message.incident, status: 'resolved', ackUrl: undefined } as typeof message.incident;
    await teamsNotifier.send(teamsNotifier.schema.parse({ url: sink.origin }), message, ctx());
    const card = JSON.parse(sink.requests[0]!.body).attachments[0].content;
    expect(card.body[0].color).toBe('Good');
    expect(card.body.at(-1).facts).toEqual([{ title: 'Gravité', value: 'SEV1' }, { title: 'Statut', value: 'résolu' }]);
    expect(card.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Détails', url: 'http://127.0.0.1:3000/api/v1/incidents/42' }]);
  });

  it('escapes Markdown so a text shows as typed (backslash, emphasis, links, list and heading markers)', () => {
    expect(escapeCardMarkdown('a\\b _c_ ~d~ `e`')).toBe('a\\\\b \\_c\\_ \\~d\\~ \\`e\\`');
    expect(escapeCardMarkdown('1. first')).toBe('\\1. first');
    expect(escapeCardMarkdown('# title')).toBe('\\# title');
    expect(escapeCardMarkdown('a - b # c')).toBe('a - b # c');
    expect(escapeCardMarkdown('Details: http://x.test/a_b')).toBe('Details: http://x.test/a_b');
  });

  it('reads 400 as permanent, 429 with Retry-After and 502 as retryable', async () => {
    const settings = teamsNotifier.schema.parse({ url: sink.origin });
    sink.answers.push({ status: 400, body: '{"error":{"code":"InvalidRequestContent"}}' }, { status: 429, headers: { 'retry-after': '12' } }, { status: 502 });
    const errors = [];
    for (let i = 0; i < 3; i++) errors.push(await teamsNotifier.send(settings, sampleMessage(), ctx()).catch((e: unknown) => e));
    for (const e of errors) expect(e).toBeInstanceOf(TransportError);
    expect(errors.map((e) => (e as TransportError).permanent)).toEqual([true, false, false]);
    expect(errors[1]).toMatchObject({ retryAfterMs: 12_000 });
  });
});
