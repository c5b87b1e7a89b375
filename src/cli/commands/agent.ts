/**
 * @module `vigie agent`: pushes a heartbeat to a Vigie server every N seconds with the Linux boot
 * id and uptime, so that reboots and reboot loops are seen. Retries with backoff until the next
 * beat; stops cleanly on SIGTERM/SIGINT.
 */
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { Command } from 'commander';
import { request } from 'undici';
import { parseDuration } from '../../core/duration.js';

const BOOT_ID_FILE = '/proc/sys/kernel/random/boot_id';
const UPTIME_FILE = '/proc/uptime';
const REQUEST_TIMEOUT_MS = 10_000;
const MAX_BACKOFF_MS = 30_000;

interface AgentOptions {
  url: string;
  token?: string;
  every: string;
  once?: boolean;
  msg?: string;
  retryFor?: string;
}

/** What one heartbeat says about this machine. */
async function machineFacts(): Promise<{ boot_id?: string; uptime?: number }> {
  const facts: { boot_id?: string; uptime?: number } = {};
  const bootId = await readFile(BOOT_ID_FILE, 'utf8').catch(() => undefined);
  if (bootId?.trim()) facts.boot_id = bootId.trim();
  const uptime = await readFile(UPTIME_FILE, 'utf8').catch(() => undefined);
  const seconds = Number(uptime?.split(/\s+/)[0]);
  if (uptime !== undefined && Number.isFinite(seconds)) facts.uptime = seconds;
  return facts;
}

/** The outcome of one push: done, worth retrying, or refused for good (bad token, bad request). */
type PushOutcome = { kind: 'ok' } | { kind: 'retry'; why: string; afterMs?: number } | { kind: 'permanent'; why: string };

async function pushOnce(endpoint: string, body: Record<string, unknown>, signal: AbortSignal): Promise<PushOutcome> {
  try {
    const res = await request(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'vigie-agent' },
      body: JSON.stringify(body),
      signal: AbortSignal.any([signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
    });
    const text = await res.body.text();
    if (res.statusCode >= 200 && res.statusCode < 300) return { kind: 'ok' };
    const why = `HTTP ${res.statusCode}: ${text.slice(0, 200)}`;
    if (res.statusCode === 429) return { kind: 'retry', why, afterMs: Number(res.headers['retry-after'] ?? 1) * 1000 };
    return res.statusCode >= 500 ? { kind: 'retry', why } : { kind: 'permanent', why };
  } catch (err) {
    return { kind: 'retry', why: err instanceof Error ? err.message : String(err) };
  }
}

/** Pushes, retrying with doubling backoff until `deadline`; true when the heartbeat was stored. */
async function pushWithRetry(endpoint: string, extra: Record<string, unknown>, deadline: number, signal: AbortSignal): Promise<boolean> {
  let backoff = 1000;
  for (;;) {
    const outcome = await pushOnce(endpoint, { status: 'up', ...extra, ...(await machineFacts()) }, signal);
    if (outcome.kind === 'ok') return true;
    if (signal.aborted) return false;
    if (outcome.kind === 'permanent') {
      process.stderr.write(`vigie agent: heartbeat refused (${outcome.why})\n`);
      return false;
    }
    const wait = Math.min(Math.max(backoff, outcome.afterMs ?? 0), MAX_BACKOFF_MS);
    if (Date.now() + wait >= deadline) {
      process.stderr.write(`vigie agent: heartbeat not delivered (${outcome.why})\n`);
      return false;
    }
    process.stderr.write(`vigie agent: push failed (${outcome.why}); retrying in ${Math.round(wait / 1000)} s\n`);
    const slept = await sleep(wait, true, { signal }).catch(() => false);
    if (!slept) return false;
    backoff *= 2;
  }
}

function milliseconds(text: string, option: string): number {
  const ms = parseDuration(/^\d+(\.\d+)?$/.test(text) ? Number(text) : text);
  if (ms === undefined || ms < 1000) throw new Error(`${option} must be a duration of at least 1s, such as 30s or 5m (got "${text}")`);
  return ms;
}

async function runAgent(opts: AgentOptions): Promise<number> {
  const token = opts.token ?? process.env.VIGIE_PUSH_TOKEN;
  if (!token) throw new Error('a push token is needed: --token <token> or VIGIE_PUSH_TOKEN');
  const everyMs = milliseconds(opts.every, '--every');
  const retryForMs = milliseconds(opts.retryFor ?? '30s', '--retry-for');
  const endpoint = `${opts.url.replace(/\/+$/, '')}/api/v1/push/${encodeURIComponent(token)}`;
  const extra = opts.msg ? { msg: opts.msg } : {};
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  try {
    if (opts.once) return (await pushWithRetry(endpoint, extra, Date.now() + retryForMs, stop.signal)) ? 0 : 1;
    let next = Date.now();
    while (!stop.signal.aborted) {
      next += everyMs;
      await pushWithRetry(endpoint, extra, next - 1000, stop.signal);
      const rest = Math.max(0, next - Date.now());
      await sleep(rest, undefined, { signal: stop.signal }).catch(() => undefined);
    }
    return 0;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
}

/** The `vigie agent` command. */
export function agentCommand(): Command {
  return new Command('agent')
    .description('Push a heartbeat with this machine\'s boot id and uptime to a Vigie server, every --every (or once).')
    .requiredOption('--url <url>', 'the Vigie server, e.g. http://vigie:3000')
    .option('--token <token>', 'the push token of the heartbeat monitor (env VIGIE_PUSH_TOKEN, which keeps it out of the process list)')
    .option('--every <duration>', 'how often to push', '60s')
    .option('--once', 'push one heartbeat and exit (0 when stored)')
    .option('--retry-for <duration>', 'with --once: how long to keep retrying', '30s')
    .option('--msg <text>', 'a message sent with each heartbeat')
    .action(async (opts: AgentOptions) => {
      process.exitCode = await runAgent(opts);
    });
}
