/**
 * @module The `http` check's configuration block (`monitors[].http`).
 */
import { z } from 'zod';
import { regexSchema } from '../regex.schema.js';
import { duration } from '../../core/duration.js';
import { caSchema, verifyTlsSchema } from '../net/tls-options.js';
import { parseJsonPath } from './json-path.js';
import { DEFAULT_EXPECTED_STATUS, parseStatusItem } from './status-ranges.js';

export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** 1 MiB: how much of the body is read for assertions by default. */
export const DEFAULT_MAX_BODY_BYTES = 1_048_576;

function isHttpUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
}


const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

const oneOrMany = (item: z.ZodString) =>
  z.union([item, z.array(item).min(1)]).transform((v) => (Array.isArray(v) ? v : [v]));

const statusItem = z.union([z.number().int(), z.string()]).superRefine((item, ctx) => {
  const parsed = parseStatusItem(item);
  if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed });
});

const jsonPathAssertion = z
  .strictObject({
    path: z
      .string()
      .superRefine((path, ctx) => {
        const parsed = parseJsonPath(path);
        if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed });
      })
      .describe('Where to look: `$.status`, `status.db`, `checks[0].state` (dot keys and [n] indexes only).'),
    equals: z.unknown().optional().describe('The value expected at the path (compared as JSON: strings, numbers, booleans, null, objects).'),
    exists: z.boolean().optional().describe('true: the path must exist (the default when `equals` is absent); false: it must not.'),
  })
  .refine((a) => !(a.exists === false && a.equals !== undefined), {
    message: 'cannot both expect a value (equals) and expect the path to be absent (exists: false)',
  })
  .describe('An assertion on the JSON body at a path.');

/** The `http` block. */
export const httpSchema = z
  .strictObject({
    url: z.string().refine(isHttpUrl, 'must be an absolute http(s) URL').describe('The absolute http:// or https:// URL to request.'),
    method: z.enum(HTTP_METHODS).default('GET').describe('The request method.'),
    headers: z
      .record(z.string(), z.string())
      .superRefine((headers, ctx) => {
        for (const name of Object.keys(headers)) {
          if (!HEADER_NAME.test(name)) ctx.addIssue({ code: 'custom', path: [name], message: 'is not a valid header name (letters, digits and !#$%&\'*+-.^_`|~ only)' });
        }
      })
      .optional()
      .describe('Request headers, e.g. `Authorization: Bearer ...`. A `User-Agent` is added unless given.'),
    body: z.string().optional().describe('The request body, sent as written (set a Content-Type header to match).'),
    expected_status: z
      .union([statusItem, z.array(statusItem).min(1)])
      .transform((v) => (Array.isArray(v) ? v : [v]))
      .default([...DEFAULT_EXPECTED_STATUS])
      .describe('Accepted status codes: codes (200), ranges ("200-299") or classes ("2xx"). Default 200-399. With redirects followed, the final status.'),
    body_contains: oneOrMany(z.string().min(1)).optional().describe('Text(s) the body must contain (all of them).'),
    body_not_contains: oneOrMany(z.string().min(1)).optional().describe('Text(s) the body must not contain (none of them).'),
    body_regex: regexSchema.optional().describe('A JavaScript regular expression the body must match.'),
    json_path: z
      .union([jsonPathAssertion, z.array(jsonPathAssertion).min(1)])
      .transform((v) => (Array.isArray(v) ? v : [v]))
      .optional()
      .describe('Assertion(s) on the JSON body, e.g. `{ path: "$.status", equals: "ok" }`.'),
    max_latency: duration({ min: 1, max: 600_000 }).optional().describe('Total time above which the result is degraded (e.g. 500ms).'),
    follow_redirects: z.boolean().default(true).describe('Follow up to 10 redirects; every hop counts in the total time.'),
    verify_tls: verifyTlsSchema,
    ca: caSchema.optional(),
    max_body_bytes: z
      .number()
      .int()
      .min(1)
      .max(64 * 1_048_576)
      .default(DEFAULT_MAX_BODY_BYTES)
      .describe('How many bytes of the body to read for assertions (default 1 MiB); reading stops there.'),
  })
  .refine((c) => c.body === undefined || (c.method !== 'GET' && c.method !== 'HEAD'), {
    message: 'a body cannot be sent with GET or HEAD; use POST, PUT, PATCH, DELETE or OPTIONS',
    path: ['body'],
  })
  .describe('HTTP(S) request with status, body, JSON and latency assertions.');

/** The parsed `http` block. */
export type HttpConfig = z.output<typeof httpSchema>;
