/**
 * @module Reads one YAML text into a `yaml` document, refusing what a config file cannot be: more
 * than one document, maps and lists nested too deeply, tags other than the YAML core ones. Errors
 * are issues at file:line:col, in plain words.
 *
 * Nesting is checked before the document is composed: the `yaml` composer recurses once per
 * level, and thousands of nested `[` overflow the stack (or abort the process). The lexer and the
 * parser are iterative, so the text is lexed and parsed here, counting flow brackets on the way
 * (reading stops at the first one too deep) and then the depth of the parsed tokens.
 */
import { Composer, Lexer, LineCounter, Parser } from 'yaml';
import type { CST, Document, YAMLError, YAMLWarning } from 'yaml';
import type { ConfigIssue } from './config-error.js';

/** Levels of nested maps and lists a config file may have. */
export const MAX_NESTING = 64;

/** A document and its line counter, or the issues that stop reading. */
export type YamlRead = { ok: true; doc: Document.Parsed; lines: LineCounter } | { ok: false; issues: ConfigIssue[] };

const TOO_DEEP = `maps and lists are nested more than ${MAX_NESTING} levels deep here; a config file may nest at most ${MAX_NESTING} levels`;

/** Reads `text` (the content of `file`) into one document. */
export function readYaml(text: string, file: string): YamlRead {
  const lines = new LineCounter();
  const at = (offset: number): ConfigIssue => {
    const pos = lines.linePos(offset);
    return { file, line: pos.line, column: pos.col, path: [], message: '' };
  };
  const parser = new Parser(lines.addNewLine);
  lines.addNewLine(0); // as Parser.parse() does: the first line starts at 0
  const tokens: CST.Token[] = [];
  let flowDepth = 0;
  for (const lexeme of new Lexer().lex(text)) {
    if (lexeme === '[' || lexeme === '{') {
      if (++flowDepth > MAX_NESTING) {
        return { ok: false, issues: [{ ...at(parser.offset), message: TOO_DEEP }] };
      }
    } else if (lexeme === ']' || lexeme === '}') flowDepth = Math.max(0, flowDepth - 1);
    for (const token of parser.next(lexeme)) tokens.push(token);
  }
  for (const token of parser.end()) tokens.push(token);
  const deep = tooDeep(tokens);
  if (deep !== undefined) return { ok: false, issues: [{ ...at(deep), message: TOO_DEEP }] };

  // Without the YAML 1.1 tags (!!binary, !!set, !!timestamp…), every tag a config cannot use is a warning.
  const composer = new Composer({ keepSourceTokens: true, uniqueKeys: false, resolveKnownTags: false });
  let doc: Document.Parsed | undefined;
  for (const next of composer.compose(tokens, true, text.length)) {
    if (doc) {
      const second = { ...at(next.range[0]), message: 'a second YAML document starts here; a config file holds one document: remove this "---" line, or move what follows to a file of its own in a config directory' };
      return { ok: false, issues: [second] };
    }
    doc = next;
  }
  if (doc!.errors.length > 0) return { ok: false, issues: syntaxIssues(doc!.errors, at) };
  const tags = tagIssues(doc!.warnings, text, at);
  return tags.length > 0 ? { ok: false, issues: tags } : { ok: true, doc: doc!, lines };
}

/** The offset of the first collection nested more than {@link MAX_NESTING} levels deep, if any (no recursion). */
function tooDeep(tokens: readonly CST.Token[]): number | undefined {
  const pending: [CST.Token | undefined, number][] = tokens.map((token) => [token, 0]);
  while (pending.length > 0) {
    const [token, depth] = pending.pop()!;
    if (!token) continue;
    if (token.type === 'document') pending.push([token.value, depth]);
    else if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      if (depth + 1 > MAX_NESTING) return token.offset;
      for (const item of token.items) pending.push(['key' in item ? item.key ?? undefined : undefined, depth + 1], [item.value, depth + 1]);
    }
  }
  return undefined;
}

/** The parser's errors: one per place (the first says what is wrong). */
function syntaxIssues(errors: readonly YAMLError[], at: (offset: number) => ConfigIssue): ConfigIssue[] {
  const issues = new Map<string, ConfigIssue>();
  for (const error of errors) {
    const issue = { ...at(error.pos[0]), message: `YAML syntax error: ${sentence(error.message)}` };
    const key = `${issue.line}:${issue.column}`;
    if (!issues.has(key)) issues.set(key, issue);
  }
  return [...issues.values()];
}

const CORE_TAG = /^(!!|!<tag:yaml\.org,2002:)(str|int|float|bool|null|map|seq)>?$/;
const CORE_TAGS = '!!str, !!int, !!float, !!bool, !!null, !!map and !!seq';

/**
 * Tags a config cannot use, named as written: a config holds plain values, so only the YAML core
 * tags are allowed, on values they fit. Tags apply to the text as written, before `${VAR}` expansion.
 */
function tagIssues(warnings: readonly YAMLWarning[], text: string, at: (offset: number) => ConfigIssue): ConfigIssue[] {
  return warnings
    .filter((warning) => warning.code === 'TAG_RESOLVE_FAILED')
    .map((warning) => {
      const [start, end] = warning.pos;
      const written = text.slice(start, end);
      const tag = written.length > 60 ? `${written.slice(0, 57)}...` : written;
      const lineEnd = text.indexOf('\n', end);
      const variable = text.slice(end, lineEnd === -1 ? undefined : lineEnd).includes('${');
      const message = !CORE_TAG.test(written)
        ? `unsupported tag ${tag}; a config file holds plain YAML values and may only use the core tags ${CORE_TAGS}`
        : `the value does not fit its tag ${tag}${variable ? ' (tags apply to the text as written, before ${VAR} is expanded: leave the tag out)' : ''}`;
      return { ...at(start), message };
    });
}

function sentence(message: string): string {
  const trimmed = message.trim().replace(/\s+/g, ' ');
  return trimmed.charAt(0).toLowerCase() + trimmed.slice(1);
}
