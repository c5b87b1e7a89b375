/**
 * @module API errors: one class for every answer that is not a success, and the conversion of
 * zod issues into field paths a user can find in their request (`http.url`, `tags[2]`).
 */
import type { z } from 'zod';

/** One problem with a request field. */
export interface FieldIssue {
  /** Dotted/bracket path such as `http.url` or `tags[0]`; empty for the whole body. */
  path: string;
  message: string;
}

/** An error answered to the client as `{ error: code, message, ...extra }`. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
    /** Response headers to set with the error, e.g. `WWW-Authenticate`. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The JSON body sent to the client. */
  toBody(): Record<string, unknown> {
    return { error: this.code, message: this.message, ...this.extra };
  }
}

/** 400 with field issues. */
export function invalidRequest(message: string, issues: FieldIssue[] = []): ApiError {
  return new ApiError(400, 'invalid_request', message, { issues });
}

/** 404 for an unknown resource, e.g. `monitor "x" not found`. */
export function notFound(kind: string, id: string): ApiError {
  return new ApiError(404, 'not_found', `${kind} ${JSON.stringify(id)} not found`);
}

/** 409 for a request that conflicts with what is stored. */
export function conflict(code: string, message: string): ApiError {
  return new ApiError(409, code, message);
}

/** Formats a zod path as `a.b[0].c`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/**
 * Converts zod issues to field issues; unknown keys are reported one per key, at their own path.
 * A value that matches none of a union's shapes is reported with the issues of the shape it
 * resembles (see {@link closestBranch}) rather than zod's bare "Invalid input".
 */
export function toFieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.flatMap((issue) => issuesAt([], issue as z.core.$ZodIssue));
}

function issuesAt(base: ReadonlyArray<PropertyKey>, issue: z.core.$ZodIssue): FieldIssue[] {
  const path = [...base, ...issue.path];
  if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ path: formatPath([...path, key]), message: 'is not a known field' }));
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    const branch = closestBranch(issue.errors);
    // A value that fits no shape at all is best described by the union's own message, when it has one.
    if (misfit(branch) && issue.message !== DEFAULT_UNION_MESSAGE) return [{ path: formatPath(path), message: issue.message }];
    return branch.flatMap((inner) => issuesAt(path, inner));
  }
  if (issue.code === 'invalid_key' && issue.issues.length > 0) {
    return [{ path: formatPath(path), message: `is not a valid key: ${issue.issues.map((i) => i.message).join('; ')}` }];
  }
  return [{ path: formatPath(path), message: issue.message }];
}

/**
 * The issues of the union branch the value was meant for: the branches whose type and keys the
 * value has (no type mismatch or unknown key at the union's own level) come first, then the one
 * with the fewest issues.
 */
function closestBranch(branches: ReadonlyArray<ReadonlyArray<z.core.$ZodIssue>>): ReadonlyArray<z.core.$ZodIssue> {
  const ranked = branches.map((issues, order) => ({ issues, order, misfit: misfit(issues) ? 1 : 0 }));
  ranked.sort((a, b) => a.misfit - b.misfit || a.issues.length - b.issues.length || a.order - b.order);
  return ranked[0]!.issues;
}

/** Zod's message for a union none of whose branches matched, when the schema sets none. */
const DEFAULT_UNION_MESSAGE = 'Invalid input';

/** Whether a branch failed on the value's own type or keys (rather than deeper inside it). */
function misfit(issues: ReadonlyArray<z.core.$ZodIssue>): boolean {
  return issues.some((i) => i.path.length === 0 && (i.code === 'invalid_type' || i.code === 'unrecognized_keys'));
}

/** A 400 error from a failed zod parse of one part of the request. */
export function fromZodError(part: 'body' | 'query' | 'params', error: z.ZodError): ApiError {
  const issues = toFieldIssues(error);
  const first = issues[0];
  const where = first && first.path !== '' ? `${first.path}: ` : '';
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  const message = `invalid ${part === 'body' ? 'request body' : part === 'query' ? 'query string' : 'path'}: ${where}${first?.message ?? 'invalid'}${more}`;
  return invalidRequest(message, issues);
}
