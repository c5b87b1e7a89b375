import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfigFiles } from '../../config/load-config.js';
import { makeCertificate, makeChain } from '../../../test/helpers/certs.js';
import { sampleMessage } from '../../../test/helpers/notification-message.js';
import { parseMail, startSmtpSink, type SmtpSink } from '../../../test/helpers/smtp-sink.js';
import { TransportError, type NotificationMessage } from '../types.js';
import { messageIdFor } from './email-content.js';
import { emailNotifier } from './index.js';

const run = promisify(execFile);
const ctx = () => ({ signal: AbortSignal.timeout(5000), timeoutMs: 5000 });
const ACCOUNT = { user: 'vigie@alerts.example.org', password: 'p&ss wörd' };

/** The sample message with characters the HTML part must escape. */
function messageWithMarkup(language: 'en' | 'fr'): NotificationMessage {
  const message = sampleMessage(language, { idempotencyKey: `incident-42:opened:ops-mail:alice:${language}` });
  const cause = language === 'fr' ? 'Cause : 6/6 serveurs <en panne> & « mode commun »' : 'Cause: 6/6 servers <down> & "common mode"';
  return { ...message, text: { ...message.text, full: `${message.text.subject}\n\n${cause}` } };
}

async function sendFailure(settings: ReturnType<typeof emailNotifier.schema.parse>): Promise<TransportError> {
  const error: unknown = await emailNotifier.send(settings, sampleMessage('en'), ctx()).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TransportError);
  return error as TransportError;
}

describe('email channel, against a real SMTP server on loopback', () => {
  let sink: SmtpSink;
  let settings: ReturnType<typeof emailNotifier.schema.parse>;
  beforeEach(async () => {
    sink = await startSmtpSink(ACCOUNT);
    settings = emailNotifier.schema.parse({
      host: '127.0.0.1',
      port: sink.port,
      starttls: 'never',
      user: ACCOUNT.user,
      password: ACCOUNT.password,
      from: 'Vigie <vigie@alerts.example.org>',
      reply_to: 'noc@example.org',
    });
  });
  afterEach(async () => {
    await sink.close();
  });

  it.each(['en', 'fr'] as const)('delivers the %s message authenticated: From, To, Subject, text and escaped HTML parts, Message-ID and idempotency headers', async (language) => {
    const message = messageWithMarkup(language);
    const receipt = await emailNotifier.send(settings, message, ctx());
    const messageId = messageIdFor(message.idempotencyKey, 'alerts.example.org');
    expect(receipt).toMatchObject({ status: 250, providerId: messageId });
    expect(receipt.answer).toMatch(/^250 .*Queued as 42/);

    expect(sink.messages).toHaveLength(1);
    const [received] = sink.messages;
    expect(received).toMatchObject({ user: ACCOUNT.user, from: 'vigie@alerts.example.org', to: ['alice@example.test'] });
    const mail = parseMail(received!.raw);
    expect(mail.headers.get('from')).toBe('Vigie <vigie@alerts.example.org>');
    expect(mail.headers.get('to')).toBe('alice@example.test');
    expect(mail.headers.get('reply-to')).toBe('noc@example.org');
    expect(mail.headers.get('subject')).toBe(message.text.subject);
    expect(mail.headers.get('message-id')).toBe(messageId);
    expect(mail.headers.get('x-vigie-idempotency-key')).toBe(message.idempotencyKey);
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    expect(mail.headers.get('references')).toBe('<vigie-incident-42@alerts.example.org>');
    expect(mail.text?.trimEnd()).toBe(message.text.full);
    const cause = message.text.full.split('\n').at(-1)!;
    expect(mail.html).toContain(cause.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;'));
    expect(mail.html).not.toMatch(/<down>|<en panne>/);
    expect(mail.html).toContain(`<html lang="${language}">`);
    expect(mail.html).toContain(language === 'fr' ? '>Prendre en compte</a>' : '>Acknowledge</a>');
  });

  it('reads a wrong password as permanent (535), and sends nothing', async () => {
    const error = await sendFailure({ ...settings, password: 'wrong' });
    expect(error).toMatchObject({ permanent: true, status: 535 });
    expect(error.message).toBe('SMTP 535 to AUTH PLAIN: 535 5.7.8 Authentication credentials invalid');
    expect(sink.messages).toEqual([]);
  });

  it('reads a 451 to RCPT TO (greylisting) and a 451 at the end of DATA as retryable', async () => {
    sink.refuseRcpt = { code: 451, text: '4.7.1 Greylisted, try again later' };
    expect(await sendFailure(settings)).toMatchObject({ permanent: false, status: 451 });
    sink.refuseRcpt = undefined;
    sink.refuseData = { code: 451, text: '4.3.0 Local error in processing' };
    expect(await sendFailure(settings)).toMatchObject({ permanent: false, status: 451 });
    expect(sink.messages).toEqual([]);
  });

  it('reads a 550 to RCPT TO (no such user) and at the end of DATA as permanent', async () => {
    sink.refuseRcpt = { code: 550, text: '5.1.1 <alice@example.test>: user unknown' };
    const refused = await sendFailure(settings);
    expect(refused).toMatchObject({ permanent: true, status: 550 });
    expect(refused.message).toBe('SMTP 550 to RCPT TO: 550 5.1.1 <alice@example.test>: user unknown');
    sink.refuseRcpt = undefined;
    sink.refuseData = { code: 550, text: '5.7.1 Message rejected' };
    expect(await sendFailure(settings)).toMatchObject({ permanent: true, status: 550 });
  });

  it('refuses to send in clear when STARTTLS is required and the server does not offer it: permanent, naming STARTTLS', async () => {
    const error = await sendFailure({ ...settings, starttls: 'required' });
    expect(error).toMatchObject({ permanent: true, status: 500, message: 'SMTP 500 to STARTTLS: 500 Error: command not recognized' });
    expect(sink.messages).toEqual([]);
  });

  it('ends the connection when the send is aborted (the server never answers DATA), as a retryable failure', async () => {
    const read = new Promise<void>((resolve) => {
      sink.holdData = resolve;
    });
    const abort = new AbortController();
    const sending = emailNotifier.send(settings, sampleMessage('fr'), { signal: abort.signal, timeoutMs: 60_000 }).catch((e: unknown) => e);
    await read;
    abort.abort(new Error('shutdown'));
    const error = await sending;
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ permanent: false });
    expect((error as Error).message).toMatch(/abort/i);
  });
});

