/**
 * @module The `tls` check type: opens a TLS session and reports certificate expiry, chain trust
 * and hostname coverage together, and raises events when the issuer or key changes.
 */
import { hostPort } from '../net/host-port.js';
import { resultWith } from '../net/texts.js';
import { defineCheck, type CheckResult } from '../types.js';
import { tlsProblems, tlsVerdict } from './assess.js';
import { certificateFacts } from './certificate-facts.js';
import { diffCertificates } from './diff.js';
import { probeTls } from './tls-probe.js';
import { tlsConfigSchema } from './tls.schema.js';

/** The `tls` check type. */
export const tlsCheck = defineCheck({
  type: 'tls',
  description: 'Open a TLS connection and check the certificate: expiry, chain of trust and host name.',
  schema: tlsConfigSchema,
  target(config) {
    return hostPort(config.host, config.port);
  },
  async run(config, ctx): Promise<CheckResult> {
    const servername = config.servername ?? config.host;
    const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(ctx.timeoutMs)]);
    const probe = await probeTls({ host: config.host, port: config.port, servername, ca: config.ca }, signal, ctx.timeoutMs);
    if (probe.kind === 'failure') return resultWith('down', probe.texts, { latencyMs: null, timings: probe.timings });
    const now = Date.now();
    const facts = certificateFacts(probe.raw, now);
    const problems = tlsProblems(facts, probe, { ...config, servername }, now);
    return {
      ...tlsVerdict(facts, problems),
      latencyMs: probe.timings.total,
      timings: probe.timings,
      details: { ...facts, chain: probe.chain, chainError: probe.chainError, protocol: probe.protocol },
    };
  },
  diff(_config, previous, current) {
    return diffCertificates(previous, current);
  },
});
