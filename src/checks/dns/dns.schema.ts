/** @module The `dns` check block: which name and record type to ask which resolvers, and what to expect. */
import { z } from 'zod';
import { DNS_RECORD_TYPES, RECORD_FORM_EXAMPLES, normaliseExpected, normaliseName } from './record-format.js';
import { parseResolver } from './resolver.js';

const resolverSchema = z
  .string()
  .refine((value) => parseResolver(value) !== undefined, {
    message: 'must be an IP address, optionally with a port: 192.0.2.53, 192.0.2.53:5353 or [2001:db8::53]:5353',
  })
  .describe('A resolver to query directly: `ip`, `ip:port` or `[ipv6]:port` (port 53 by default).');

/** The schema of `monitors[].dns`. */
export const dnsConfigSchema = z
  .strictObject({
    name: z
      .string()
      .refine((value) => normaliseName(value) !== undefined, { message: 'must be a domain name such as www.example.org' })
      .describe('The domain name to look up, e.g. `www.example.org` (a trailing dot is allowed).'),
    record_type: z.enum(DNS_RECORD_TYPES).default('A').describe('The record type to ask for.'),
    resolvers: z
      .array(resolverSchema)
      .min(1)
      .max(16)
      .optional()
      .describe('Resolvers queried in parallel; the system resolvers when omitted. Some failing gives degraded, all failing gives down.'),
    expected: z
      .array(z.string().min(1).max(4096))
      .min(1)
      .max(100)
      .optional()
      .describe(
        'The exact answer set, order-insensitive, one record per item in the textual form of the record type, e.g. ' +
          Object.entries(RECORD_FORM_EXAMPLES).map(([t, ex]) => `${t} \`${ex}\``).join(', ') +
          '. Names are compared case-insensitively with or without the trailing dot. When omitted, any non-empty answer passes.',
      ),
    expect_any: z.boolean().optional().describe('Explicitly accept any non-empty answer (the same as omitting `expected`).'),
    alert_on_change: z.boolean().default(false).describe('Raise a `dns.answer_changed` event when the answer set changes between runs.'),
  })
  .superRefine((config, ctx) => {
    if (config.expect_any && config.expected) {
      ctx.addIssue({ code: 'custom', message: 'set either expected or expect_any: true, not both', path: ['expect_any'] });
    }
    for (const [i, value] of (config.expected ?? []).entries()) {
      if (normaliseExpected(config.record_type, value) === undefined) {
        const example = RECORD_FORM_EXAMPLES[config.record_type];
        ctx.addIssue({ code: 'custom', message: `is not a ${config.record_type} value; write it like \`${example}\``, path: ['expected', i] });
      }
    }
  });

export type DnsConfig = z.output<typeof dnsConfigSchema>;
