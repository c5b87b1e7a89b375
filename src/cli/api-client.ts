/**
 * @module The HTTP client of the commands that talk to a running Vigie from another machine
 * (`vigie change`, `vigie rollout`, `vigie guard`): JSON requests with a bearer token and a
 * timeout, every failure classified (bad usage, unreachable, timeout, an error answer, an answer
 * that cannot be read) with words in English and French, and the request's field paths named as
 * the command's flags (`targets.monitors[0]` → `--monitor`).
 */
import { Command, Option } from 'commander';
import { request } from 'undici';
import type { z } from 'zod';
import { parseDuration } from '../core/duration.js';
import type { Localized } from '../incidents/incident.types.js';
import { VERSION } from '../version.js';

export type Lang = keyof Localized;

export const DEFAULT_URL = 'http://127.0.0.1:3000';
const DEFAULT_REQUEST_TIMEOUT = '10s';

/** The options every API command takes. */
export interface ApiFlags {
  url?: string;
  token?: string;
  timeoutRequest: string;
  lang: Lang;
}

/**
 * How a command failed: `usage` (bad flags, nothing sent), `unreachable` (no connection),
 * `timeout`, `refused` (Vigie answered with an error status), `unparsable` (an answer that is not
 * the expected JSON).
 */
export type FailureKind = 'usage' | 'unreachable' | 'timeout' | 'refused' | 'unparsable';

/** A request field Vigie found wrong, by its path in the body or query (`rings[1]`, `timestamp`). */
export interface FieldProblem {
  path: string;
  message: string;
}

export class CliFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    readonly text: Localized,
    /** The HTTP status, for `refused` and `unparsable`. */
    readonly status?: number,
    /** For a 400: the fields Vigie named. */
    readonly issues: FieldProblem[] = [],
  ) {
    super(text.en);
    this.name = 'CliFailure';
  }
}

/** A failure before anything is sent: a flag that is missing or not valid. */
export function usage(en: string, fr: string): CliFailure {
  return new CliFailure('usage', { en, fr });
}

/** Adds `--url`, `--token`, `--timeout-request` and `--lang`. */
export function withApiOptions(cmd: Command): Command {
  return cmd
    .option('--url <base>', `the Vigie server (env VIGIE_URL; default ${DEFAULT_URL})`)
    .option('--token <token>', 'an API token: editor role to write, viewer to read (prefer env VIGIE_TOKEN, which keeps it out of the process list)')
    .option('--timeout-request <duration>', 'how long one request may take', DEFAULT_REQUEST_TIMEOUT)
    .addOption(new Option('--lang <lang>', 'language of the texts').choices(['en', 'fr']).default('en'));
}

/** Whole milliseconds from a duration flag (`30s`, `2h`), at least `minMs`. */
export function durationFlag(text: string, flag: string, minMs = 1000): number {
  const ms = parseDuration(text);
  if (ms === undefined || ms < minMs) {
    throw usage(
      `${flag}: "${text}" is not a duration of at least ${minMs / 1000}s, such as 30s, 10m or 2h`,
      `${flag} : « ${text} » n’est pas une durée d’au moins ${minMs / 1000}s, comme 30s, 10m ou 2h`,
    );
  }
  return ms;
}

/** A whole number ≥ 0 from a flag or argument. */
export function wholeFlag(text: string, flag: string, min = 0): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < min) {
    throw usage(`${flag}: "${text}" is not a whole number of ${min} or more`, `${flag} : « ${text} » n’est pas un nombre entier supérieur ou égal à ${min}`);
  }
  return n;
}

/** Collects a repeatable option's values. */
export const collect = (value: string, previous: string[]): string[] => [...previous, value];

/**
 * The flag behind a body or query path, by its longest known prefix with indices dropped
 * (`targets.monitors[0]` → `targets.monitors` → `--monitor`; `links[0].href` → `links`); undefined
 * when nothing is known.
 */
export function flagOfPath(path: string, flags: Readonly<Record<string, string>>): string | undefined {
  let key = path.replace(/\[\d+\]/g, '');
  while (key !== '') {
    const flag = flags[key];
    if (flag !== undefined) return flag;
    const dot = key.lastIndexOf('.');
    key = dot < 0 ? '' : key.slice(0, dot);
  }
  return undefined;
}

type Query = Record<string, string | number | boolean | undefined>;

/** JSON requests to one Vigie with one token. */
export class ApiClient {
  constructor(
    readonly base: URL,
    private readonly token: string,
    readonly timeoutMs: number,
  ) {}

  /** The client for the flags (then VIGIE_URL and VIGIE_TOKEN); throws a usage failure. */
  static from(flags: ApiFlags, env: NodeJS.ProcessEnv = process.env): ApiClient {
    const raw = flags.url ?? (env.VIGIE_URL || DEFAULT_URL);
    let base: URL;
    try {
      base = new URL(raw);
    } catch {
      base = new URL('invalid:');
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:') {
      throw usage(`--url: "${raw}" is not an http(s) URL such as ${DEFAULT_URL}`, `--url : « ${raw} » n’est pas une URL http(s) comme ${DEFAULT_URL}`);
    }
    const token = flags.token ?? env.VIGIE_TOKEN;
    if (!token) throw usage('an API token is needed: set VIGIE_TOKEN (or give --token)', 'il faut un jeton d’API : définissez VIGIE_TOKEN (ou donnez --token)');
    return new ApiClient(base, token, durationFlag(flags.timeoutRequest, '--timeout-request', 100));
  }

  /** Where Vigie is, for messages. */
  get where(): string {
    return this.base.href.replace(/\/+$/, '');
  }

  get<S extends z.ZodType>(path: string, schema: S, query: Query = {}): Promise<z.output<S>> {
    return this.call('GET', path, schema, query, undefined);
  }

