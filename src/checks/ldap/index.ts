/**
 * @module The `ldap` check type: connect to a directory or domain controller (ldap://, ldaps://
 * or StartTLS), optionally bind and search, timing each step. A server that accepts TCP but fails
 * binds is down.
 */
import { hostPort } from '../net/host-port.js';
import { isTimeout } from '../net/probe.js';
import { defineCheck, type CheckResult } from '../types.js';
import { runLdapSession } from './ldap-session.js';
import { ldapVerdict } from './ldap-verdict.js';
import { ldapSchema, parseLdapUrl } from './ldap.schema.js';

/** The `ldap` check type. */
export const ldapCheck = defineCheck({
  type: 'ldap',
  description: 'LDAP server (directory, domain controller): connect, optional StartTLS, bind and search.',
  schema: ldapSchema,
  target(config) {
    const endpoint = parseLdapUrl(config.url)!;
    return hostPort(endpoint.host, endpoint.port);
  },
  async run(config, ctx): Promise<CheckResult> {
    const started = performance.now();
    const outcome = await runLdapSession(config, ctx.signal, ctx.timeoutMs);
    return ldapVerdict(config, outcome, outcome.kind === 'aborted' && isTimeout(ctx.signal, started, ctx.timeoutMs), ctx.timeoutMs);
  },
});
