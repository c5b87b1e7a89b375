/**
 * @module Runs one `tcp` check: connect (optionally TLS), send, read until the expected banner.
 * Never throws for a failed probe.
 */
import { isIP, type Socket } from 'node:net';
import type { SecureContext } from 'node:tls';
import { abortedResult, startProbe, timingsOf, type Probe } from '../net/probe.js';
import { netErrorTexts, resultWith, type Texts } from '../net/texts.js';
import { systemResolve, timedConnect, type ConnectTarget, type Resolve } from '../net/timed-connect.js';
import { secureContextFor } from '../net/tls-options.js';
import type { CheckContext, CheckResult } from '../types.js';
import { readBanner, type BannerMatcher } from './banner.js';
import { unescapeSend } from './escapes.js';
import { bannerFailure, expectationTexts, receivedSoFar, tcpSuccess, upTexts } from './tcp-verdict.js';
import type { TcpConfig } from './tcp.schema.js';

interface TcpPlan {
  target: ConnectTarget;
  send: string | undefined;
  matcher: BannerMatcher | undefined;
  /** How the expectation reads in messages: `"SSH-2.0"`, `/^220 /`, or both joined by "and"/"et". */
  expected: Texts;
  /** What an up result says before ` in 3.2 ms`: `connected`, `received "SSH-2.0"`… */
  up: Texts;
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
  const expected = expectationTexts(config.expect, regex);
  plan = {
    target: { host: config.host, port: config.port, tls },
    send: config.send === undefined ? undefined : unescapeSend(config.send),
    matcher: expecting ? { contains: config.expect, regex } : undefined,
    expected,
    up: upTexts(expecting ? expected : undefined, config.tls),
  };
  PLANS.set(config, plan);
  return plan;
}

function write(socket: Socket, text: string): Promise<void> {
  return new Promise((resolve, reject) => socket.write(text, (error) => (error ? reject(error) : resolve())));
}

/** Connects, sends and reads; returns a failure sentence or `undefined` on success. */
async function probeTcp(plan: TcpPlan, probe: Probe, signal: AbortSignal, resolve: Resolve, received: { text: string }): Promise<Texts | undefined> {
  const socket = await timedConnect(plan.target, probe, signal, resolve);
  try {
    if (plan.send !== undefined) {
      probe.phase = 'send';
      await write(socket, plan.send);
    }
    if (!plan.matcher) return undefined;
    probe.phase = 'banner';
    const outcome = await readBanner(socket, plan.matcher, probe, signal, received);
    return outcome === 'matched' ? undefined : bannerFailure(plan.expected, outcome, received.text);
  } finally {
    socket.destroy();
  }
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
      if (!failure) return tcpSuccess(plan.up, timingsOf(probe), config.max_latency);
      return resultWith('down', failure, { latencyMs: null, timings: timingsOf(probe) });
    } catch (error) {
      if (ctx.signal.aborted) return abortedResult(ctx, probe, probe.phase === 'banner' ? receivedSoFar(received.text) : undefined);
      return resultWith('down', netErrorTexts(error, probe.phase, config.host, config.port), { latencyMs: null, timings: timingsOf(probe) });
    }
  };
}
