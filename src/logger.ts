/** @module The process logger (pino, JSON lines on stdout). */
import { pino, type Logger } from 'pino';

export type { Logger };

/** A logger at the given level; `silent` for tests. */
export function createLogger(level: string = process.env.VIGIE_LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: { app: 'vigie' } });
}
