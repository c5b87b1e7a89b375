import { describe, expect, it } from 'vitest';
import { sampleMessage } from '../../../test/helpers/notification-message.js';
import { emailContent, escapeHtml, messageIdFor, senderDomain } from './email-content.js';
import { emailPort, emailSchema } from './email.schema.js';

const settings = emailSchema.parse({ host: '127.0.0.1', from: 'Vigie <vigie@alerts.example.org>', reply_to: 'noc@example.org' });

describe('email content', () => {
  it('addresses the person, takes the subject and full text as they are, and escapes every text in the HTML part', () => {
    const message = sampleMessage('en');
    message.text.full = `${message.text.subject}\n\nCause: 6/6 servers <down> & "common mode" 'now'`;
    const mail = emailContent(settings, message);
    expect(mail).toMatchObject({ from: 'Vigie <vigie@alerts.example.org>', to: 'alice@example.test', replyTo: 'noc@example.org', subject: '[SEV1] Emergency calls: major outage', text: message.text.full });
    expect(mail.html).toContain('<p style="margin:0 0 4px">Cause: 6/6 servers &lt;down&gt; &amp; &quot;common mode&quot; &#39;now&#39;</p>');
    expect(mail.html).not.toContain('<down>');
    expect(mail.html).toContain('href="http://127.0.0.1:3000/ack/abc.def"');
    expect(mail.html).toContain('>Acknowledge</a>');
  });

  it('writes the HTML in French for a French message', () => {
    const mail = emailContent(settings, sampleMessage('fr'));
    expect(mail.html).toContain('<html lang="fr">');
    expect(mail.html).toContain('>Prendre en compte</a>');
    expect(mail.html).toContain('<title>[SEV1] Appels d’urgence : panne majeure</title>');
  });

  it('derives one Message-ID per idempotency key, valid whatever the key holds, and headers to dedupe and thread', () => {
    const message = sampleMessage('en', { idempotencyKey: 'incident-42:page:r0-l0.0:ops-hook:-:-' });
    const mail = emailContent(settings, message);
    expect(mail.messageId).toMatch(/^<vigie\.[0-9a-f]{32}@alerts\.example\.org>$/);
    expect(emailContent(settings, sampleMessage('fr', { idempotencyKey: 'incident-42:page:r0-l0.0:ops-hook:-:-' })).messageId).toBe(mail.messageId);
    expect(messageIdFor('other', 'alerts.example.org')).not.toBe(mail.messageId);
    expect(mail.headers).toEqual({
      'X-Vigie-Idempotency-Key': 'incident-42:page:r0-l0.0:ops-hook:-:-',
      'X-Vigie-Event': 'opened',
      References: '<vigie-incident-42@alerts.example.org>',
      'Auto-Submitted': 'auto-generated',
    });
  });

  it('adds one-click unsubscribe headers (RFC 8058) to a message with an unsubscribe link, and only then', () => {
    const url = 'https://status.example.org/unsubscribe/u12.0.abc';
    const mail = emailContent(settings, sampleMessage('fr', { unsubscribeUrl: url }));
    expect(mail.headers['List-Unsubscribe']).toBe(`<${url}>`);
    expect(mail.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(emailContent(settings, sampleMessage('fr')).headers).not.toHaveProperty('List-Unsubscribe');
  });

  it('refuses a message without a recipient address', () => {
    expect(() => emailContent(settings, sampleMessage('en', { to: undefined }))).toThrow(/recipient address/);
  });

  it('reads the sender domain with or without a display name; escapes quotes for attributes', () => {
    expect(senderDomain('vigie@Example.ORG')).toBe('example.org');
    expect(senderDomain('"Vigie, NOC" <a@b.example>')).toBe('b.example');
    expect(escapeHtml(`"><script>'`)).toBe('&quot;&gt;&lt;script&gt;&#39;');
  });
});

describe('email settings', () => {
  it('default to port 587 with STARTTLS required, 465 with secure', () => {
    expect(settings).toMatchObject({ secure: false, starttls: 'required' });
    expect(emailPort(settings)).toBe(587);
    expect(emailPort(emailSchema.parse({ host: 'smtp.example.org', secure: true, from: 'v@example.org' }))).toBe(465);
  });

  it('refuse a user without a password, a bad sender and unknown fields, naming the field', () => {
    const result = emailSchema.safeParse({ host: 'smtp.example.org', user: 'vigie', from: 'not an address', tls: true });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join('.') || i.code).sort()).toEqual(['from', 'password', 'unrecognized_keys']);
    const half = emailSchema.safeParse({ host: 'smtp.example.org', user: 'vigie', from: 'v@example.org' });
    expect(half.error!.issues.map((i) => i.path.join('.'))).toEqual(['password']);
  });
});