  post<S extends z.ZodType>(path: string, schema: S, body: unknown = {}): Promise<z.output<S>> {
    return this.call('POST', path, schema, {}, body);
  }

  private url(path: string, query: Query): string {
    const url = new URL(`${this.base.pathname.replace(/\/+$/, '')}${path}`, this.base);
    for (const [key, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(key, String(value));
    return url.href;
  }

  private async call<S extends z.ZodType>(method: 'GET' | 'POST', path: string, schema: S, query: Query, body: unknown): Promise<z.output<S>> {
    const signal = AbortSignal.timeout(this.timeoutMs);
    let status: number;
    let text: string;
    let type: string;
    try {
      const res = await request(this.url(path, query), {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          accept: 'application/json',
          'user-agent': `vigie-cli/${VERSION}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
        signal,
      });
      status = res.statusCode;
      type = String(res.headers['content-type'] ?? '');
      text = await res.body.text();
    } catch (err) {
      if (signal.aborted) {
        const limit = `${this.timeoutMs / 1000}s`;
        throw new CliFailure('timeout', { en: `Vigie at ${this.where} did not answer within ${limit} (--timeout-request)`, fr: `Vigie (${this.where}) n’a pas répondu en ${limit} (--timeout-request)` });
      }
      const why = causeOf(err);
      throw new CliFailure('unreachable', { en: `cannot reach Vigie at ${this.where}: ${why}`, fr: `impossible de joindre Vigie (${this.where}) : ${why}` });
    }
    if (status < 200 || status > 299) throw refused(status, text, this.where);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw unreadable(status, `not JSON (${type || 'no content type'}): ${snippet(text)}`, `pas du JSON (${type || 'sans type de contenu'}) : ${snippet(text)}`, this.where);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const at = first && first.path.length > 0 ? `${first.path.join('.')}: ` : '';
      throw unreadable(status, `not the expected answer (${at}${first?.message ?? 'invalid'})`, `pas la réponse attendue (${at}${first?.message ?? 'invalide'})`, this.where);
    }
    return parsed.data;
  }
}

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 120)}…` : flat || '(empty)';
}

function unreadable(status: number, en: string, fr: string, where: string): CliFailure {
  return new CliFailure('unparsable', { en: `Vigie at ${where} answered HTTP ${status} with ${en}`, fr: `Vigie (${where}) a répondu HTTP ${status} avec ${fr}` }, status);
}

/** An error answer: Vigie's `{ error, message, issues }` when it sent one, else the start of the body. */
function refused(status: number, text: string, where: string): CliFailure {
  let message = snippet(text);
  let issues: FieldProblem[] = [];
  try {
    const body = JSON.parse(text) as { message?: unknown; issues?: unknown };
    if (typeof body.message === 'string') message = body.message;
    if (Array.isArray(body.issues)) {
      issues = body.issues.flatMap((i: { path?: unknown; message?: unknown }) => (typeof i?.message === 'string' ? [{ path: typeof i.path === 'string' ? i.path : '', message: i.message }] : []));
    }
  } catch {
    // Not Vigie's JSON (a proxy's page): the start of the body says what it is.
  }
  const hint: Localized =
    status === 401
      ? { en: ' (check VIGIE_TOKEN or --token)', fr: ' (vérifiez VIGIE_TOKEN ou --token)' }
      : status === 403
        ? { en: ' (this needs a token with more rights)', fr: ' (il faut un jeton avec plus de droits)' }
        : { en: '', fr: '' };
  return new CliFailure('refused', { en: `${message} (HTTP ${status} from ${where})${hint.en}`, fr: `${message} (HTTP ${status} de ${where})${hint.fr}` }, status, issues);
}

/** The innermost useful words of a network error (`ECONNREFUSED 127.0.0.1:9`). */
function causeOf(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    parts.push(typeof code === 'string' && !e.message.includes(code) ? `${code} ${e.message}` : e.message);
  }
  return parts.filter((p) => p !== '').pop() ?? String(err);
}

/** How `vigie change` and `vigie rollout` exit: 1 when Vigie answered "no such thing" or "already exists", else 2. */
export function exitCodeOf(failure: CliFailure): number {
  return failure.kind === 'refused' && (failure.status === 404 || failure.status === 409) ? 1 : 2;
}

/** Writes a failure on stderr: one line per field Vigie named (as a flag when known), else its text. */
export function printFailure(command: string, failure: CliFailure, lang: Lang, flagOf: (path: string) => string | undefined = () => undefined): void {
  const lines =
    failure.issues.length > 0
      ? failure.issues.map((i) => {
          const where = i.path === '' ? undefined : (flagOf(i.path) ?? i.path);
          return where === undefined ? i.message : `${where}: ${i.message}`;
        })
      : [failure.text[lang]];
  for (const line of lines) process.stderr.write(`vigie ${command}: ${line}\n`);
}

/**
 * Runs one API command: `fn` gets the client and returns the exit code; a {@link CliFailure} is
 * printed and exits with `exitCode(failure)` (default {@link exitCodeOf}). Other errors go up to
 * `main` (exit 2).
 */
export async function runApiCommand(
  command: string,
  flags: ApiFlags,
  fn: (api: ApiClient) => Promise<number>,
  opts: { flagOf?: (path: string) => string | undefined; exitCode?: (failure: CliFailure) => number } = {},
): Promise<void> {
  try {
    process.exitCode = await fn(ApiClient.from(flags));
  } catch (err) {
    if (!(err instanceof CliFailure)) throw err;
    printFailure(command, err, flags.lang, opts.flagOf);
    process.exitCode = (opts.exitCode ?? exitCodeOf)(err);
  }
}
