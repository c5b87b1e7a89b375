/**
 * @module The check registry: the one list of check types.
 *
 * The config union, API enums, JSON Schema and CLI pickers are all derived from this array.
 * Adding a check type is one folder plus one line here.
 */
import type { CheckType } from './types.js';
import { httpCheck } from './http/index.js';
import { tcpCheck } from './tcp/index.js';
import { dnsCheck } from './dns/index.js';
import { tlsCheck } from './tls/index.js';
import { domainCheck } from './domain/index.js';
import { heartbeatCheck } from './heartbeat/index.js';
import { trafficCheck } from './traffic/index.js';
import { sipCheck } from './sip/index.js';
import { ldapCheck } from './ldap/index.js';
import { delegationCheck } from './delegation/index.js';

export const CHECK_TYPES = [httpCheck, tcpCheck, dnsCheck, tlsCheck, domainCheck, delegationCheck, sipCheck, ldapCheck, heartbeatCheck, trafficCheck] as const satisfies readonly CheckType[];

export type CheckTypeName = (typeof CHECK_TYPES)[number]['type'];

export const CHECK_TYPE_NAMES = CHECK_TYPES.map((c) => c.type) as [CheckTypeName, ...CheckTypeName[]];

const BY_NAME = new Map<string, CheckType>(CHECK_TYPES.map((c) => [c.type, c as unknown as CheckType]));

/** The check type with this name, or `undefined`. */
export function getCheckType(name: string): CheckType | undefined {
  return BY_NAME.get(name);
}
