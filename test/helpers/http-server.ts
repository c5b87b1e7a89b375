/**
 * @module Loopback servers for check tests: HTTP(S) and raw TCP servers on 127.0.0.1 with an
 * ephemeral port, and a tiny DNS server answering A queries from a fixed table (NXDOMAIN
 * otherwise), so name resolution can be tested without leaving the machine.
 */
import { createSocket } from 'node:dgram';
import { promises as dnsPromises, type LookupAddress } from 'node:dns';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import dnsPacket from 'dns-packet';
import type { Pem } from './certs.js';

/** A running loopback server. */
export interface TestServer {
  port: number;
  /** `http://127.0.0.1:<port>` or `https://...`; empty for TCP servers. */
  origin: string;
  /** How many client connections are open right now. */
  openConnections(): number;
  /** How many connections were accepted in total. */
  acceptedConnections(): number;
  /** Stops listening and destroys open connections. */
  close(): Promise<void>;
}

type Closable = { close(cb: () => void): unknown; on(event: 'connection', fn: (s: Socket) => void): unknown; address(): AddressInfo | string | null };

async function listen(server: Closable & { listen(port: number, host: string, cb: () => void): unknown }, scheme: string): Promise<TestServer> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  server.on('connection', (socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    origin: scheme ? `${scheme}://127.0.0.1:${port}` : '',
    openConnections: () => sockets.size,
    acceptedConnections: () => accepted,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Handles one request; may answer late or never. */
export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** Starts an HTTP server on 127.0.0.1 with keep-alive off. */
export function startHttpServer(handler: Handler): Promise<TestServer> {
  const server: Server = createHttpServer({ keepAliveTimeout: 0 }, handler);
  return listen(server, 'http');
}

/** Starts an HTTPS server on 127.0.0.1 presenting the given key and certificate. */
export function startHttpsServer(pem: Pem, handler: Handler): Promise<TestServer> {
  const server = createHttpsServer({ key: pem.key, cert: pem.cert, keepAliveTimeout: 0 }, handler);
  return listen(server, 'https');
}

/** Starts a raw TCP server on 127.0.0.1; `onConnection` drives the conversation. */
export function startTcpServer(onConnection: (socket: Socket) => void): Promise<TestServer> {
  return listen(createNetServer(onConnection), '');
}

/** A running loopback DNS server and a resolver that uses only it. */
export interface TestDns {
  /** Resolves A records through the loopback server (same shape as `dns.lookup` with `all`). */
  resolve(hostname: string): Promise<LookupAddress[]>;
  close(): Promise<void>;
}

/** Starts a UDP DNS server on 127.0.0.1 answering A queries for the names in `records`. */
export async function startDnsServer(records: Record<string, string>): Promise<TestDns> {
  const socket = createSocket('udp4');
  socket.on('message', (message, remote) => {
    const query = dnsPacket.decode(message);
    const question = query.questions?.[0];
    const address = question ? records[question.name.toLowerCase()] : undefined;
    const answers = address && question?.type === 'A' ? [{ name: question.name, type: 'A' as const, ttl: 5, data: address }] : [];
    const NXDOMAIN = 3;
    const reply = dnsPacket.encode({
      id: query.id,
      type: 'response',
      flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE | (address ? 0 : NXDOMAIN),
      questions: query.questions ?? [],
      answers,
    });
    socket.send(reply, remote.port, remote.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const resolver = new dnsPromises.Resolver({ timeout: 2000, tries: 2 });
  resolver.setServers([`127.0.0.1:${socket.address().port}`]);
  return {
    resolve: async (hostname) => (await resolver.resolve4(hostname)).map((address) => ({ address, family: 4 })),
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
