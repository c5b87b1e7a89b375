/**
 * @module One question to one name server, with or without recursion, returning every section
 * of the response (answer, authority, additional) so referrals and glue can be read.
 *
 * UDP retransmitted within the deadline, TCP when the UDP answer is truncated. The dns check's
 * client (`../dns/dns-client.ts`) always sets RD=1 and keeps only the answer section, which is
 * what a stub resolver needs but not what asking a parent zone needs.
 */
import { createSocket } from 'node:dgram';
import { randomInt } from 'node:crypto';
import { connect, isIPv6 } from 'node:net';
import * as packet from 'dns-packet';
import type { Answer, DecodedPacket, Packet, RecordType } from 'dns-packet';
import { matchesQuery } from '../dns/dns-client.js';
import type { Resolver } from '../dns/resolver.js';

/** A decoded response with all its sections. */
export interface FullResponse {
  rcode: string;
  authoritative: boolean;
  transport: 'udp' | 'tcp';
  answers: Answer[];
  authorities: Answer[];
  additionals: Answer[];
}

/** What asking one server gave. */
export type DirectOutcome =
  | { kind: 'response'; response: FullResponse }
  | { kind: 'timeout' }
  | { kind: 'error'; message: string };

/** One question, and whether recursion is desired (RD flag). */
export interface DirectQuestion {
  name: string;
  type: RecordType;
  recursion: boolean;
}

type Decoded = DecodedPacket & { rcode?: string };

function queryPacket(id: number, q: DirectQuestion): Packet {
  return {
    type: 'query',
    id,
    flags: q.recursion ? packet.RECURSION_DESIRED : 0,
    questions: [{ name: q.name, type: q.type, class: 'IN' }],
    additionals: [{ type: 'OPT', name: '.', udpPayloadSize: 1232, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] }],
  };
}

function decode(buf: Buffer): Decoded | undefined {
  try {
    return packet.decode(buf) as Decoded;
  } catch {
    return undefined;
  }
}

function toResponse(d: Decoded, transport: 'udp' | 'tcp'): FullResponse {
  const withoutOpt = (d.additionals ?? []).filter((r) => r.type !== 'OPT');
  return { rcode: d.rcode ?? 'NOERROR', authoritative: d.flag_aa, transport, answers: d.answers ?? [], authorities: d.authorities ?? [], additionals: withoutOpt };
}

function errorText(err: NodeJS.ErrnoException): string {
  return err.code === 'ECONNREFUSED' ? 'connection refused (nothing listens on that port)' : err.message;
}

/** Runs `start(finish)` until `finish` is called once; aborting the signal finishes with a timeout. */
function settle<T>(signal: AbortSignal, onTimeout: T, cleanup: () => void, start: (finish: (v: T) => void) => void): Promise<T> {
  return new Promise<T>((resolve) => {
    let done = false;
    const finish = (value: T) => {
      if (done) return;
      done = true;
      signal.removeEventListener('abort', onAbort);
      cleanup();
      resolve(value);
    };
    const onAbort = () => finish(onTimeout);
    if (signal.aborted) return finish(onTimeout);
    signal.addEventListener('abort', onAbort, { once: true });
    start(finish);
  });
}

type UdpOutcome = DirectOutcome | { kind: 'truncated' };

function askUdp(server: Resolver, q: DirectQuestion, signal: AbortSignal, retransmitMs: number): Promise<UdpOutcome> {
  const id = randomInt(0, 65_536);
  const query = packet.encode(queryPacket(id, q));
  const socket = createSocket(isIPv6(server.address) ? 'udp6' : 'udp4');
  let timer: NodeJS.Timeout | undefined;
  const cleanup = () => {
    clearTimeout(timer);
    socket.close();
  };
  return settle<UdpOutcome>(signal, { kind: 'timeout' }, cleanup, (finish) => {
    let attempts = 0;
    const send = () => {
      attempts += 1;
      socket.send(query);
      if (attempts < 3) timer = setTimeout(send, retransmitMs);
    };
    socket.on('message', (msg) => {
      const d = decode(msg);
      if (!d || !matchesQuery(d, id, q)) return;
      finish(d.flag_tc ? { kind: 'truncated' } : { kind: 'response', response: toResponse(d, 'udp') });
    });
    socket.on('error', (err: NodeJS.ErrnoException) => finish({ kind: 'error', message: errorText(err) }));
    socket.connect(server.port, server.address, send);
  });
}

function askTcp(server: Resolver, q: DirectQuestion, signal: AbortSignal): Promise<DirectOutcome> {
  const id = randomInt(0, 65_536);
  const socket = connect({ host: server.address, port: server.port });
  let received = Buffer.alloc(0);
  return settle<DirectOutcome>(signal, { kind: 'timeout' }, () => socket.destroy(), (finish) => {
    socket.on('connect', () => socket.write(packet.streamEncode(queryPacket(id, q))));
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk]);
      while (received.length >= 2 && received.length >= 2 + received.readUInt16BE(0)) {
        const length = received.readUInt16BE(0);
        const d = decode(received.subarray(2, 2 + length));
        received = received.subarray(2 + length);
        if (d && matchesQuery(d, id, q)) return finish({ kind: 'response', response: toResponse(d, 'tcp') });
      }
    });
    socket.on('error', (err: NodeJS.ErrnoException) => finish({ kind: 'error', message: `over TCP: ${errorText(err)}` }));
    socket.on('close', () => finish({ kind: 'error', message: 'the server closed the TCP connection without answering' }));
  });
}

/** Asks one server one question within `timeoutMs` (and before `signal` fires); never throws. */
export async function askServer(server: Resolver, q: DirectQuestion, signal: AbortSignal, timeoutMs: number): Promise<DirectOutcome> {
  const deadline = AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]);
  try {
    const udp = await askUdp(server, q, deadline, Math.max(50, Math.floor(timeoutMs / 3)));
    return udp.kind === 'truncated' ? await askTcp(server, q, deadline) : udp;
  } catch (err) {
    return { kind: 'error', message: (err as Error).message };
  }
}

/** A readable reason for an outcome that is not a NOERROR response, or `undefined`. */
export function outcomeProblem(outcome: DirectOutcome, timeoutMs: number): string | undefined {
  if (outcome.kind === 'timeout') return `no answer within ${timeoutMs} ms`;
  if (outcome.kind === 'error') return outcome.message;
  return outcome.response.rcode === 'NOERROR' ? undefined : outcome.response.rcode;
}
