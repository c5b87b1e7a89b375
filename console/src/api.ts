/**
 * @module The console's one way to the API: same-origin fetches with the session cookie, the
 * CSRF token of the session on every write, JSON both ways, and failures turned into
 * {@link ApiError} carrying the API's `error` code and `message`.
 */

/** A failed call: the HTTP status, the API's error code and message (`network` when it never answered). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: ReadonlyArray<{ path: string; message: string }> = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken: string | undefined;

/** Keeps the CSRF token of the session (from the session, login or setup answer); undefined on logout. */
export function setCsrf(token: string | undefined): void {
  csrfToken = token;
}

const SAFE = new Set(['GET', 'HEAD']);

/** Calls the API at `path` (`/api/v1/...`); answers the parsed JSON, or undefined for 204. */
export async function api<T>(path: string, init: { method?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (!SAFE.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      ...(init.signal ? { signal: init.signal } : {}),
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network', 'the server cannot be reached');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!response.ok) {
    const body = (data ?? {}) as { error?: string; message?: string; issues?: Array<{ path: string; message: string }> };
    throw new ApiError(response.status, body.error ?? 'http_error', body.message ?? `HTTP ${response.status}`, body.issues ?? []);
  }
  return data as T;
}

/** True when the error is the API saying there is no session (or it expired). */
export function isUnauthorized(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401;
}
