/**
 * @module One OPTIONS transaction over UDP (RFC 3261 section 17.1.2): the request is retransmitted
 * with timer E (T1 = 500 ms, doubling up to T2 = 4 s; every T2 once a 1xx arrived) until a final
 * response or the timeout. Responses are matched by Via branch and Call-ID; anything else is ignored.
 */
import { lookup } from 'node:dns/promises';
import { createSocket, type Socket } from 'node:dgram';
import { isIP } from 'node:net';
import { isTimeout, since } from '../net/probe.js';
import { netErrorTexts } from '../net/texts.js';
import type { ExchangeTarget, SipExchange } from './exchange.js';
import { buildOptions, defaultFromUri, defaultRequestUri, newTransactionIds } from './sip-message.js';
import { answersTransaction, parseResponse } from './sip-response.js';

/** RFC 3261 timer values, in ms. */
export const T1_MS = 500;
export const T2_MS = 4000;

/** The delay before retransmission number `n + 1` after `n` transmissions (timer E). */
export function retransmitDelay(transmissions: number, proceeding: boolean): number {
  return proceeding ? T2_MS : Math.min(T1_MS * 2 ** (transmissions - 1), T2_MS);
}

interface Resolved {
  address: string;
  family: 4 | 6;
}

async function resolve(host: string): Promise<Resolved> {
  const kind = isIP(host);
  if (kind !== 0) return { address: host, family: kind as 4 | 6 };
  const found = await lookup(host);
  return { address: found.address, family: found.family === 6 ? 6 : 4 };
}

/** The local address the system would use towards `remote` (connecting a UDP socket sends nothing). */
function localAddressTowards(remote: Resolved, port: number): Promise<string> {
  return new Promise((resolveAddress, reject) => {
    const probe = createSocket(remote.family === 6 ? 'udp6' : 'udp4');
    probe.once('error', (error) => (probe.close(), reject(error)));
    probe.connect(port, remote.address, () => {
      const { address } = probe.address();
      probe.close();
      resolveAddress(address);
    });
  });
}

/** Rejects as soon as `signal` aborts, so that an un-cancellable lookup does not hold the check. */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolveRace, reject) => {
    const onAbort = () => reject(new Error('aborted'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolveRace, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function bind(socket: Socket, address: string): Promise<void> {
  return new Promise((resolveBind, reject) => {
    socket.once('error', reject);
    socket.bind(0, address, () => (socket.off('error', reject), resolveBind()));
  });
}

/** Sends OPTIONS over UDP and waits for the final response, retransmitting until `signal` aborts. */
export async function optionsOverUdp(target: ExchangeTarget, signal: AbortSignal, timeoutMs: number): Promise<SipExchange> {
  const started = performance.now();
  const timings = { total: 0 } as SipExchange['timings'];
  let socket: Socket | undefined;
  let phase: 'dns' | 'connect' = isIP(target.host) === 0 ? 'dns' : 'connect';
  try {
    const remote = await raceAbort(resolve(target.host), signal);
    if (phase === 'dns') timings.dns = since(started);
    phase = 'connect';
    const local = await localAddressTowards(remote, target.port);
    socket = createSocket(remote.family === 6 ? 'udp6' : 'udp4');
    await bind(socket, local);
    const ids = newTransactionIds(local);
    const request = buildOptions({
      transport: 'udp',
      requestUri: target.requestUri ?? defaultRequestUri(target.host, target.port),
      fromUri: target.fromUri ?? defaultFromUri(local),
      localAddress: local,
      localPort: socket.address().port,
      ids,
      userAgent: target.userAgent,
    });
    return await transact(socket, remote.address, target.port, request, ids, { signal, started, timeoutMs, timings });
  } catch (error) {
    timings.total = since(started);
    if (signal.aborted && !isTimeout(signal, started, timeoutMs)) return { kind: 'cancelled', timings };
    if (signal.aborted) {
      const texts = { en: `DNS lookup of "${target.host}" did not finish within ${timeoutMs} ms`, fr: `la résolution DNS de « ${target.host} » n’a pas abouti en ${timeoutMs} ms` };
      return { kind: 'failed', texts, timings };
    }
    return { kind: 'failed', texts: netErrorTexts(error, phase, target.host, target.port), timings };
  } finally {
    socket?.close();
  }
}

interface Clock {
  signal: AbortSignal;
  started: number;
  timeoutMs: number;
  timings: SipExchange['timings'];
}

function transact(socket: Socket, address: string, port: number, request: string, ids: ReturnType<typeof newTransactionIds>, clock: Clock): Promise<SipExchange> {
  const { signal, timings } = clock;
  const sentAt = performance.now();
  let transmissions = 0;
  let provisional: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  return new Promise((resolveExchange) => {
    const finish = (outcome: SipExchange) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      socket.off('message', onMessage);
      timings.total = since(clock.started);
      resolveExchange(outcome);
    };
    const send = () => {
      transmissions++;
      socket.send(request, port, address);
      timer = setTimeout(send, retransmitDelay(transmissions, provisional !== undefined));
    };
    const onMessage = (datagram: Buffer) => {
      const response = parseResponse(datagram.toString('utf8'));
      if (!response || !answersTransaction(response, ids)) return; // a stray packet
      if (response.code < 200) {
        if (provisional === undefined) timings.firstByte = since(sentAt);
        provisional = response.code;
        return;
      }
      timings.response = since(sentAt);
      finish({ kind: 'response', response, transmissions, timings });
    };
    const onAbort = () =>
      finish(isTimeout(signal, clock.started, clock.timeoutMs) ? { kind: 'no-answer', transmissions, timings, provisional } : { kind: 'cancelled', timings });
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    socket.on('message', onMessage);
    socket.on('error', () => undefined); // ICMP errors are not reported on unconnected sockets; keep retransmitting
    send();
  });
}
