import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HttpParserError, MAX_HEAD_BYTES, ResponseParser, type ResponseHead } from './response-parser.js';

interface Parsed {
  head?: ResponseHead;
  body: string;
  ended: boolean;
}

/** Parses `input` fed in pieces cut at `cuts`, then (if `close`) as if the server closed. */
function parse(input: string, cuts: number[] = [], opts: { headOnly?: boolean; close?: boolean } = {}): Parsed {
  const out: Parsed = { body: '', ended: false };
  const parser = new ResponseParser(
    {
      head: (head) => (out.head = head),
      data: (chunk) => (out.body += chunk.toString('latin1')),
      end: () => (out.ended = true),
    },
    opts.headOnly,
  );
  const bytes = Buffer.from(input, 'latin1');
  let from = 0;
  for (const cut of [...new Set(cuts)].filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b)) {
    parser.feed(bytes.subarray(from, cut));
    from = cut;
  }
  parser.feed(bytes.subarray(from));
  if (opts.close) parser.finish();
  return out;
}

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
};

const RESPONSES: Array<[string, string, Parsed]> = [
  ['Content-Length', 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n\r\nhello', { head: { status: 200, location: undefined }, body: 'hello', ended: true }],
  [
    'chunked with extensions and trailers',
    'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\nWiki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nX-Trailer: 1\r\n\r\n',
    { head: { status: 200, location: undefined }, body: 'Wikipedia in\r\n\r\nchunks.', ended: true },
  ],
  ['a redirect with its Location', 'HTTP/1.1 302 Found\r\nLocation: /next?a=1\r\nContent-Length: 0\r\n\r\n', { head: { status: 302, location: '/next?a=1' }, body: '', ended: true }],
  ['100 Continue before the real head', 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok', { head: { status: 201, location: undefined }, body: 'ok', ended: true }],
  ['204 without a body', 'HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n', { head: { status: 204, location: undefined }, body: '', ended: true }],
  ['bare LF line ends and no reason phrase', 'HTTP/1.0 503\nContent-Length: 3\n\nbad', { head: { status: 503, location: undefined }, body: 'bad', ended: true }],
  ['bytes after the declared length are ignored', 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA', { head: { status: 200, location: undefined }, body: 'ok', ended: true }],
];

describe('ResponseParser', () => {
  for (const [name, input, expected] of RESPONSES) {
    it(`reads ${name}, however the bytes are split`, () => {
      expect(parse(input)).toEqual(expected);
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 1, max: input.length - 1 }), { maxLength: 8 }), (cuts) => {
          expect(parse(input, cuts)).toEqual(expected);
        }),
        { numRuns: 200 },
      );
    });
  }

  it('reads a body without length until the server closes', () => {
    const input = 'HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nall of it';
    expect(parse(input)).toMatchObject({ body: 'all of it', ended: false });
    expect(parse(input, [20, 40], { close: true })).toMatchObject({ body: 'all of it', ended: true });
  });

  it('reads no body after a HEAD request, whatever Content-Length says', () => {
    expect(parse('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n', [], { headOnly: true })).toMatchObject({ body: '', ended: true });
  });

  it('prefers chunked framing over Content-Length', () => {
    expect(parse('HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: gzip, chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n')).toMatchObject({ body: 'ok', ended: true });
  });

  it('names malformed responses like llhttp (HPE_ codes)', () => {
    expect(codeOf(() => parse('SSH-2.0-OpenSSH\r\n\r\n'))).toBe('HPE_INVALID_CONSTANT');
    expect(codeOf(() => parse('HTTP/1.1 2xx OK\r\n\r\n'))).toBe('HPE_INVALID_STATUS');
    expect(codeOf(() => parse('HTTP/1.1 200 OK\r\nBad Header\r\n\r\n'))).toBe('HPE_INVALID_HEADER_TOKEN');
    expect(codeOf(() => parse('HTTP/1.1 200 OK\r\nContent-Length: 1, 2\r\n\r\n'))).toBe('HPE_INVALID_CONTENT_LENGTH');
    expect(codeOf(() => parse('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'))).toBe('HPE_INVALID_CHUNK_SIZE');
    expect(codeOf(() => parse('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nokk\r\n'))).toBe('HPE_INVALID_CHUNK_SIZE');
    expect(codeOf(() => parse(`HTTP/1.1 200 OK\r\nX: ${'a'.repeat(MAX_HEAD_BYTES)}`))).toBe('HPE_HEADER_OVERFLOW');
    expect(new HttpParserError('x', 'HPE_X').name).toBe('HTTPParserError');
  });

  it('fails when the server closes before the head or the body is complete', () => {
    expect(codeOf(() => parse('HTTP/1.1 200 OK\r\n', [], { close: true }))).toBe('UND_ERR_SOCKET');
    expect(codeOf(() => parse('HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nshort', [], { close: true }))).toBe('UND_ERR_SOCKET');
    expect(codeOf(() => parse('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab', [], { close: true }))).toBe('UND_ERR_SOCKET');
  });
});
