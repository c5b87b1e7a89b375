/**
 * @module Runs one `http` check: request (following redirects), then status, body, JSON and
 * latency assertions, in that order. Never throws for a failed probe.
 */
import { abortedResult, startProbe, timingsOf, type Probe } from '../net/probe.js';
import { netErrorTexts, resultWith, type Texts } from '../net/texts.js';
import { systemResolve, unbracket, type Resolve } from '../net/timed-connect.js';
import type { CheckContext, CheckResult } from '../types.js';
import { checkBody } from './assertions.js';
import { planFor, portOf, type HttpPlan } from './http-plan.js';
import { sendHop, type Hop, type HopOptions, type HopResponse } from './http-request.js';
import { atFinalUrl, httpResult, statusFailure, tooManyRedirects, type HttpOutcome } from './http-verdict.js';
import type { HttpConfig } from './http.schema.js';
import { isRedirect, MAX_REDIRECTS, nextHop } from './redirects.js';
import { statusMatches } from './status-ranges.js';

/** Follows redirects (if enabled) and returns the final response, or a failure sentence. */
async function fetchFinal(config: HttpConfig, plan: HttpPlan, options: HopOptions, probe: Probe, state: { hop: Hop }): Promise<HopResponse | Texts> {
  for (let redirects = 0; ; redirects++) {
    const response = await sendHop(state.hop, options, probe);
    if (!config.follow_redirects || !isRedirect(response.status, response.location)) return response;
    response.exchange.close();
    if (redirects === MAX_REDIRECTS) return tooManyRedirects(MAX_REDIRECTS, response.location);
    const next = nextHop(state.hop, response.status, response.location);
    if ('en' in next) return next;
    state.hop = next;
  }
}

async function probeHttp(config: HttpConfig, plan: HttpPlan, options: HopOptions, probe: Probe, state: { hop: Hop }): Promise<HttpOutcome> {
  const response = await fetchFinal(config, plan, options, probe, state);
  if ('en' in response) return { failure: response };
  try {
    const finalUrl = state.hop.url === plan.url ? undefined : state.hop.url.href;
    const status = response.status;
    if (!statusMatches(plan.status, status)) {
      return { failure: atFinalUrl(statusFailure(plan.status.label, status), finalUrl), status, ...(finalUrl ? { finalUrl } : {}) };
    }
    probe.phase = 'body';
    const body = await response.exchange.body();
    probe.phase = 'done';
    const failure = plan.body.needed ? checkBody(plan.body, body.text, body.truncated) : undefined;
    return { status, ...(finalUrl ? { finalUrl } : {}), ...(failure ? { failure: atFinalUrl(failure, finalUrl) } : {}) };
  } finally {
    response.exchange.close();
  }
}

/**
 * Makes the `run` function of the `http` check. `resolve` replaces the system resolver
 * (tests point it at a DNS server on loopback).
 */
export function createHttpRun(resolve: Resolve = systemResolve) {
  return async function runHttp(config: HttpConfig, ctx: CheckContext): Promise<CheckResult> {
    const probe = startProbe();
    const plan = planFor(config);
    const options: HopOptions = {
      plan,
      verifyTls: config.verify_tls,
      signal: ctx.signal,
      timeoutMs: ctx.timeoutMs,
      resolve,
      bodyLimit: config.max_body_bytes,
      keepBody: plan.body.needed,
    };
    const state: { hop: Hop } = { hop: plan.firstHop };
    try {
      if (ctx.signal.aborted) return abortedResult(ctx, probe);
      const outcome = await probeHttp(config, plan, options, probe, state);
      return httpResult(outcome, timingsOf(probe), config.max_latency);
    } catch (error) {
      if (ctx.signal.aborted) return abortedResult(ctx, probe);
      const { url } = state.hop;
      return resultWith('down', netErrorTexts(error, probe.phase, unbracket(url.hostname), portOf(url)), { latencyMs: null, timings: timingsOf(probe) });
    }
  };
}
