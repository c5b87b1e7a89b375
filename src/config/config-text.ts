/**
 * @module The bytes of a config file: at most {@link MAX_CONFIG_FILE_BYTES}, UTF-8, and only
 * characters YAML allows. A file that is not text (NUL bytes, invalid UTF-8) is refused by its
 * name and position, without echoing its content.
 */
import { isUtf8 } from 'node:buffer';
import { open } from 'node:fs/promises';
import type { ConfigIssue } from './config-error.js';

/** The largest config file read, in bytes (4 MiB: a config with thousands of monitors is far below). */
export const MAX_CONFIG_FILE_BYTES = 4 * 1024 * 1024;

/** The largest file size, as written in messages. */
export const MAX_CONFIG_FILE_SIZE = '4 MiB';

/**
 * The issue of a file larger than {@link MAX_CONFIG_FILE_BYTES}, or `undefined`. `bytes` is the
 * file's size, or (`exact` false) how much of it was read before stopping.
 */
export function sizeIssue(bytes: number, file: string, exact = true): ConfigIssue | undefined {
  if (bytes <= MAX_CONFIG_FILE_BYTES) return undefined;
  const size = exact ? ` (${(bytes / 1024 / 1024).toFixed(1)} MiB)` : ` (more than ${MAX_CONFIG_FILE_SIZE})`;
  return { file, path: [], message: `the file is too large${size}; a config file may be at most ${MAX_CONFIG_FILE_SIZE} (split it into several files in a config directory)` };
}

/**
 * Reads a file's bytes, stopping one byte past {@link MAX_CONFIG_FILE_BYTES}: a file that grows
 * while read, a pipe or a device (`/dev/zero`) is read no further than that.
 */
export async function readConfigBytes(file: string): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    while (total <= MAX_CONFIG_FILE_BYTES) {
      const chunk = Buffer.alloc(Math.min(1024 * 1024, MAX_CONFIG_FILE_BYTES + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
    }
    return Buffer.concat(chunks, total);
  } finally {
    await handle.close();
  }
}

/** Decodes bytes read by {@link readConfigBytes} as UTF-8, or gives the issue of a file too large or not UTF-8 text (at its first bad byte). */
export function decodeConfigBytes(bytes: Buffer, file: string): { text: string } | { issue: ConfigIssue } {
  const size = sizeIssue(bytes.length, file, false);
  if (size) return { issue: size };
  const text = bytes.toString('utf8');
  if (isUtf8(bytes)) return { text };
  // The decoded text re-encodes to the same bytes up to the first invalid sequence.
  const again = Buffer.from(text, 'utf8');
  let offset = 0;
  while (offset < bytes.length && bytes[offset] === again[offset]) offset++;
  const before = bytes.subarray(0, offset).toString('utf8');
  return { issue: { file, ...positionAt(before), path: [], message: 'not a text file: it is not valid UTF-8 here; a config file is YAML text in UTF-8' } };
}

/** Characters YAML 1.2 allows in a file (`c-printable`): tab, line breaks, and printable Unicode. */
const NOT_PRINTABLE = /[^\t\n\r\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/**
 * The issue of a text that is too large or holds a character YAML does not allow (a NUL byte
 * means a binary file), at its position; `undefined` when the text can be parsed.
 */
export function textIssue(text: string, file: string): ConfigIssue | undefined {
  // A UTF-8 byte count is at most 3 per UTF-16 unit: only count when it may be over.
  if (text.length * 3 > MAX_CONFIG_FILE_BYTES) {
    const size = sizeIssue(Buffer.byteLength(text, 'utf8'), file);
    if (size) return size;
  }
  const nul = text.indexOf('\0');
  if (nul !== -1) return { file, ...positionAt(text.slice(0, nul)), path: [], message: 'not a text file: it contains NUL bytes; a config file is YAML text in UTF-8' };
  const bad = NOT_PRINTABLE.exec(text);
  if (!bad) return undefined;
  const at = { file, ...positionAt(text.slice(0, bad.index)), path: [] };
  const code = bad[0].codePointAt(0)!;
  const name = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return { ...at, message: `the character ${name} (a control or non-character code) cannot appear in a YAML file; remove it` };
}

/** The 1-based line and column just after `before` (columns in UTF-16 units, as the YAML parser counts). */
function positionAt(before: string): { line: number; column: number } {
  const lastBreak = before.lastIndexOf('\n');
  let line = 1;
  for (let i = before.indexOf('\n'); i !== -1; i = before.indexOf('\n', i + 1)) line++;
  return { line, column: before.length - lastBreak };
}
