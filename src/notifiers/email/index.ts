/**
 * @module The `email` channel: one SMTP connection per message to the configured server (TLS
 * from the first byte, or STARTTLS required, opportunistic or never), authenticated when `user`
 * is set, sending the mail of {@link emailContent} to the person's address. The delivery worker's
 * timeout bounds the connection, greeting and every socket wait; its signal ends the connection.
 */
import { createTransport } from 'nodemailer';
import { defineNotifier, TransportError, type SendContext, type SendReceipt } from '../types.js';
import { emailContent } from './email-content.js';
import { emailPort, emailSchema, type EmailSettings } from './email.schema.js';
import { smtpTransportError } from './smtp-error.js';

/** The nodemailer SMTP options for these settings: no pool, every wait bounded by `timeoutMs`. */
export function smtpOptions(settings: EmailSettings, timeoutMs: number) {
  return {
    host: settings.host,
    port: emailPort(settings),
    secure: settings.secure,
    requireTLS: !settings.secure && settings.starttls === 'required',
    ignoreTLS: !settings.secure && settings.starttls === 'never',
    ...(settings.user !== undefined && settings.password !== undefined ? { auth: { user: settings.user, pass: settings.password } } : {}),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  };
}

/** Sends one mail; the receipt holds the server's final reply (`250 …`) and the Message-ID. */
async function sendEmail(settings: EmailSettings, mail: ReturnType<typeof emailContent>, ctx: SendContext): Promise<SendReceipt> {
  const transport = createTransport(smtpOptions(settings, ctx.timeoutMs));
  try {
    // nodemailer's SMTP transport closes the connection itself when `signal` aborts, at any stage.
    const info = await transport.sendMail({ ...mail, signal: ctx.signal });
    return { status: 250, providerId: info.messageId, answer: info.response.slice(0, 200) };
  } catch (error) {
    throw smtpTransportError(error);
  } finally {
    transport.close();
  }
}

export const emailNotifier = defineNotifier({
  kind: 'email',
  description: 'E-mail through an SMTP server (STARTTLS or TLS, authenticated), plain text and HTML, one message per person.',
  schema: emailSchema,
  addressesPeople: true,
  async send(settings, message, ctx) {
    if (!message.to) throw new TransportError('no e-mail address: the contact needs `to`', { permanent: true });
    return sendEmail(settings, emailContent(settings, message), ctx);
  },
});
