/**
 * @module The `sip` check type: an RFC 3261 OPTIONS "ping" over UDP (with retransmissions), TCP
 * or TLS; up when the final response code is one of `accepted_codes`.
 */
import { hostPort } from '../net/host-port.js';
import { secureContextFor } from '../net/tls-options.js';
import { defineCheck, type CheckResult } from '../types.js';
import type { ExchangeTarget } from './exchange.js';
import { optionsOverStream } from './sip-stream.js';
import { optionsOverUdp } from './sip-udp.js';
import { sipVerdict } from './sip-verdict.js';
import { sipPort, sipSchema, type SipConfig } from './sip.schema.js';

/** The secure context per `ca`, built once (it parses every root certificate). */
const contexts = new Map<string, ReturnType<typeof secureContextFor>>();

function secureContext(ca: string | undefined): ReturnType<typeof secureContextFor> {
  if (ca === undefined) return undefined;
  if (!contexts.has(ca)) contexts.set(ca, secureContextFor(ca));
  return contexts.get(ca);
}

function exchangeTarget(config: SipConfig): ExchangeTarget {
  return { host: config.host, port: sipPort(config), requestUri: config.uri, fromUri: config.from_uri, userAgent: config.user_agent };
}

/** The `sip` check type. */
export const sipCheck = defineCheck({
  type: 'sip',
  description: 'SIP OPTIONS ping (RFC 3261) over UDP, TCP or TLS: up when the server answers with an accepted code.',
  schema: sipSchema,
  target(config) {
    return hostPort(config.host, sipPort(config));
  },
  async run(config, ctx): Promise<CheckResult> {
    const target = exchangeTarget(config);
    const exchange =
      config.transport === 'udp'
        ? await optionsOverUdp(target, ctx.signal, ctx.timeoutMs)
        : await optionsOverStream(target, config.transport === 'tls' ? { verify: config.verify_tls, secureContext: secureContext(config.ca) } : undefined, ctx.signal, ctx.timeoutMs);
    const result = sipVerdict(exchange, config.accepted_codes);
    return { ...result, details: { ...result.details, transport: config.transport } };
  },
});
