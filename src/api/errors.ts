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

/** Converts zod issues to field issues; unknown keys are reported one per key, at their own path. */
export function toFieldIssues(error: z.ZodError): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) issues.push({ path: formatPath([...issue.path, key]), message: 'is not a known field' });
    } else {
      issues.push({ path: formatPath(issue.path), message: issue.message });
    }
  }
  return issues;
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
