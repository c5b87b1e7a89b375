/**
 * @module One OPTIONS transaction over TCP or TLS: connect (timing DNS, connect and TLS), send the
 * request once (reliable transports do not retransmit), and read messages framed by
 * Content-Length until the final response of our transaction, the connection's end or the timeout.
 */
import { isIP, type Socket } from 'node:net';
import type { SecureContext } from 'node:tls';
import { hostPort } from '../net/host-port.js';
import { isTimeout, since, startProbe, timingsOf, type Probe } from '../net/probe.js';
import { netErrorTexts } from '../net/texts.js';
import { timedConnect } from '../net/timed-connect.js';
import type { ExchangeTarget, SipExchange } from './exchange.js';
import { buildOptions, defaultFromUri, defaultRequestUri, newTransactionIds, type TransactionIds } from './sip-message.js';
import { answersTransaction, parseResponse, SipStreamFramer } from './sip-response.js';

/** TLS settings for the `tls` transport; `undefined` for plain TCP. */
export interface StreamTls {
  verify: boolean;
  secureContext: SecureContext | undefined;
}

/** Sends OPTIONS over TCP (or TLS when `tls` is set) and waits for the final response. */
export async function optionsOverStream(target: ExchangeTarget, tls: StreamTls | undefined, signal: AbortSignal, timeoutMs: number): Promise<SipExchange> {
  const probe = startProbe(isIP(target.host) === 0 ? 'dns' : 'connect');
  let socket: Socket | undefined;
  try {
    socket = await timedConnect(
      {
        host: target.host,
        port: target.port,
        tls: tls ? { servername: isIP(target.host) === 0 ? target.host : undefined, rejectUnauthorized: tls.verify, secureContext: tls.secureContext } : undefined,
      },
      probe,
      signal,
    );
    probe.phase = 'headers';
    const local = socket.localAddress ?? '127.0.0.1';
    const ids = newTransactionIds(local);
    const request = buildOptions({
      transport: tls ? 'tls' : 'tcp',
      requestUri: target.requestUri ?? defaultRequestUri(target.host, target.port),
      fromUri: target.fromUri ?? defaultFromUri(local),
      localAddress: local,
      localPort: socket.localPort ?? 0,
      ids,
      userAgent: target.userAgent,
    });
    return await exchange(socket, request, ids, target, { probe, signal, timeoutMs });
  } catch (error) {
    if (signal.aborted) return abortedOutcome(signal, probe, timeoutMs, 0, hostPort(target.host, target.port));
    return { kind: 'failed', texts: netErrorTexts(error, probe.phase, target.host, target.port), timings: timingsOf(probe) };
  } finally {
    socket?.destroy();
  }
}

function abortedOutcome(signal: AbortSignal, probe: Probe, timeoutMs: number, transmissions: number, where: string): SipExchange {
  const timings = timingsOf(probe);
  if (!isTimeout(signal, probe.start, timeoutMs)) return { kind: 'cancelled', timings };
  if (transmissions > 0) return { kind: 'no-answer', transmissions, timings, provisional: undefined };
  const texts =
    probe.phase === 'tls'
      ? { en: `the TLS handshake with ${where} did not finish within ${timeoutMs} ms`, fr: `la négociation TLS avec ${where} n’a pas abouti en ${timeoutMs} ms` }
      : { en: `no connection to ${where} within ${timeoutMs} ms`, fr: `pas de connexion à ${where} en ${timeoutMs} ms` };
  return { kind: 'failed', texts, timings };
}

interface StreamClock {
  probe: Probe;
  signal: AbortSignal;
  timeoutMs: number;
}

function exchange(socket: Socket, request: string, ids: TransactionIds, target: ExchangeTarget, clock: StreamClock): Promise<SipExchange> {
  const { probe, signal } = clock;
  const framer = new SipStreamFramer();
  const sentAt = performance.now();
  return new Promise((resolveExchange) => {
    const finish = (outcome: SipExchange) => {
      signal.removeEventListener('abort', onAbort);
      socket.off('data', onData).off('error', onError).off('close', onClose);
      resolveExchange(outcome);
    };
    const failed = (en: string, fr: string) => finish({ kind: 'failed', texts: { en, fr }, timings: timingsOf(probe) });
    const onData = (chunk: Buffer) => {
      let messages: string[];
      try {
        messages = framer.push(chunk);
      } catch (error) {
        return failed(`unreadable SIP stream from ${hostPort(target.host, target.port)}: ${(error as Error).message}`, `flux SIP illisible de ${hostPort(target.host, target.port)} : ${(error as Error).message}`);
      }
      for (const message of messages) {
        const response = parseResponse(message);
        if (!response || !answersTransaction(response, ids)) continue;
        if (response.code < 200) {
          probe.firstByte ??= since(sentAt);
          continue;
        }
        const timings = timingsOf(probe);
        timings.response = since(sentAt);
        return finish({ kind: 'response', response, transmissions: 1, timings });
      }
    };
    const where = hostPort(target.host, target.port);
    const onError = (error: Error) => finish({ kind: 'failed', texts: netErrorTexts(error, 'headers', target.host, target.port), timings: timingsOf(probe) });
    const onClose = () => failed(`${where} closed the connection without answering OPTIONS`, `${where} a fermé la connexion sans répondre à OPTIONS`);
    const onAbort = () => finish(abortedOutcome(signal, probe, clock.timeoutMs, 1, where));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    socket.on('data', onData).on('error', onError).on('close', onClose);
    socket.write(request);
  });
}
