/**
 * @module A local WHOIS server for tests (RFC 3912 over TCP on 127.0.0.1): reads one query line,
 * writes the scripted answer for it and closes. Answers can be changed while it runs.
 */
import { startTcpServer, type TestServer } from './http-server.js';

/** A running WHOIS server. */
export interface WhoisServer {
  port: number;
  /** Sets the answer for a query (matched case-insensitively, without CRLF). */
  set(query: string, answer: string | { delayMs: number; answer: string }): void;
  /** The query lines received, in order. */
  queries: string[];
  close(): Promise<void>;
}

/** Starts a WHOIS server; unknown queries get the `notFound` text. */
export async function startWhoisServer(notFound = 'No match for domain.\r\n'): Promise<WhoisServer> {
  const answers = new Map<string, string | { delayMs: number; answer: string }>();
  const queries: string[] = [];
  const server: TestServer = await startTcpServer((socket) => {
    let buffer = '';
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const end = buffer.indexOf('\r\n');
      if (end < 0) return;
      const query = buffer.slice(0, end);
      queries.push(query);
      const scripted = answers.get(query.toLowerCase()) ?? notFound;
      if (typeof scripted === 'string') return void socket.end(scripted);
      const timer = setTimeout(() => socket.end(scripted.answer), scripted.delayMs);
      socket.on('close', () => clearTimeout(timer));
    });
  });
  return {
    port: server.port,
    set: (query, answer) => answers.set(query.toLowerCase(), answer),
    queries,
    close: () => server.close(),
  };
}

/** A Verisign / ICANN-format answer. */
export function icannWhois(opts: { name: string; status: string[]; expiry: string; registrar: string; nameservers: string[]; dnssec?: string; updated?: string }): string {
  const lines = [
    `   Domain Name: ${opts.name.toUpperCase()}`,
    '   Registry Domain ID: 2336799_DOMAIN_COM-VRSN',
    '   Registrar WHOIS Server: whois.example-registrar.test',
    '   Registrar URL: http://www.example-registrar.test',
    `   Updated Date: ${opts.updated ?? '2025-08-14T07:01:34Z'}`,
    '   Creation Date: 1995-08-14T04:00:00Z',
    `   Registry Expiry Date: ${opts.expiry}`,
    `   Registrar: ${opts.registrar}`,
    '   Registrar IANA ID: 9999',
    ...opts.status.map((s) => `   Domain Status: ${s} https://icann.org/epp#${s}`),
    ...opts.nameservers.map((ns) => `   Name Server: ${ns.toUpperCase()}`),
    `   DNSSEC: ${opts.dnssec ?? 'unsigned'}`,
    '   URL of the ICANN Whois Inaccuracy Complaint Form: https://www.icann.org/wicf/',
    '>>> Last update of whois database: 2026-01-30T00:00:00Z <<<',
    '',
    'NOTICE: The expiration date displayed in this record is the date the',
    "registrar's sponsorship of the domain name registration in the registry is",
    'currently set to expire. TERMS OF USE: You are not authorized to access or query our Whois',
    'database through the use of electronic processes that are high-volume.',
  ];
  return `${lines.join('\r\n')}\r\n`;
}

/** An AFNIC-format (`.fr`) answer: RIPE-style blocks. */
export function afnicWhois(opts: { name: string; status: string; eppstatus?: string[]; hold?: 'YES' | 'NO'; expiry: string; registrar: string; nameservers: string[] }): string {
  const pad = (key: string) => `${key}:`.padEnd(31);
  const lines = [
    '%%',
    '%% This is the AFNIC Whois server.',
    '%%',
    '',
    `${pad('domain')}${opts.name}`,
    `${pad('status')}${opts.status}`,
    ...(opts.eppstatus ?? []).map((s) => `${pad('eppstatus')}${s}`),
    `${pad('hold')}${opts.hold ?? 'NO'}`,
    `${pad('holder-c')}ANO00-FRNIC`,
    `${pad('registrar')}${opts.registrar}`,
    `${pad('Expiry Date')}${opts.expiry}`,
    `${pad('created')}2004-03-01T10:00:00Z`,
    `${pad('last-update')}2025-12-01T08:30:00Z`,
    `${pad('source')}FRNIC`,
    '',
    `${pad('ns-list')}NSL1234-FRNIC`,
    ...opts.nameservers.map((ns) => `${pad('nserver')}${ns} [192.0.2.1]`),
    `${pad('source')}FRNIC`,
    '',
    `${pad('registrar')}${opts.registrar}`,
    `${pad('address')}1 rue de l'Exemple`,
    `${pad('country')}FR`,
    `${pad('source')}FRNIC`,
  ];
  return `${lines.join('\n')}\n`;
}
