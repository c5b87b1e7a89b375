/**
 * @module Runs one `http` check: request (following redirects), then status, body, JSON and
 * latency assertions, in that order. Never throws for a failed probe.
 */
import { abortedResult, startProbe, timingsOf, type Probe } from '../tcp/probe.js';
import { describeNetError } from '../tcp/net-errors.js';
import { systemResolve, unbracket, type Resolve } from '../tcp/timed-connect.js';
import type { CheckContext, CheckResult } from '../types.js';
import { checkBody } from './assertions.js';
import { planFor, portOf, type HttpPlan } from './http-plan.js';
import { discardBody, readBody, sendHop, type Hop, type HopOptions, type HopResponse } from './http-request.js';
import type { HttpConfig } from './http.schema.js';
import { isRedirect, MAX_REDIRECTS, nextHop } from './redirects.js';
import { statusMatches } from './status-ranges.js';

/** How one run ended, before latency is judged. */
interface Outcome {
  failure?: string;
  status?: number;
  finalUrl?: string;
}

/** Drops the response body (which also releases its abort listener) and closes the connection. */
function closeClient(response: HopResponse): Promise<void> {
  discardBody(response.body);
  return response.client.destroy().catch(() => undefined);
}

/** Follows redirects (if enabled) and returns the final response, or a failure sentence. */
async function fetchFinal(config: HttpConfig, plan: HttpPlan, options: HopOptions, probe: Probe, state: { hop: Hop }): Promise<HopResponse | string> {
  for (let redirects = 0; ; redirects++) {
    const response = await sendHop(state.hop, options, probe);
    if (!config.follow_redirects || !isRedirect(response.status, response.location)) return response;
    await closeClient(response);
    if (redirects === MAX_REDIRECTS) return `more than ${MAX_REDIRECTS} redirects (the last one to ${response.location})`;
    const next = nextHop(state.hop, response.status, response.location);
    if (typeof next === 'string') return next;
    state.hop = next;
  }
}

async function probeHttp(config: HttpConfig, plan: HttpPlan, options: HopOptions, probe: Probe, state: { hop: Hop }): Promise<Outcome> {
  const response = await fetchFinal(config, plan, options, probe, state);
  if (typeof response === 'string') return { failure: response };
  try {
    const finalUrl = state.hop.url === plan.url ? undefined : state.hop.url.href;
    const at = finalUrl ? ` at ${finalUrl}` : '';
    const status = response.status;
    if (!statusMatches(plan.status, status)) {
      return { failure: `expected status ${plan.status.label}, got ${status}${at}`, status, ...(finalUrl ? { finalUrl } : {}) };
    }
    probe.phase = 'body';
    const body = await readBody(response.body, config.max_body_bytes, plan.body.needed);
    probe.phase = 'done';
    const failure = plan.body.needed ? checkBody(plan.body, body.text, body.truncated) : undefined;
    return { status, ...(finalUrl ? { finalUrl } : {}), ...(failure ? { failure: `${failure}${at}` } : {}) };
  } finally {
    await closeClient(response);
  }
}

function toResult(config: HttpConfig, outcome: Outcome, probe: Probe): CheckResult {
  const timings = timingsOf(probe);
  const details: Record<string, unknown> = {};
  if (outcome.status !== undefined) details.status = outcome.status;
  if (outcome.finalUrl !== undefined) details.finalUrl = outcome.finalUrl;
  const base = { latencyMs: timings.total, timings, details };
  if (outcome.failure) return { status: 'down', message: outcome.failure, ...base };
  if (config.max_latency !== undefined && timings.total > config.max_latency) {
    return { status: 'degraded', message: `response took ${timings.total} ms, over the max_latency of ${config.max_latency} ms`, ...base };
  }
  return { status: 'up', message: `HTTP ${outcome.status} in ${timings.total} ms`, ...base };
}

/**
 * Makes the `run` function of the `http` check. `resolve` replaces the system resolver
 * (tests point it at a DNS server on loopback).
 */
export function createHttpRun(resolve: Resolve = systemResolve) {
  return async function runHttp(config: HttpConfig, ctx: CheckContext): Promise<CheckResult> {
    const probe = startProbe();
    const plan = planFor(config);
    const options: HopOptions = { plan, verifyTls: config.verify_tls, signal: ctx.signal, timeoutMs: ctx.timeoutMs, resolve };
    const state = { hop: { url: plan.url, method: config.method, body: config.body, headers: plan.headers } as Hop };
    try {
      if (ctx.signal.aborted) return abortedResult(ctx, probe);
      return toResult(config, await probeHttp(config, plan, options, probe, state), probe);
    } catch (error) {
      if (ctx.signal.aborted) return abortedResult(ctx, probe);
      const { url } = state.hop;
      const message = describeNetError(error, probe.phase, unbracket(url.hostname), portOf(url));
      return { status: 'down', message, latencyMs: null, timings: timingsOf(probe) };
    }
  };
}
