/**
 * @module One LDAP session, step by step — connect, TLS (ldaps:// or StartTLS), bind, search —
 * timing each step. ldapts cannot be cancelled, so the sockets it opens are tracked and
 * destroyed when the check's signal aborts.
 */
import { isIP, type Socket } from 'node:net';
import { connect as netConnect } from 'node:net';
import { connect as tlsConnect, rootCertificates, type ConnectionOptions } from 'node:tls';
import { Client } from 'ldapts';
import type { PhaseTimings } from '../types.js';
import { since } from '../net/probe.js';
import { parseLdapUrl, type LdapConfig } from './ldap.schema.js';

/** The steps of a session, in order. */
export type LdapStep = 'connect' | 'tls' | 'bind' | 'search';

/** How a session ended. */
export type LdapOutcome =
  | { kind: 'done'; entries: number | undefined; atLeast: boolean; timings: PhaseTimings }
  | { kind: 'failed'; step: LdapStep; error: unknown; timings: PhaseTimings }
  | { kind: 'aborted'; step: LdapStep; timings: PhaseTimings };

interface Session {
  step: LdapStep;
  /** ldaps:// (TLS from the first byte). */
  secure: boolean;
  started: number;
  /** `performance.now()` when the connection became usable (after TLS for ldaps://). */
  readyAt?: number;
  timings: PhaseTimings;
  sockets: Socket[];
}

function tlsOptions(config: LdapConfig, host: string): ConnectionOptions {
  return {
    host,
    ...(isIP(host) === 0 ? { servername: host } : {}),
    rejectUnauthorized: config.verify_tls,
    ...(config.ca ? { ca: [...rootCertificates, config.ca] } : {}),
  };
}

/** An ldapts client whose sockets are tracked and whose connect and TLS times are recorded. */
function trackedClient(config: LdapConfig, session: Session, timeoutMs: number): Client {
  const endpoint = parseLdapUrl(config.url)!;
  const track = <S extends Socket>(socket: S): S => {
    tracked(session, socket);
    socket.once('connect', () => {
      session.timings.connect = since(session.started);
      if (!endpoint.secure) session.readyAt = performance.now();
    });
    socket.once('secureConnect', () => {
      session.timings.tls = Math.round((since(session.started) - (session.timings.connect ?? 0)) * 10) / 10;
      session.readyAt = performance.now();
    });
    return socket;
  };
  return new Client({
    url: config.url,
    timeout: timeoutMs,
    connectTimeout: timeoutMs,
    strictDN: false,
    // ldapts treats any tlsOptions as "connect with TLS": only give them for ldaps://.
    ...(endpoint.secure ? { tlsOptions: tlsOptions(config, endpoint.host) } : {}),
    createConnection: ((port: number, host: string) => track(netConnect(port, host))) as typeof netConnect,
    createSecureConnection: ((...args: unknown[]) =>
      typeof args[0] === 'number'
        ? track(tlsConnect(args[0], args[1] as string, args[2] as ConnectionOptions))
        : tracked(session, tlsConnect(args[0] as ConnectionOptions))) as typeof tlsConnect,
  });
}

/** Adds a socket to those destroyed on abort (the StartTLS socket, timed by its step). */
function tracked<S extends Socket>(session: Session, socket: S): S {
  session.sockets.push(socket);
  return socket;
}

/** Runs one step and records its duration, leaving out the connection set up inside it. */
async function timed<T>(session: Session, step: LdapStep, run: () => Promise<T>): Promise<T> {
  session.step = step;
  const started = performance.now();
  const value = await run();
  session.timings[step] = (session.timings[step] ?? 0) + since(Math.max(started, session.readyAt ?? started));
  return value;
}

async function steps(client: Client, config: LdapConfig, session: Session): Promise<{ entries: number | undefined; atLeast: boolean }> {
  const endpoint = parseLdapUrl(config.url)!;
  if (config.starttls) await timed(session, 'tls', () => client.startTLS(tlsOptions(config, endpoint.host)));
  if (config.bind_dn !== undefined) await timed(session, 'bind', () => client.bind(config.bind_dn!, config.password));
  const search = config.search ?? { base: '', filter: '(objectClass=*)', scope: 'base' as const, min_entries: 0 };
  // Ask for one entry more than needed: enough to judge, light on a large directory. Getting that
  // many back means "at least that many" (ldapts returns them without the size-limit status).
  const sizeLimit = search.min_entries + 1;
  const found = await timed(session, 'search', () => client.search(search.base, { scope: search.scope, filter: search.filter, attributes: ['1.1'], sizeLimit }));
  const count = found.searchEntries.length;
  return { entries: config.search ? count : undefined, atLeast: count >= sizeLimit };
}

/**
 * Runs the session; without `search` a base-scope read of the root DSE proves the server answers
 * LDAP, not only TCP. Connect happens inside the first step, so its failures are `connect`.
 */
export async function runLdapSession(config: LdapConfig, signal: AbortSignal, timeoutMs: number): Promise<LdapOutcome> {
  const session: Session = { step: 'connect', secure: parseLdapUrl(config.url)!.secure, started: performance.now(), timings: { total: 0 }, sockets: [] };
  const client = trackedClient(config, session, timeoutMs);
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<LdapOutcome>((resolve) => {
    onAbort = () => {
      session.sockets.forEach((socket) => socket.destroy());
      resolve({ kind: 'aborted', step: connectedStep(session), timings: { ...session.timings, total: since(session.started) } });
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  const work = steps(client, config, session).then(
    (found): LdapOutcome => ({ kind: 'done', ...found, timings: { ...session.timings, total: since(session.started) } }),
    (error: unknown): LdapOutcome => ({ kind: 'failed', step: connectedStep(session), error, timings: { ...session.timings, total: since(session.started) } }),
  );
  const outcome = await Promise.race([work, aborted]);
  signal.removeEventListener('abort', onAbort!);
  if (outcome.kind !== 'aborted') await politeUnbind(client);
  session.sockets.forEach((socket) => socket.destroy());
  return outcome;
}

/** Unbinds (RFC 4511 4.3), waiting at most 500 ms: the result is already known. */
async function politeUnbind(client: Client): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const cap = new Promise<void>((resolve) => (timer = setTimeout(resolve, 500)));
  await Promise.race([client.unbind().catch(() => undefined), cap]);
  clearTimeout(timer);
}

/** The current step, or `connect` (or `tls` for ldaps://) while the connection is not established. */
function connectedStep(session: Session): LdapStep {
  if (session.timings.connect === undefined) return 'connect';
  if (session.secure && session.timings.tls === undefined) return 'tls';
  return session.step;
}
