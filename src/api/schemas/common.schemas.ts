/** @module Schemas shared by several routes: errors, times, pagination. */
import { z } from 'zod';
import { decodeCursor } from '../../storage/cursor.js';

/** Every error answer. `issues` on 400, `requestId` on 500. */
export const errorSchema = z
  .object({
    error: z.string().describe('Machine-readable code: invalid_request, unauthorized, forbidden, not_found, conflict, read_only, internal…'),
    message: z.string().describe('A sentence for a person.'),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    requestId: z.string().optional(),
  })
  .describe('An error.');

/** An ISO 8601 time in a response. */
export const isoTime = z.string().describe('ISO 8601 time, UTC.');

/** Converts epoch ms to the ISO 8601 form used in responses. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Like {@link iso}, keeping null. */
export function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : iso(ms);
}

/** The latest time accepted from a request: the end of year 9999, so every accepted time has an ISO 8601 form. */
export const MAX_TIME_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

const TIME_RANGE_MESSAGE = 'must be a time between 1970-01-01 and 9999-12-31';

/** A time sent as a JSON number: epoch milliseconds from 1970 to the end of 9999. */
export const epochMs = z.number().min(0, TIME_RANGE_MESSAGE).max(MAX_TIME_MS, TIME_RANGE_MESSAGE).int('must be a whole number of epoch milliseconds');

/** A time in a query string: ISO 8601 or epoch milliseconds, parsed to epoch ms (1970 to 9999). */
export const timeParam = z
  .string()
  .describe('ISO 8601 time or epoch milliseconds.')
  .transform((text, ctx) => {
    const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
    if (!Number.isFinite(ms)) {
      ctx.addIssue({ code: 'custom', message: 'must be an ISO 8601 time (2025-01-31T12:00:00Z) or epoch milliseconds' });
      return z.NEVER;
    }
    if (ms < 0 || ms > MAX_TIME_MS) {
      ctx.addIssue({ code: 'custom', message: TIME_RANGE_MESSAGE });
      return z.NEVER;
    }
    return ms;
  });

/** A bounded page size in a query string. */
export function limitParam(defaultValue: number, max: number) {
  return z.coerce
    .number()
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(max, `must be at most ${max}`)
    .default(defaultValue)
    .describe(`Page size, 1 to ${max}.`);
}

/** A non-negative offset in a query string. */
export const offsetParam = z.coerce.number().int('must be a whole number').min(0, 'must be 0 or more').default(0).describe('Items to skip.');

/** An opaque cursor returned as `nextCursor` by the previous page. */
export const cursorParam = z
  .string()
  .min(1)
  .max(500)
  .refine(isCursor, 'is not a cursor of this API: pass back the nextCursor of a previous page unchanged')
  .optional()
  .describe('The `nextCursor` of the previous page.');

function isCursor(text: string): boolean {
  try {
    decodeCursor(text);
    return true;
  } catch {
    return false;
  }
}

/** `{ id }` path parameters. */
export const idParams = z.strictObject({ id: z.string().min(1).max(200) });
