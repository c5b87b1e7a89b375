/**
 * @module The check block of `vigie check --type …`, built from its flags, and its errors
 * written in terms of those flags: `http.url (--url): is required`, `--set: not valid JSON …`.
 */
import type { z } from 'zod';
import { parseDuration } from '../core/duration.js';
import { readableIssues } from '../config/readable-issues.js';

/** The flags of an ad-hoc check. */
export interface AdHocFlags {
  url?: string;
  host?: string;
  port?: string;
  name?: string;
  recordType?: string;
  resolver?: string[];
  expect?: string[];
  set?: string;
  timeout: string;
}

/** Which flag sets each field of the check block; other fields come from `--set`. */
const FLAG_OF: Readonly<Record<string, string>> = {
  url: '--url', host: '--host', port: '--port', name: '--name', record_type: '--record-type', resolvers: '--resolver', expected: '--expect',
};

/** A parsed ad-hoc check, or the lines that say what is wrong. */
export type AdHocCheck = { ok: true; config: Record<string, unknown>; timeoutMs: number } | { ok: false; errors: string[] };

/** Parses the flags against the check type's schema; every error names its field and flag. */
export function parseAdHocCheck(type: string, schema: z.ZodType, flags: AdHocFlags): AdHocCheck {
  const errors: string[] = [];
  const block: Record<string, unknown> = {};
  if (flags.url !== undefined) block.url = flags.url;
  if (flags.host !== undefined) block.host = flags.host;
  if (flags.port !== undefined) block.port = /^\d+$/.test(flags.port) ? Number(flags.port) : flags.port;
  if (flags.name !== undefined) block.name = flags.name;
  if (flags.recordType !== undefined) block.record_type = flags.recordType.toUpperCase();
  if (flags.resolver?.length) block.resolvers = flags.resolver;
  if (flags.expect?.length) block.expected = flags.expect;
  if (flags.set !== undefined) {
    const extra = parseSet(flags.set);
    if (typeof extra === 'string') errors.push(`--set: ${extra}`);
    else Object.assign(block, extra);
  }
  const timeoutMs = parseDuration(flags.timeout);
  if (timeoutMs === undefined || timeoutMs <= 0) errors.push(`--timeout: ${JSON.stringify(flags.timeout)} is not a duration (e.g. 500ms, 10s, 1m)`);
  const parsed = schema.safeParse(block, { reportInput: true });
  if (!parsed.success) {
    for (const issue of readableIssues(parsed.error.issues, schema)) {
      const field = [type, ...issue.path.map(String)].join('.');
      const top = issue.path[0];
      const flag = typeof top === 'string' ? (FLAG_OF[top] ?? (flags.set !== undefined && top in block ? '--set' : undefined)) : undefined;
      errors.push(`${field}${flag ? ` (${flag})` : ''}: ${issue.message}`);
    }
  }
  if (errors.length > 0 || !parsed.success || timeoutMs === undefined) return { ok: false, errors };
  return { ok: true, config: parsed.data as Record<string, unknown>, timeoutMs };
}

/** The `--set` JSON object, or why it is not one. */
function parseSet(text: string): Record<string, unknown> | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return `not valid JSON (${err instanceof Error ? err.message : String(err)}); e.g. '{"expected_status":["200"]}'`;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'must be a JSON object of check fields, e.g. \'{"expected_status":["200"]}\'';
  return value as Record<string, unknown>;
}
