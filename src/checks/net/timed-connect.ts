/**
 * @module Opens a TCP (and optionally TLS) connection while timing each phase into a
 * {@link Probe}: DNS lookup, TCP connect, TLS handshake. Aborting the signal destroys the socket.
 *
 * Happy-eyeballs (`autoSelectFamily`) is kept: every address from the lookup is handed to
 * `net.connect` through a lookup function that answers from the already-measured result.
 */
import { promises as dnsPromises, type LookupAddress } from 'node:dns';
import { connect as netConnect, isIP, type LookupFunction, type Socket } from 'node:net';
import { connect as tlsConnect, type SecureContext, type TLSSocket } from 'node:tls';
import { since, type Probe } from './probe.js';

/** Resolves a host name to its addresses (the default uses the system resolver, like `getaddrinfo`). */
export type Resolve = (hostname: string) => Promise<LookupAddress[]>;

/** The system resolver (`dns.lookup` with every address). */
export const systemResolve: Resolve = (hostname) => dnsPromises.lookup(hostname, { all: true });

/** TLS settings for {@link timedConnect}. */
export interface TlsTarget {
  /** SNI and certificate host name; `undefined` for IP addresses. */
  servername: string | undefined;
  rejectUnauthorized: boolean;
  secureContext: SecureContext | undefined;
  alpn?: string[];
}

/** Where to connect. `host` may be a name or an IP address (IPv6 without brackets). */
export interface ConnectTarget {
  host: string;
  port: number;
  tls: TlsTarget | undefined;
}

/** Removes the brackets of an IPv6 literal as found in URLs (`[::1]` → `::1`). */
export function unbracket(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/**
 * Waits for `event` on the socket; rejects on `error`, `close` or abort (destroying the socket).
 * Listeners are removed either way.
 */
function waitFor(socket: Socket, event: string, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      socket.off(event, onEvent).off('error', onError).off('close', onClose);
      signal.removeEventListener('abort', onAbort);
      if (error) {
        socket.destroy();
        reject(error);
      } else resolve();
    };
    const onEvent = () => done();
    const onError = (error: Error) => done(error);
    const onClose = () => done(Object.assign(new Error('the connection was closed'), { code: 'ECONNRESET' }));
    const onAbort = () => done(abortError(signal));
    if (signal.aborted) return onAbort();
    socket.once(event, onEvent).once('error', onError).once('close', onClose);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('aborted');
}

/** Races a promise with the signal, so an un-cancellable lookup does not hold the probe. */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortError(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => (signal.removeEventListener('abort', onAbort), resolve(value)),
      (error: unknown) => (signal.removeEventListener('abort', onAbort), reject(error)),
    );
  });
}

async function lookupTimed(host: string, probe: Probe, signal: AbortSignal, resolve: Resolve): Promise<LookupFunction | undefined> {
  if (isIP(host) !== 0) return undefined;
  probe.phase = 'dns';
  const started = performance.now();
  const addresses = await raceAbort(resolve(host), signal);
  probe.dns = (probe.dns ?? 0) + since(started);
  if (addresses.length === 0) throw Object.assign(new Error(`no address for ${host}`), { code: 'ENODATA' });
  return ((_name: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options.all) callback(null, addresses);
    else callback(null, addresses[0]!.address, addresses[0]!.family);
  }) as unknown as LookupFunction;
}

/**
 * Connects to the target, recording `dns`, `connect` and `tls` durations into the probe
 * (added to any earlier hop's). Rejects with the Node error of the failing phase.
 */
export async function timedConnect(target: ConnectTarget, probe: Probe, signal: AbortSignal, resolve: Resolve = systemResolve): Promise<Socket | TLSSocket> {
  const lookup = await lookupTimed(target.host, probe, signal, resolve);
  probe.phase = 'connect';
  let started = performance.now();
  const socket = netConnect({ host: target.host, port: target.port, noDelay: true, autoSelectFamily: true, ...(lookup ? { lookup } : {}) });
  await waitFor(socket, 'connect', signal);
  probe.connect = (probe.connect ?? 0) + since(started);
  if (!target.tls) return socket;
  probe.phase = 'tls';
  started = performance.now();
  const { servername, rejectUnauthorized, secureContext, alpn } = target.tls;
  const secure = tlsConnect({
    socket,
    host: target.host,
    rejectUnauthorized,
    ...(servername ? { servername } : {}),
    ...(secureContext ? { secureContext } : {}),
    ...(alpn ? { ALPNProtocols: alpn } : {}),
  });
  try {
    await waitFor(secure, 'secureConnect', signal);
  } catch (error) {
    socket.destroy();
    throw error;
  }
  probe.tls = (probe.tls ?? 0) + since(started);
  return secure;
}
