/**
 * @module Fuzz tests of the config loader: random bytes, random YAML, and mutations of
 * `examples/vigie.yaml` (truncated, keys duplicated, aliases, deep nesting, odd tags, huge
 * numbers, wrong types). Whatever the text, the loader returns a config or throws a
 * {@link ConfigError} whose issues say where (file, line ≥ 1) in printable words, and it returns
 * within the run: inputs are bounded (a few KiB), and the loader's own limits bound the rest.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ConfigError } from './config-error.js';
import { decodeConfigBytes } from './config-text.js';
import { parseConfigFiles } from './load-config.js';

const EXAMPLE = readFileSync(new URL('../../examples/vigie.yaml', import.meta.url), 'utf8');
const EXAMPLE_LINES = EXAMPLE.split('\n');
const FILE = 'vigie.yaml';
const ENV = { VIGIE_PORT: '3000', EMPTY: '', ALIAS: '*a', TAGGED: '!foo x', NESTED: '${VIGIE_PORT}', NUL: 'a\u0000b' };
/** What a message may contain: printable text and the line breaks between issues. */
const PRINTABLE = /^[\n\t\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;
/** Runs per property; set VIGIE_FUZZ_RUNS to fuzz longer. */
const RUNS = Number(process.env['VIGIE_FUZZ_RUNS']) || 150;

/** Loads `text` as the loader does and checks the outcome; returns what happened, for the test's counts. */
function load(text: string): 'valid' | 'refused' {
  try {
    parseConfigFiles([{ file: FILE, text }], ENV);
    return 'valid';
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    expect(error.issues.length).toBeGreaterThan(0);
    for (const issue of error.issues) {
      expect(issue.file === FILE || issue.file.endsWith('(environment)')).toBe(true);
      if (issue.line !== undefined) expect(issue.line).toBeGreaterThanOrEqual(1);
      expect(issue.message).toMatch(PRINTABLE);
    }
    return 'refused';
  }
}

/** Loads bytes the way a file is read: decoded as UTF-8 (or refused), then parsed. */
function loadBytes(bytes: Uint8Array): 'valid' | 'refused' {
  const decoded = decodeConfigBytes(Buffer.from(bytes), FILE);
  if ('issue' in decoded) {
    expect(decoded.issue.message).toMatch(PRINTABLE);
    return 'refused';
  }
  return load(decoded.text);
}

/** Pieces of YAML that are valid alone and odd in context: aliases, tags, huge numbers, nesting, documents. */
const ODD_PIECES = [
  '&a', '*a', '&a [1, *a]', '*undefined', '<<: *a', '!foo', '!!binary aGk=', '!!set {a}', '!!int', '!!str', '!<tag:x> y', '! ',
  '1e400', '-1e400', '99999999999999999999999', '0x7FFFFFFFFFFFFFFFFF', '.nan', '-.inf', '0o777', '1_000',
  '[', ']', '{', '}', '[[[[[[[[', '{a: {a: {a: {a:', '- - - - - -', '? ', ': ', '|', '>-', '"', "'", '\\', '#',
  '---', '...', '%YAML 1.1', '%TAG ! tag:x:', '${VIGIE_PORT}', '${UNSET}', '${', '$$', '${ALIAS}', '${NUL}',
  'null', '~', 'true', 'yes', '[]', '{}', '""', '\t', '\r', '\u00A0', '\uFEFF', '😀', '\u0000', '\u001B',
];

/** Mutations of the example file, each from a few random numbers. */
const mutation = fc.oneof(
  fc.nat().map((n) => EXAMPLE.slice(0, n % (EXAMPLE.length + 1))), // truncated
  fc.tuple(fc.nat(), fc.nat()).map(([line, times]) => {
    const lines = [...EXAMPLE_LINES];
    const at = line % lines.length;
    lines.splice(at, 0, ...Array(1 + (times % 3)).fill(lines[at])); // a line (often a key) repeated
    return lines.join('\n');
  }),
  fc.tuple(fc.nat(), fc.constantFrom(...ODD_PIECES), fc.boolean()).map(([pos, piece, spaced]) => {
    const at = pos % (EXAMPLE.length + 1);
    return `${EXAMPLE.slice(0, at)}${spaced ? ` ${piece} ` : piece}${EXAMPLE.slice(at)}`; // an odd piece anywhere
  }),
  fc.tuple(fc.nat(), fc.constantFrom(...ODD_PIECES)).map(([line, piece]) => {
    const lines = [...EXAMPLE_LINES];
    const at = line % lines.length;
    lines[at] = lines[at]!.replace(/:\s.*$/, `: ${piece}`); // a value replaced by an odd piece (wrong type, tag, alias…)
    return lines.join('\n');
  }),
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 40 })).map(([line, indent]) => {
    const lines = [...EXAMPLE_LINES];
    const at = line % lines.length;
    lines[at] = `${' '.repeat(indent)}${lines[at]}`; // indentation broken
    return lines.join('\n');
  }),
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 3000 }), fc.constantFrom('[', '{a: ', '- ', '[{x: ')).map(([line, depth, open]) => {
    const lines = [...EXAMPLE_LINES];
    const at = line % lines.length;
    lines[at] = lines[at]!.replace(/:\s.*$/, `: ${open.repeat(depth)}`); // deep nesting
    return lines.join('\n');
  }),
  fc.tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 })).map(([width, depth]) => {
    // an alias bomb of random width and depth, before the example
    const levels = Array.from({ length: depth }, (_, i) => `l${i}`);
    const bomb = levels.map((name, i) => `${name}: &${name} [${Array(width).fill(i === 0 ? 'x' : `*${levels[i - 1]}`).join(', ')}]`);
    return `${bomb.join('\n')}\n${EXAMPLE}`;
  }),
);

