/**
 * @module The DNS client of the `dns` and `delegation` checks: one question to one server over
 * UDP (retransmitted within the deadline), retried over TCP when the UDP answer is truncated.
 * It returns the raw RCODE and every section, so the caller can tell NXDOMAIN, SERVFAIL,
 * REFUSED and timeouts apart, and read referrals and glue when asking without recursion.
 */
import { createSocket } from 'node:dgram';
import { randomInt } from 'node:crypto';
import { connect, isIPv6 } from 'node:net';
import * as packet from 'dns-packet';
import type { Answer, DecodedPacket, Packet, RecordType } from 'dns-packet';
import type { Texts } from '../net/texts.js';
import type { Resolver } from './resolver.js';

/** A decoded response that matched the question. */
export interface DnsResponse {
  /** `NOERROR`, `NXDOMAIN`, `SERVFAIL`, `REFUSED`, … */
  rcode: string;
  authoritative: boolean;
  transport: 'udp' | 'tcp';
  answers: Answer[];
  /** The authority section (NS records of a referral, SOA of a negative answer). */
  authorities: Answer[];
  /** The additional section without the EDNS OPT record (glue addresses). */
  additionals: Answer[];
}

/** What asking one resolver gave. */
export type QueryOutcome =
  | { kind: 'response'; response: DnsResponse }
  | { kind: 'timeout'; attempts: number }
  | { kind: 'error'; texts: Texts };

export interface Question {
  name: string;
  type: RecordType;
  /** The RD flag: ask a resolver to recurse (default), or ask a server only what it holds. */
  recursion?: boolean;
}

export interface QueryOptions {
  /** Aborting ends the query with a `timeout` outcome. */
  signal: AbortSignal;
  /** Delay before each UDP retransmission. */
  retransmitMs: number;
  /** UDP sends in all, the first included (default 3). */
  maxAttempts?: number;
}

/** The header + RCODE fields dns-packet decodes but does not type. */
type Decoded = DecodedPacket & { rcode?: string };

function queryPacket(id: number, q: Question): Packet {
  return {
    type: 'query',
    id,
    flags: q.recursion === false ? 0 : packet.RECURSION_DESIRED,
    questions: [{ name: q.name, type: q.type, class: 'IN' }],
    additionals: [{ type: 'OPT', name: '.', udpPayloadSize: 1232, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] }],
  };
}

/** True when a decoded packet is the response to our query (same id and question). */
export function matchesQuery(response: DecodedPacket, id: number, q: Question): boolean {
  const asked = response.questions?.[0];
  return (
    response.type === 'response' &&
    response.id === id &&
    asked !== undefined &&
    asked.type === q.type &&
    asked.name.toLowerCase().replace(/\.$/, '') === q.name.toLowerCase().replace(/\.$/, '')
  );
}

function toResponse(decoded: Decoded, transport: 'udp' | 'tcp'): DnsResponse {
  const additionals = (decoded.additionals ?? []).filter((r) => r.type !== 'OPT');
  return { rcode: decoded.rcode ?? 'NOERROR', authoritative: decoded.flag_aa, transport, answers: decoded.answers ?? [], authorities: decoded.authorities ?? [], additionals };
}

function tryDecode(buf: Buffer): Decoded | undefined {
  try {
    return packet.decode(buf) as Decoded;
  } catch {
    return undefined;
  }
}

type UdpOutcome = QueryOutcome | { kind: 'truncated' };

function queryUdp(resolver: Resolver, q: Question, opts: QueryOptions): Promise<UdpOutcome> {
  const id = randomInt(0, 65_536);
  const query = packet.encode(queryPacket(id, q));
  const maxAttempts = opts.maxAttempts ?? 3;
  const socket = createSocket(isIPv6(resolver.address) ? 'udp6' : 'udp4');
  let attempts = 0;
  let timer: NodeJS.Timeout | undefined;
  let done = false;
  return new Promise<UdpOutcome>((resolve) => {
    const finish = (outcome: UdpOutcome) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      opts.signal.removeEventListener('abort', onAbort);
      socket.close();
      resolve(outcome);
    };
    const onAbort = () => finish({ kind: 'timeout', attempts });
    const send = () => {
      if (done) return;
      attempts += 1;
      socket.send(query);
      if (attempts < maxAttempts) timer = setTimeout(send, opts.retransmitMs);
    };
    socket.on('message', (msg) => {
      const decoded = tryDecode(msg);
      if (!decoded || !matchesQuery(decoded, id, q)) return; // stray or spoofed packet
      finish(decoded.flag_tc ? { kind: 'truncated' } : { kind: 'response', response: toResponse(decoded, 'udp') });
    });
    socket.on('error', (err: NodeJS.ErrnoException) => finish({ kind: 'error', texts: networkTexts(err) }));
    if (opts.signal.aborted) return finish({ kind: 'timeout', attempts });
    opts.signal.addEventListener('abort', onAbort, { once: true });
    // A connected socket only receives the resolver's packets and learns ICMP "port unreachable".
    socket.connect(resolver.port, resolver.address, send);
  });
}

function queryTcp(resolver: Resolver, q: Question, signal: AbortSignal): Promise<QueryOutcome> {
  const id = randomInt(0, 65_536);
  const socket = connect({ host: resolver.address, port: resolver.port });
  let received = Buffer.alloc(0);
  let done = false;
  return new Promise<QueryOutcome>((resolve) => {
    const finish = (outcome: QueryOutcome) => {
      if (done) return;
      done = true;
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(outcome);
    };
    const onAbort = () => finish({ kind: 'timeout', attempts: 1 });
    socket.on('connect', () => socket.write(packet.streamEncode(queryPacket(id, q))));
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk]);
      while (received.length >= 2 && received.length >= 2 + received.readUInt16BE(0)) {
        const length = received.readUInt16BE(0);
        const decoded = tryDecode(received.subarray(2, 2 + length));
        received = received.subarray(2 + length);
        if (decoded && matchesQuery(decoded, id, q)) return finish({ kind: 'response', response: toResponse(decoded, 'tcp') });
      }
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      const why = networkTexts(err);
      finish({ kind: 'error', texts: { en: `over TCP: ${why.en}`, fr: `en TCP : ${why.fr}` } });
    });
    socket.on('close', () => finish({ kind: 'error', texts: { en: 'the server closed the TCP connection without answering', fr: 'le serveur a fermé la connexion TCP sans répondre' } }));
    if (signal.aborted) return finish({ kind: 'timeout', attempts: 1 });
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function networkTexts(err: NodeJS.ErrnoException): Texts {
  if (err.code === 'ECONNREFUSED') return { en: 'connection refused (nothing listens on that port)', fr: 'connexion refusée (aucun service n’écoute sur ce port)' };
  if (err.code === 'EHOSTUNREACH' || err.code === 'ENETUNREACH') return { en: `network unreachable (${err.code})`, fr: `réseau injoignable (${err.code})` };
  return { en: err.message, fr: err.message };
}

/** Asks one server one question; never throws. */
export async function queryResolver(resolver: Resolver, q: Question, opts: QueryOptions): Promise<QueryOutcome> {
  try {
    const udp = await queryUdp(resolver, q, opts);
    if (udp.kind !== 'truncated') return udp;
    return await queryTcp(resolver, q, opts.signal);
  } catch (err) {
    const { message } = err as Error;
    return { kind: 'error', texts: { en: message, fr: message } };
  }
}
