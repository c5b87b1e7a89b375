/**
 * @module The compiled form of an `http` config (URL, status matcher, assertions, headers,
 * TLS context), built once per config object and cached, so each run allocates little.
 */
import type { SecureContext } from 'node:tls';
import { secureContextFor } from '../net/tls-options.js';
import { compileBodyAssertions, type BodyAssertions } from './assertions.js';
import { encodeRequest, type Hop } from './http-request.js';
import type { HttpConfig } from './http.schema.js';
import { compileStatusList, type StatusMatcher } from './status-ranges.js';

/** The `User-Agent` sent unless the config sets one. */
export const USER_AGENT = 'Vigie/0.1 (outage detection; +https://github.com/vigie)';

/** Everything a run needs, derived from the config. */
export interface HttpPlan {
  url: URL;
  status: StatusMatcher;
  body: BodyAssertions;
  /** Request headers with defaults filled in (lower-case names). */
  headers: Record<string, string>;
  /** Trusts the system roots plus `ca`; `undefined` when no `ca` is given. */
  secureContext: SecureContext | undefined;
  /** The first request of every run, encoded once. */
  firstHop: Hop;
}

const PLANS = new WeakMap<HttpConfig, HttpPlan>();

/** The cached plan for this config object (compiled on first use). */
export function planFor(config: HttpConfig): HttpPlan {
  let plan = PLANS.get(config);
  if (!plan) {
    plan = compilePlan(config);
    PLANS.set(config, plan);
  }
  return plan;
}

function compilePlan(config: HttpConfig): HttpPlan {
  const headers: Record<string, string> = { 'user-agent': USER_AGENT };
  for (const [name, value] of Object.entries(config.headers ?? {})) headers[name.toLowerCase()] = value;
  const url = new URL(config.url);
  const hop: Hop = { url, method: config.method, body: config.body, headers };
  return {
    url,
    status: compileStatusList(config.expected_status),
    body: compileBodyAssertions(config),
    headers,
    secureContext: secureContextFor(config.ca),
    firstHop: { ...hop, wire: encodeRequest(hop) },
  };
}

/** The port of an http(s) URL, with the scheme's default filled in. */
export function portOf(url: URL): number {
  if (url.port !== '') return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}