/** Random YAML values written with the yaml library, alone and where the config expects a monitor or a setting. */
const randomYaml = fc
  .tuple(fc.anything({ maxDepth: 4, maxKeys: 5, withBigInt: true, withDate: true, withNullPrototype: true, withMap: true, withSet: true, withTypedArray: true }), fc.constantFrom('top', 'monitor', 'server', 'maintenance'))
  .map(([value, where]) => {
    const placed = where === 'top' ? value : where === 'monitor' ? { monitors: [value] } : where === 'server' ? { server: value } : { maintenance: [{ id: 'w', monitors: ['m'], rrule: value, start: '0001-01-01', duration: '1h' }] };
    try {
      return stringify(placed) ?? '';
    } catch {
      return String(value);
    }
  });

describe('config loader fuzz: only ConfigError, always returns', () => {
  it('the example file loads (the mutations start from a valid config)', () => {
    expect(load(EXAMPLE)).toBe('valid');
  });

  it('random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => void loadBytes(bytes)), { numRuns: RUNS });
  });

  it('random text (any Unicode, control characters included)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 1024 }), (text) => void load(text)), { numRuns: RUNS });
  });

  it('random YAML values, alone and in place of a monitor, a setting or a maintenance rule', () => {
    fc.assert(fc.property(randomYaml, (text) => void load(text)), { numRuns: RUNS });
  });

  it('mutations of examples/vigie.yaml, one or several at once', () => {
    const several = fc.array(fc.nat(), { minLength: 1, maxLength: 3 }).chain((seeds) => fc.tuple(...seeds.map(() => mutation)));
    const outcomes = { valid: 0, refused: 0 };
    fc.assert(
      fc.property(fc.oneof(mutation, several.map((texts) => texts.map((t) => t.slice(0, 1500)).join('\n'))), (text) => {
        outcomes[load(text)]++;
      }),
      { numRuns: RUNS },
    );
    expect(outcomes.refused).toBeGreaterThan(0);
  });

  it('10,000 nested "[" or "{", and nesting through aliases, give a ConfigError, not a stack overflow', () => {
    for (const text of ['['.repeat(10_000), `${'['.repeat(10_000)}${']'.repeat(10_000)}`, `a: ${'{a: '.repeat(10_000)}`, `- ${'- '.repeat(5_000)}x`]) {
      expect(() => parseConfigFiles([{ file: FILE, text }], ENV)).toThrow(ConfigError);
    }
    const aliases = Array.from({ length: 80 }, (_, i) => (i === 0 ? 'a0: &a0 [x]' : `a${i}: &a${i} [*a${i - 1}]`)).join('\n');
    expect(() => parseConfigFiles([{ file: FILE, text: aliases }], ENV)).toThrow(/nested more than 64 levels deep here once aliases are expanded/);
  });
});
