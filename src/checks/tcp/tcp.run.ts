/**
 * @module Runs one `tcp` check: connect (optionally TLS), send, read until the expected banner.
 * Never throws for a failed probe.
 */
import { isIP, type Socket } from 'node:net';
import type { SecureContext } from 'node:tls';
import type { CheckContext, CheckResult } from '../types.js';
import { readBanner, type BannerMatcher } from './banner.js';
import { unescapeSend } from './escapes.js';
import { describeNetError } from './net-errors.js';
import { abortedResult, startProbe, timingsOf, type Probe } from './probe.js';
import type { TcpConfig } from './tcp.schema.js';
import { systemResolve, timedConnect, type ConnectTarget, type Resolve } from './timed-connect.js';
import { secureContextFor } from './tls-options.js';
import { quote } from './quote.js';

interface TcpPlan {
  target: ConnectTarget;
  send: string | undefined;
  matcher: BannerMatcher | undefined;
  /** How the expectation reads in messages: `"SSH-2.0"` or `/^220 /`. */
  expected: string;
}

const PLANS = new WeakMap<TcpConfig, TcpPlan>();

function planFor(config: TcpConfig): TcpPlan {
  let plan = PLANS.get(config);
  if (plan) return plan;
  const secureContext: SecureContext | undefined = config.tls ? secureContextFor(config.ca) : undefined;
  const tls = config.tls
    ? { servername: isIP(config.host) === 0 ? config.host : undefined, rejectUnauthorized: config.verify_tls, secureContext }
    : undefined;
  const expecting = config.expect !== undefined || config.expect_regex !== undefined;
  const regex = config.expect_regex === undefined ? undefined : new RegExp(config.expect_regex);
  const expected = [config.expect !== undefined ? quote(config.expect) : '', regex ? `/${regex.source}/` : ''].filter(Boolean).join(' and ');
  plan = {
    target: { host: config.host, port: config.port, tls },
    send: config.send === undefined ? undefined : unescapeSend(config.send),
    matcher: expecting ? { contains: config.expect, regex } : undefined,
    expected,
  };
  PLANS.set(config, plan);
  return plan;
}

function write(socket: Socket, text: string): Promise<void> {
  return new Promise((resolve, reject) => socket.write(text, (error) => (error ? reject(error) : resolve())));
}

/** Connects, sends and reads; returns a failure sentence or `undefined` on success. */
async function probeTcp(plan: TcpPlan, probe: Probe, signal: AbortSignal, resolve: Resolve, received: { text: string }): Promise<string | undefined> {
  const socket = await timedConnect(plan.target, probe, signal, resolve);
  try {
    if (plan.send !== undefined) {
      probe.phase = 'send';
      await write(socket, plan.send);
    }
    if (!plan.matcher) return undefined;
    probe.phase = 'banner';
    const outcome = await readBanner(socket, plan.matcher, probe, signal, received);
    if (outcome === 'matched') return undefined;
    if (received.text === '') return 'the connection was closed by the server before any data was received';
    const why = outcome === 'closed' ? 'before the connection closed' : `in the first ${received.text.length} characters`;
    return `expected ${plan.expected} ${why}; received ${quote(received.text)}`;
  } finally {
    socket.destroy();
  }
}

function success(config: TcpConfig, probe: Probe, plan: TcpPlan): CheckResult {
  const timings = timingsOf(probe);
  const base = { latencyMs: timings.total, timings };
  if (config.max_latency !== undefined && timings.total > config.max_latency) {
    return { status: 'degraded', message: `took ${timings.total} ms, over the max_latency of ${config.max_latency} ms`, ...base };
  }
  const what = plan.matcher ? `received ${plan.expected}` : config.tls ? 'TLS connection established' : 'connected';
  return { status: 'up', message: `${what} in ${timings.total} ms`, ...base };
}

/** Makes the `run` function of the `tcp` check; `resolve` replaces the system resolver in tests. */
export function createTcpRun(resolve: Resolve = systemResolve) {
  return async function runTcp(config: TcpConfig, ctx: CheckContext): Promise<CheckResult> {
    const probe = startProbe();
    const plan = planFor(config);
    const received = { text: '' };
    try {
      if (ctx.signal.aborted) return abortedResult(ctx, probe);
      const failure = await probeTcp(plan, probe, ctx.signal, resolve, received);
      if (!failure) return success(config, probe, plan);
      return { status: 'down', message: failure, latencyMs: null, timings: timingsOf(probe) };
    } catch (error) {
      const phase = probe.phase;
      if (ctx.signal.aborted) {
        const extra = phase === 'banner' ? (received.text === '' ? '; nothing was received' : `; received ${quote(received.text)}`) : '';
        return abortedResult(ctx, probe, extra);
      }
      return { status: 'down', message: describeNetError(error, phase, config.host, config.port), latencyMs: null, timings: timingsOf(probe) };
    }
  };
}
