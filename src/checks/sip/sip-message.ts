/**
 * @module Builds a well-formed RFC 3261 OPTIONS request: Via with a `z9hG4bK` branch and `rport`,
 * Max-Forwards, From with a tag, To, Call-ID, CSeq, Contact, User-Agent, Accept, Content-Length.
 */
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import type { SipTransport } from './sip.schema.js';

/** The identifiers that tie a response to its request. */
export interface TransactionIds {
  /** The Via branch, starting with the RFC 3261 magic cookie `z9hG4bK`. */
  branch: string;
  /** The From tag. */
  tag: string;
  callId: string;
}

/** Everything an OPTIONS request is made of. */
export interface OptionsRequest {
  transport: SipTransport;
  requestUri: string;
  fromUri: string;
  /** Local address and port as seen by the server (Via sent-by and Contact). */
  localAddress: string;
  localPort: number;
  ids: TransactionIds;
  userAgent: string;
}

/** Fresh random identifiers for one transaction. */
export function newTransactionIds(localAddress: string): TransactionIds {
  const hex = (bytes: number) => randomBytes(bytes).toString('hex');
  return { branch: `z9hG4bK${hex(10)}`, tag: hex(6), callId: `${hex(12)}@${isIP(localAddress) === 6 ? `[${localAddress}]` : localAddress}` };
}

/** `sip:host:port` (brackets around IPv6), the default Request-URI. */
export function defaultRequestUri(host: string, port: number): string {
  return `sip:${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
}

/** `sip:vigie@<local address>`, the default From URI. */
export function defaultFromUri(localAddress: string): string {
  return `sip:vigie@${isIP(localAddress) === 6 ? `[${localAddress}]` : localAddress}`;
}

/** The request text, lines ending with CRLF and an empty body. */
export function buildOptions(request: OptionsRequest): string {
  const { ids } = request;
  const sentBy = `${isIP(request.localAddress) === 6 ? `[${request.localAddress}]` : request.localAddress}:${request.localPort}`;
  const lines = [
    `OPTIONS ${request.requestUri} SIP/2.0`,
    `Via: SIP/2.0/${request.transport.toUpperCase()} ${sentBy};branch=${ids.branch};rport`,
    'Max-Forwards: 70',
    `From: <${request.fromUri}>;tag=${ids.tag}`,
    `To: <${request.requestUri}>`,
    `Call-ID: ${ids.callId}`,
    'CSeq: 1 OPTIONS',
    `Contact: <sip:vigie@${sentBy};transport=${request.transport}>`,
    `User-Agent: ${request.userAgent}`,
    'Accept: application/sdp',
    'Content-Length: 0',
  ];
  return `${lines.join('\r\n')}\r\n\r\n`;
}