describe('email channel, STARTTLS', () => {
  it('refuses a server whose certificate it cannot trust (self-signed): retryable, nothing sent', async () => {
    const sink = await startSmtpSink(ACCOUNT, { tls: makeCertificate({ commonName: 'localhost', altNames: ['localhost', '127.0.0.1'] }) });
    try {
      const settings = emailNotifier.schema.parse({ host: '127.0.0.1', port: sink.port, user: ACCOUNT.user, password: ACCOUNT.password, from: 'vigie@alerts.example.org' });
      const error = await sendFailure(settings);
      expect(error).toMatchObject({ permanent: false });
      expect(error.message).toBe('ESOCKET: self-signed certificate');
      expect(sink.messages).toEqual([]);
    } finally {
      await sink.close();
    }
  });
});

describe('email channel, STARTTLS with a private CA trusted through NODE_EXTRA_CA_CERTS (docs/notifications.md)', () => {
  it('upgrades, authenticates and delivers over TLS', async () => {
    const { ca, leaf } = makeChain({ commonName: 'localhost', altNames: ['localhost', '127.0.0.1'] });
    const dir = mkdtempSync(join(tmpdir(), 'vigie-email-ca-'));
    const sink = await startSmtpSink(ACCOUNT, { tls: leaf });
    try {
      writeFileSync(join(dir, 'ca.pem'), ca.cert);
      const script = join(dir, 'send.mts');
      writeFileSync(
        script,
        `import { emailNotifier } from ${JSON.stringify(new URL('./index.ts', import.meta.url).href)};
import { sampleMessage } from ${JSON.stringify(new URL('../../../test/helpers/notification-message.ts', import.meta.url).href)};
const settings = emailNotifier.schema.parse(${JSON.stringify({ host: '127.0.0.1', port: sink.port, user: ACCOUNT.user, password: ACCOUNT.password, from: 'vigie@alerts.example.org' })});
console.log(JSON.stringify(await emailNotifier.send(settings, sampleMessage('en'), { signal: AbortSignal.timeout(10000), timeoutMs: 10000 })));
`,
      );
      const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
      const { stdout } = await run(process.execPath, ['--import', tsx, script], { env: { ...process.env, NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem') }, timeout: 20_000 });
      expect(JSON.parse(stdout)).toMatchObject({ status: 250 });
      expect(sink.messages).toHaveLength(1);
      expect(sink.messages[0]).toMatchObject({ secure: true, user: ACCOUNT.user, to: ['alice@example.test'] });
    } finally {
      await sink.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});

describe('email channel, no server', () => {
  it('reads a closed port as retryable', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const settings = emailNotifier.schema.parse({ host: '127.0.0.1', port, starttls: 'never', from: 'vigie@alerts.example.org' });
    const error = await sendFailure(settings);
    expect(error).toMatchObject({ permanent: false });
    expect(error.message).toMatch(/ECONNREFUSED/);
  });

  it('fails permanently for a contact without an address', async () => {
    const settings = emailNotifier.schema.parse({ host: '127.0.0.1', port: 9, from: 'vigie@alerts.example.org' });
    const error: unknown = await emailNotifier.send(settings, sampleMessage('en', { to: undefined }), ctx()).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'TransportError', permanent: true });
  });
});

describe('email channel, docs/notifications.md', () => {
  it('gives a copy-paste example that parses, the password taken from ${SMTP_PASSWORD}', () => {
    const doc = readFileSync(new URL('../../../docs/notifications.md', import.meta.url), 'utf8');
    const example = /### `email`[\s\S]*?```yaml\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(example).toBeDefined();
    const config = parseConfigFiles([{ file: 'vigie.yaml', text: example! }], { SMTP_PASSWORD: 'from-the-environment' });
    const channel = config.channels.find((c) => c.id === 'smtp');
    expect(channel?.kind).toBe('email');
    expect(channel?.settings).toMatchObject({ host: 'smtp.example.org', port: 587, starttls: 'required', user: 'vigie@example.org', password: 'from-the-environment', from: 'Vigie <vigie@example.org>' });
  });
});
