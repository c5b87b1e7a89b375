/**
 * @module A small JSON path subset for assertions on JSON bodies.
 *
 * Supported: an optional leading `$`, dot-separated keys (`status.db`), and `[n]` array indexes
 * (`checks[0].state`, `$[2]`). Keys are made of any characters but `.`, `[` and `]`. Not
 * supported: wildcards, filters, slices, quoted keys. `"$.a.b[0]"` and `"a.b[0]"` are the same path.
 */

/** One step of a path: an object key or an array index. */
export type PathStep = string | number;

/** A parsed path and its canonical display form (`$.status.db`). */
export interface JsonPath {
  steps: readonly PathStep[];
  display: string;
}

const STEP = /^([^.[\]]*)((?:\[\d+\])*)$/;

/** Parses a path, or returns a readable reason it is not in the supported subset. */
export function parseJsonPath(input: string): JsonPath | string {
  let rest = input.trim();
  if (rest.startsWith('$')) rest = rest.slice(1);
  if (rest.startsWith('.')) rest = rest.slice(1);
  if (rest === '') return { steps: [], display: '$' };
  const steps: PathStep[] = [];
  for (const segment of rest.split('.')) {
    const match = STEP.exec(segment);
    if (!match || (match[1] === '' && match[2] === '')) {
      return `"${input}" is not a supported path: use dot keys and [n] indexes, e.g. $.checks[0].status`;
    }
    if (match[1] !== '') steps.push(match[1]!);
    for (const index of match[2]!.matchAll(/\[(\d+)\]/g)) steps.push(Number(index[1]));
  }
  return { steps, display: displayPath(steps) };
}

function displayPath(steps: readonly PathStep[]): string {
  let out = '$';
  for (const step of steps) out += typeof step === 'number' ? `[${step}]` : `.${step}`;
  return out;
}

/** The result of following a path: `found: false` when a step is missing. */
export type PathLookup = { found: true; value: unknown } | { found: false };

/** Follows the path through a parsed JSON value. */
export function lookupJsonPath(root: unknown, path: JsonPath): PathLookup {
  let current: unknown = root;
  for (const step of path.steps) {
    if (typeof step === 'number') {
      if (!Array.isArray(current) || step >= current.length) return { found: false };
      current = current[step];
    } else {
      if (current === null || typeof current !== 'object' || Array.isArray(current)) return { found: false };
      if (!Object.prototype.hasOwnProperty.call(current, step)) return { found: false };
      current = (current as Record<string, unknown>)[step];
    }
  }
  return { found: true, value: current };
}
