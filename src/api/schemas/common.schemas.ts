/** @module Schemas shared by several routes: errors, times, pagination. */
import { z } from 'zod';

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

/** A time in a query string: ISO 8601 or epoch milliseconds, parsed to epoch ms. */
export const timeParam = z
  .string()
  .describe('ISO 8601 time or epoch milliseconds.')
  .transform((text, ctx) => {
    const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
    if (!Number.isFinite(ms)) {
      ctx.addIssue({ code: 'custom', message: 'must be an ISO 8601 time (2025-01-31T12:00:00Z) or epoch milliseconds' });
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
export const cursorParam = z.string().min(1).max(500).optional().describe('The `nextCursor` of the previous page.');

/** `{ id }` path parameters. */
export const idParams = z.strictObject({ id: z.string().min(1).max(200) });
