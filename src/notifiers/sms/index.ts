/**
 * @module The generic `sms` channel: fills the request template of the channel with the
 * person's number, the sender and the short text (one SMS by default), and sends it.
 */
import { sendHttp } from '../http-transport.js';
import { defineNotifier, TransportError } from '../types.js';
import { smsText } from './sms-text.js';
import { fill, type Values } from './sms-template.js';
import { smsSchema, type SmsSettings } from './sms.schema.js';

const CONTENT_TYPES = { form: 'application/x-www-form-urlencoded', json: 'application/json' } as const;

/** The request for one SMS to `to`. */
export function smsRequest(settings: SmsSettings, to: string, short: string): { url: string; method: 'POST' | 'GET'; headers: Record<string, string>; body?: string } {
  const { text, unicode } = smsText(short, settings.max_length);
  const values: Values = { to, to_digits: to.replace(/\D/g, ''), from: settings.from ?? '', text, unicode: String(unicode), secret: settings.secret ?? '' };
  const headers: Record<string, string> = Object.fromEntries(Object.entries(settings.headers).map(([name, value]) => [name, fill(value, values, 'header')]));
  if (settings.basic_auth) headers.authorization = `Basic ${Buffer.from(`${settings.basic_auth.username}:${settings.basic_auth.password}`).toString('base64')}`;
  const url = fill(settings.url, values, 'url');
  if (settings.method === 'GET' || settings.body === undefined) return { url, method: 'GET', headers };
  headers['content-type'] = CONTENT_TYPES[settings.content_type];
  return { url, method: 'POST', headers, body: fill(settings.body, values, settings.content_type) };
}

export const smsNotifier = defineNotifier({
  kind: 'sms',
  description: 'SMS through any HTTP gateway (Twilio, Brevo, …): a request template filled with the number and the text.',
  schema: smsSchema,
  addressesPeople: true,
  async send(settings, message, ctx) {
    if (!message.to) throw new TransportError('no phone number: the contact needs `to`', { permanent: true });
    return sendHttp(smsRequest(settings, message.to, message.text.short), ctx);
  },
});
