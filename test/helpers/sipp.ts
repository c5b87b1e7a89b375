/**
 * @module Real SIPp user agent servers on loopback for the `sip` check's tests: each answers
 * every OPTIONS with a fixed final response (scenarios in `test/fixtures/sipp/`), over UDP or TCP,
 * as a managed child process bounded by `-m` (calls) and `-timeout` (lifetime).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requireBinary } from './require-binary.js';

/** The final responses the fixture scenarios send. */
export type SippAnswer = 200 | 404 | 503;

export interface SippUas {
  port: number;
  transport: 'udp' | 'tcp';
  /** Stops the server (SIGTERM, then SIGKILL) and waits for it to exit. Idempotent. */
  stop(): Promise<void>;
}

export interface SippOptions {
  answer: SippAnswer;
  transport: 'udp' | 'tcp';
  /** Calls (here: OPTIONS transactions) after which sipp exits by itself. */
  maxCalls?: number;
}

const FIXTURES = fileURLToPath(new URL('../fixtures/sipp/', import.meta.url));
const running = new Set<ChildProcess>();
process.once('exit', () => running.forEach((child) => child.kill('SIGKILL')));

/** The sipp binary, or `undefined` after a loud skip (a failure under VIGIE_TEST_REQUIRE_ALL=1). */
export function sippBinary(suite = 'sip tests'): string | undefined {
  return requireBinary({ name: 'sipp', suite, install: 'apt-get install sip-tester' });
}

/** A port that was free on 127.0.0.1 a moment ago (sipp cannot be given port 0). */
async function freePort(transport: 'udp' | 'tcp'): Promise<number> {
  if (transport === 'udp') {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    const { port } = socket.address();
    await new Promise<void>((resolve) => socket.close(() => resolve()));
    return port;
  }
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** True when a socket of this transport is bound (UDP) or listening (TCP) on 127.0.0.1:port. */
export function boundOnLoopback(transport: 'udp' | 'tcp', port: number): boolean {
  const local = `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  const table = readFileSync(`/proc/net/${transport}`, 'utf8').split('\n').slice(1);
  return table.some((line) => {
    const fields = line.trim().split(/\s+/);
    return fields[1] === local && (transport === 'udp' || fields[3] === '0A');
  });
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

async function stopChild(child: ChildProcess): Promise<void> {
  const done = exited(child);
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await done;
  clearTimeout(killer);
  running.delete(child);
}

/** Spawns sipp on `port` and waits (at most 10 s) until it is bound; `undefined` if it exited first. */
async function launch(binary: string, options: SippOptions, port: number, cwd: string): Promise<ChildProcess | undefined> {
  const args = ['-sf', join(FIXTURES, `options-${options.answer}.xml`), '-i', '127.0.0.1', '-p', String(port), '-t', options.transport === 'udp' ? 'u1' : 't1'];
  args.push('-m', String(options.maxCalls ?? 1000), '-timeout', '600s', '-nostdin');
  const child = spawn(binary, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  running.add(child);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      running.delete(child);
      console.warn(`sipp exited on port ${port} (${child.exitCode ?? child.signalCode}): ${stderr.trim()}`);
      return undefined;
    }
    if (boundOnLoopback(options.transport, port)) return child;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await stopChild(child);
  throw new Error(`sipp did not bind ${options.transport} 127.0.0.1:${port} within 10 s: ${stderr.trim()}`);
}

/** Starts a sipp UAS answering OPTIONS on a free loopback port (retrying if the port was taken meanwhile). */
export async function startSippUas(binary: string, options: SippOptions): Promise<SippUas> {
  const cwd = mkdtempSync(join(tmpdir(), 'vigie-sipp-'));
  for (let attempt = 1; attempt <= 5; attempt++) {
    const port = await freePort(options.transport);
    const child = await launch(binary, options, port, cwd);
    if (!child) continue;
    let stopping: Promise<void> | undefined;
    return {
      port,
      transport: options.transport,
      stop: () => (stopping ??= stopChild(child).finally(() => rmSync(cwd, { recursive: true, force: true }))),
    };
  }
  rmSync(cwd, { recursive: true, force: true });
  throw new Error('sipp could not start on a free loopback port after 5 attempts');
}
