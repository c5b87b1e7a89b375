/** @module The `delegation` check block: the domain, where to ask its parent zone, and what to expect. */
import { z } from 'zod';
import { duration } from '../../core/duration.js';
import { DNS_RECORD_TYPES, normaliseName } from '../dns/record-format.js';
import { parseResolver } from '../dns/resolver.js';


const serverSchema = (what: string) =>
  z
    .string()
    .refine((value) => parseResolver(value) !== undefined, {
      message: 'must be an IP address, optionally with a port: 192.0.2.53, 192.0.2.53:5353 or [2001:db8::53]:5353',
    })
    .describe(`${what}: \`ip\`, \`ip:port\` or \`[ipv6]:port\` (port 53 by default).`);

const domainName = (example: string) =>
  z.string().refine((value) => normaliseName(value) !== undefined && normaliseName(value) !== '.', { message: `must be a domain name such as ${example}` });

/** The schema of `monitors[].delegation`. */
export const delegationConfigSchema = z.strictObject({
  name: domainName('example.org').describe('The domain whose delegation is watched, e.g. `example.org`.'),
  parent_servers: z
    .array(serverSchema('A name server of the parent zone (e.g. of `.org` for `example.org`)'))
    .min(1)
    .max(8)
    .optional()
    .describe(
      'Name servers of the parent zone, asked without recursion for the NS records of the domain. When omitted, the parent zone\'s name servers are looked up through the resolvers.',
    ),
  expected_nameservers: z
    .array(domainName('ns1.example.org'))
    .min(1)
    .max(20)
    .optional()
    .describe('The name servers the domain must be delegated to (order and case do not matter). A different set at the parent is down.'),
  resolvers: z
    .array(serverSchema('A recursive resolver'))
    .min(1)
    .max(16)
    .optional()
    .describe('Recursive resolvers through which the domain\'s records are resolved; the system\'s when omitted.'),
  records: z
    .array(z.enum(DNS_RECORD_TYPES))
    .min(1)
    .max(DNS_RECORD_TYPES.length)
    .default(['A', 'AAAA', 'MX'])
    .describe('The record types of the domain resolved through each resolver. NXDOMAIN or SERVFAIL counts as a failure; an empty answer does not.'),
  nameserver_addresses: z
    .record(domainName('ns1.example.org'), serverSchema('Where to ask this name server'))
    .optional()
    .describe(
      'Addresses at which to ask given name servers of the zone, instead of the glue from the parent or resolving their names (e.g. behind a firewall, or in a test lab).',
    ),
  query_timeout: duration({ min: 100, max: 60_000 })
    .optional()
    .describe('Timeout of each DNS question (retransmitted within it). Default: a third of the monitor\'s timeout, at most 3s.'),
});

export type DelegationConfig = z.output<typeof delegationConfigSchema>;
