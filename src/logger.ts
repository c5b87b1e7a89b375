/**
 * @module The process logger (pino): JSON lines on stdout, or human-readable lines (pino-pretty)
 * when stdout is a terminal. `VIGIE_LOG_FORMAT=json|pretty` chooses either way.
 */
import { createRequire } from 'node:module';
import { pino, type Logger } from 'pino';

export type { Logger };

/** How log lines are written: one JSON object per line, or readable text. */
export type LogFormat = 'json' | 'pretty';

/** The environment variable that chooses the log format. */
export const LOG_FORMAT_ENV = 'VIGIE_LOG_FORMAT';

/**
 * The log format (pure): the one `VIGIE_LOG_FORMAT` asks for, else `pretty` on a terminal and
 * `json` otherwise (a pipe, a file, journald, a container's log driver). Throws on another value.
 */
export function logFormat(asked: string | undefined, stdoutIsTty: boolean): LogFormat {
  const value = asked?.trim().toLowerCase();
  if (value === 'json' || value === 'pretty') return value;
  if (value) throw new Error(`${LOG_FORMAT_ENV} must be "json" or "pretty" (got "${asked}")`);
  return stdoutIsTty ? 'pretty' : 'json';
}

/**
 * Fields never written to the logs, at the top level and one or two levels down (a request body
 * or an error's details): passwords, TOTP and recovery codes, setup tokens, session cookies.
 */
const SECRET_FIELDS = ['password', 'current', 'new', 'totp', 'setup_token', 'recovery_codes', 'cookie', 'authorization', 'set-cookie', 'x-csrf-token', 'csrf'];
export const REDACTED_PATHS = SECRET_FIELDS.flatMap((field) => {
  const key = /^\w+$/.test(field) ? `.${field}` : `["${field}"]`;
  return [key.startsWith('.') ? field : key, `*${key}`, `*.*${key}`];
});

/** A logger at the given level (`silent` for tests), in the format {@link logFormat} picks for this process. */
export function createLogger(
  level: string = process.env.VIGIE_LOG_LEVEL ?? 'info',
  format: LogFormat = logFormat(process.env[LOG_FORMAT_ENV], process.stdout.isTTY === true),
): Logger {
  const options = { level, base: { app: 'vigie' }, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
  if (format === 'json') return pino(options);
  // Loaded only when needed: it takes longer to load than the rest of the logger.
  const pinoPretty = createRequire(import.meta.url)('pino-pretty') as typeof import('pino-pretty');
  return pino(options, pinoPretty({ sync: true, translateTime: 'SYS:yyyy-mm-dd HH:MM:ss.l', ignore: 'pid,hostname,app' }));
}
