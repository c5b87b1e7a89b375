/** @module Durations written as `250ms`, `30s`, `5m`, `1h`, `1d` (or a bare number of seconds). */
import { z } from 'zod';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const PATTERN = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/;

/** Parses a duration into milliseconds; returns `undefined` when the text is not a duration. */
export function parseDuration(input: string | number): number | undefined {
  if (typeof input === 'number') return Number.isFinite(input) && input >= 0 ? Math.round(input * 1000) : undefined;
  const match = PATTERN.exec(input.trim());
  if (!match) return undefined;
  return Math.round(Number(match[1]) * UNIT_MS[match[2]!]!);
}

/** Formats milliseconds back into the shortest exact duration text (`90000` → `90s`). */
export function formatDuration(ms: number): string {
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    const size = UNIT_MS[unit]!;
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

/**
 * A zod schema for a duration field, parsed to milliseconds and bounded.
 * The JSON Schema shows it as a string pattern or a number of seconds.
 */
export function duration(opts: { min?: number; max?: number } = {}) {
  const { min = 0, max = Number.MAX_SAFE_INTEGER } = opts;
  return z
    .union([z.string().regex(PATTERN, 'must be a duration such as 500ms, 30s, 5m, 1h or 1d'), z.number().nonnegative()])
    .transform((value, ctx) => {
      const ms = parseDuration(value);
      if (ms === undefined) {
        ctx.addIssue({ code: 'custom', message: 'must be a duration such as 500ms, 30s, 5m, 1h or 1d' });
        return z.NEVER;
      }
      if (ms < min || ms > max) {
        ctx.addIssue({ code: 'custom', message: `must be between ${formatDuration(min)} and ${formatDuration(max)}` });
        return z.NEVER;
      }
      return ms;
    });
}
