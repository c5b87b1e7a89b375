/**
 * @module An SMTP client's failure read into a {@link TransportError}: a 5xx reply (a refused
 * address, a rejected message, bad credentials) is permanent; a 4xx reply (mailbox busy,
 * greylisting, too many connections) and every connection failure (refused, timed out, TLS,
 * DNS) are retried. Reads nodemailer's error fields (`responseCode`, `code`, `response`,
 * `command`: the message names the command the server refused, e.g. `SMTP 535 to AUTH PLAIN`).
 */
import { TransportError } from '../types.js';

/** The fields of an SMTP client error this reads. */
interface SmtpFailure {
  code?: unknown;
  responseCode?: unknown;
  response?: unknown;
  message?: unknown;
  command?: unknown;
}

/** Client-side errors that sending again cannot fix: no credentials, no recipient, a message the client refuses to build. */
const PERMANENT_CODES = new Set(['EAUTH', 'EENVELOPE', 'EMESSAGE']);

/** The failure of one send as a {@link TransportError}. */
export function smtpTransportError(error: unknown): TransportError {
  if (error instanceof TransportError) return error;
  const e = (error ?? {}) as SmtpFailure;
  const reply = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const code = typeof e.code === 'string' ? e.code : undefined;
  const said = typeof e.response === 'string' ? e.response : typeof e.message === 'string' ? e.message : String(error);
  const text = said.replace(/\s+/g, ' ').trim().slice(0, 200);
  if (reply !== undefined && reply >= 400 && reply < 600) {
    const command = typeof e.command === 'string' && /^[A-Z][A-Z ]{1,20}$/.test(e.command) ? ` to ${e.command}` : '';
    return new TransportError(`SMTP ${reply}${command}: ${text}`, { permanent: reply >= 500, status: reply });
  }
  return new TransportError(code ? `${code}: ${text}` : text, { permanent: code !== undefined && PERMANENT_CODES.has(code) });
}
