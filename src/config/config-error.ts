/** @module Config errors: a list of issues, each naming the file, line, column and field path. */

/** Where a value came from: a position in a file, or a named source without lines (an environment variable). */
export interface Origin {
  /** The file as given to the loader, or a label such as `VIGIE_DATABASE_URL (environment)`. */
  file: string;
  /** 1-based line; absent for sources without lines. */
  line?: number;
  /** 1-based column; absent for sources without lines. */
  column?: number;
}

/** One problem in the configuration. */
export interface ConfigIssue extends Origin {
  /** Path of the field, e.g. `['monitors', 2, 'http', 'url']`; empty for the whole file. */
  path: readonly PropertyKey[];
  /** A readable sentence, e.g. `must be an absolute http(s) URL`. */
  message: string;
}

const IDENTIFIER = /^[A-Za-z0-9_-]+$/;

/** Formats a field path the way users write it: `monitors[2].http.url`, `headers["X-Api Key"]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (IDENTIFIER.test(String(segment))) out += out === '' ? String(segment) : `.${String(segment)}`;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}

/** Formats an origin as `file:line:column`, or just the label when it has no position. */
export function formatOrigin(origin: Origin): string {
  return origin.line === undefined ? origin.file : `${origin.file}:${origin.line}:${origin.column ?? 1}`;
}

/** Formats one issue: `vigie.yaml:14:7 monitors[2].http.url: must be an absolute http(s) URL`. */
export function formatIssue(issue: ConfigIssue): string {
  const where = formatOrigin(issue);
  const message = printable(issue.message);
  return issue.path.length === 0 ? `${where}: ${message}` : `${where} ${formatPath(issue.path)}: ${message}`;
}

/**
 * A message with the control characters a value may carry (NUL, escape sequences…) written as
 * `\u0000`, so that quoting a bad value never writes raw control bytes to a terminal or a log.
 */
export function printable(message: string): string {
  // eslint-disable-next-line no-control-regex
  return message.replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u0084\u0086-\u009F\uD800-\uDFFF]/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Thrown by the loader with every issue found (not only the first); `message` lists them one per line. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.issues = issues;
  }
}
