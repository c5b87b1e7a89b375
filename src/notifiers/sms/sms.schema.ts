/** @module Settings of the generic `sms` channel: an HTTP request template for any SMS gateway. */
import { z } from 'zod';
import { fill, PLACEHOLDERS, unknownPlaceholders, type Values } from './sms-template.js';

/** Values for checking that a JSON body stays JSON: `{{unicode}}` may stand outside a string. */
const SAMPLE = { ...(Object.fromEntries(PLACEHOLDERS.map((p) => [p, 'x'])) as Values), unicode: 'false' };

const template = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .superRefine((text, ctx) => {
      const unknown = unknownPlaceholders(text);
      if (unknown.length) ctx.addIssue({ code: 'custom', message: `unknown placeholder ${unknown.map((u) => `{{${u}}}`).join(', ')}: use ${PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}` });
    });

export const smsSchema = z
  .strictObject({
    url: template(2000).describe('The gateway URL; placeholders in it are percent-encoded (e.g. `?to={{to}}&text={{text}}` for a GET gateway).'),
    method: z.enum(['POST', 'GET']).default('POST').describe('`POST` (default) sends `body`; `GET` sends none.'),
    content_type: z.enum(['form', 'json']).default('form').describe('How `body` is sent and escaped: `form` (application/x-www-form-urlencoded) or `json` (application/json).'),
    body: template(8000).optional().describe('The request body template, e.g. `To={{to}}&Body={{text}}` (form) or `{"to":"{{to}}","text":"{{text}}"}` (json, placeholders inside strings).'),
    headers: z.record(z.string().regex(/^[A-Za-z0-9-]{1,100}$/, 'must be a header name'), template(4000)).default({}).describe('Extra request headers (e.g. `api-key`); placeholders allowed.'),
    from: z.string().min(1).max(50).optional().describe('Sender number or name, for `{{from}}`.'),
    basic_auth: z
      .strictObject({ username: z.string().min(1).max(200), password: z.string().min(1).max(500) })
      .optional()
      .describe('Sends `Authorization: Basic` with these credentials.'),
    secret: z.string().min(1).max(500).optional().describe('A credential for `{{secret}}` where the gateway wants it in the URL or body; hidden in API answers.'),
    max_length: z.int().min(1).max(1600).optional().describe('Cut the text to this many characters (default: one SMS, 160 GSM-7 characters or 70 if the text needs Unicode).'),
  })
  .superRefine((s, ctx) => {
    if (s.method === 'GET' && s.body !== undefined) ctx.addIssue({ code: 'custom', path: ['body'], message: 'a GET request has no body: put the placeholders in `url`' });
    if (s.method === 'POST' && s.body === undefined) ctx.addIssue({ code: 'custom', path: ['body'], message: 'needs a body template for a POST request' });
    if (s.basic_auth && Object.keys(s.headers).some((h) => h.toLowerCase() === 'authorization')) ctx.addIssue({ code: 'custom', path: ['headers'], message: 'has an Authorization header and `basic_auth`: keep one' });
    if (!/^https?:\/\/[^/?#\s{}]+/i.test(s.url)) ctx.addIssue({ code: 'custom', path: ['url'], message: 'must be an http:// or https:// URL with a fixed host' });
    if (s.body !== undefined && s.content_type === 'json') {
      try {
        JSON.parse(fill(s.body, SAMPLE, 'json'));
      } catch {
        ctx.addIssue({ code: 'custom', path: ['body'], message: 'must be JSON once placeholders are filled (put them inside strings: "{{text}}")' });
      }
    }
  })
  .describe('A generic SMS gateway: an HTTP request template filled with the recipient, the sender and the text.');

export type SmsSettings = z.output<typeof smsSchema>;
