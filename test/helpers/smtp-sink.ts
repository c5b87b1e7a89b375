/**
 * @module A real SMTP server on 127.0.0.1 (smtp-server) that requires authentication, keeps
 * every message it accepts as raw DATA, and can refuse recipients or messages with a chosen
 * reply code; plus a small reader of the raw mail (headers, decoded text and HTML parts).
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { Pem } from './certs.js';

/** One accepted message. */
export interface ReceivedMail {
  user: string | undefined;
  /** The session was encrypted (STARTTLS or TLS) when the message came. */
  secure: boolean;
  from: string;
  to: string[];
  raw: string;
}

export interface SmtpSink {
  port: number;
  messages: ReceivedMail[];
  /** When set, RCPT TO is answered with this reply code and text. */
  refuseRcpt: { code: number; text: string } | undefined;
  /** When set, the end of DATA is answered with this reply code and text. */
  refuseData: { code: number; text: string } | undefined;
  /** When set, the end of DATA is never answered: resolves when a message was read whole. */
  holdData: (() => void) | undefined;
  close(): Promise<void>;
}

function smtpReply(code: number, text: string): Error {
  return Object.assign(new Error(text), { responseCode: code });
}

/**
 * Starts the server with one account: plain text with AUTH allowed over it (loopback only), or,
 * given a certificate, offering STARTTLS with it and AUTH only after the upgrade.
 */
export async function startSmtpSink(account: { user: string; password: string }, opts: { tls?: Pem } = {}): Promise<SmtpSink> {
  const sink: SmtpSink = { port: 0, messages: [], refuseRcpt: undefined, refuseData: undefined, holdData: undefined, close: async () => {} };
  const server = new SMTPServer({
    authOptional: false,
    ...(opts.tls ? { key: opts.tls.key, cert: opts.tls.cert } : { allowInsecureAuth: true, disabledCommands: ['STARTTLS'] }),
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === account.user && auth.password === account.password) callback(null, { user: auth.username });
      else callback(smtpReply(535, '5.7.8 Authentication credentials invalid'));
    },
    onRcptTo(_address, _session, callback) {
      const refuse = sink.refuseRcpt;
      callback(refuse ? smtpReply(refuse.code, refuse.text) : null);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (sink.holdData) return sink.holdData();
        const refuse = sink.refuseData;
        if (refuse) return callback(smtpReply(refuse.code, refuse.text));
        const envelope = session.envelope;
        sink.messages.push({
          user: typeof session.user === 'string' ? session.user : undefined,
          secure: session.secure,
          from: envelope.mailFrom ? envelope.mailFrom.address : '',
          to: envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback(null, 'Queued as 42');
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  sink.port = (server.server.address() as AddressInfo).port;
  sink.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return sink;
}

/** A received mail read back: unfolded headers (lower-case names, encoded words decoded) and the decoded text and HTML parts. */
export interface ParsedMail {
  headers: Map<string, string>;
  text: string | undefined;
  html: string | undefined;
}

function decodeBody(body: string, encoding: string | undefined): string {
  const enc = (encoding ?? '7bit').toLowerCase();
  if (enc === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (enc === 'quoted-printable') return decodeQuotedPrintable(body.replace(/=\r?\n/g, ''));
  return body;
}

function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const hex = text[i] === '=' ? text.slice(i + 1, i + 3) : '';
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(...Buffer.from(text[i]!, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** RFC 2047 encoded words (`=?UTF-8?Q?…?=`, `=?UTF-8?B?…?=`) decoded; adjacent words joined. */
function decodeWords(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/=\?[^?]+\?([QqBb])\?([^?]*)\?=/g, (_m, kind: string, data: string) =>
      kind.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : decodeQuotedPrintable(data.replace(/_/g, ' ')),
    );
}

function splitHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), decodeWords(line.slice(colon + 1).trim()));
  }
  return headers;
}

function splitEntity(raw: string): { headers: Map<string, string>; body: string } {
  const end = raw.search(/\r?\n\r?\n/);
  return end < 0 ? { headers: splitHeaders(raw), body: '' } : { headers: splitHeaders(raw.slice(0, end)), body: raw.slice(end).replace(/^\r?\n\r?\n/, '') };
}

/** Reads a raw mail: a single part or multipart (alternative, mixed) one level deep or more. */
export function parseMail(raw: string): ParsedMail {
  const top = splitEntity(raw);
  const parsed: ParsedMail = { headers: top.headers, text: undefined, html: undefined };
  const visit = (headers: Map<string, string>, body: string): void => {
    const type = headers.get('content-type') ?? 'text/plain';
    const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
    if (/^multipart\//i.test(type) && boundary) {
      const parts = body.split(`--${boundary}`).slice(1);
      for (const part of parts) {
        if (part.startsWith('--')) break;
        const entity = splitEntity(part.replace(/^\r?\n/, ''));
        visit(entity.headers, entity.body.replace(/\r?\n$/, ''));
      }
      return;
    }
    const decoded = decodeBody(body, headers.get('content-transfer-encoding')).replace(/\r\n/g, '\n');
    if (/^text\/html/i.test(type)) parsed.html = decoded;
    else if (/^text\/plain/i.test(type)) parsed.text = decoded;
  };
  visit(top.headers, top.body);
  return parsed;
}
