/**
 * @module Runs `vigie serve` as a child process (through tsx, from the sources), reads its JSON
 * log lines (or readable ones), and finds the URL it listens on.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
/** tsx's loader by its full URL, so that a child run in another working directory finds it. */
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export interface VigieProcess {
  child: ChildProcess;
  url: string;
  logs: Array<Record<string, unknown>>;
  /** Every line written on stdout, JSON or not. */
  lines: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Where a child `vigie` runs (default: the test's working directory). */
export interface VigieSpawnOptions {
  cwd?: string;
}

/** Runs `vigie <args>` and resolves once `serve` says where it listens (or rejects if it exits first). */
export async function startVigieProcess(args: string[], env: Record<string, string>, timeoutMs = 120_000, options: VigieSpawnOptions = {}): Promise<VigieProcess> {
  const child = spawn(process.execPath, ['--import', TSX, MAIN, ...args], {
    env: { ...process.env, VIGIE_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: options.cwd,
  });
  const logs: Array<Record<string, unknown>> = [];
  const lines: string[] = [];
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`vigie did not start within ${timeoutMs} ms: ${stderr}`)), timeoutMs);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(line);
      try {
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        if (typeof entry.url === 'string' && String(entry.msg).startsWith('Vigie is listening')) {
          clearTimeout(timer);
          resolve(entry.url);
        }
      } catch {
        // Not a JSON line: readable logs (VIGIE_LOG_FORMAT=pretty) say where it listens in words.
        const readable = /Vigie is listening on (http\S+)/.exec(line);
        if (readable) {
          clearTimeout(timer);
          resolve(readable[1]!);
        }
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`vigie exited (${code ?? signal}) before listening: ${stderr}`));
    });
  });
  return { child, url, logs, lines, exited };
}

/** Runs a one-shot `vigie <args>` command to completion and returns its exit code and output. */
export function runVigie(args: string[], env: Record<string, string> = {}, timeoutMs = 60_000, options: VigieSpawnOptions = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, MAIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], cwd: options.cwd });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`vigie ${args.join(' ')} did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
