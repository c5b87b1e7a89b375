/**
 * @module An in-test authoritative DNS server over UDP and TCP on 127.0.0.1 (ephemeral port),
 * built on dns-packet. Its zone (records by name + type, any section) and its behaviour
 * (RCODE, drop, delay, truncation, stray packets, header flags) can be changed while it runs.
 *
 * Resolution is simple and generic: exact name + type match; a CNAME at the name is returned
 * and followed inside the zone; a name with no record at all is NXDOMAIN, a known name without
 * the type is NOERROR with an empty answer (NODATA). A custom `handler` can take over entirely
 * (e.g. referrals with NS in the authority section and glue in the additional section).
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Server, type Socket } from 'node:net';
import * as packet from 'dns-packet';
import type { Answer, DecodedPacket, Packet, Question } from 'dns-packet';

/** A record as stored in the zone; `section` defaults to `answers`. */
export type ZoneRecord = Answer & { section?: 'answers' | 'authorities' | 'additionals' };

/** How the server treats a query (per name, or for all names). */
export interface Behaviour {
  /** Answer with this RCODE and no records. */
  rcode?: 'NXDOMAIN' | 'SERVFAIL' | 'REFUSED' | 'NOTIMP' | 'FORMERR';
  /** Never answer (the client times out). */
  drop?: boolean;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Over UDP, answer with the TC flag and no records, so the client retries over TCP. */
  truncateUdp?: boolean;
  /** Before the real answer, send packets that must be ignored (wrong id, wrong question). */
  sendStray?: boolean;
  /** Answer only from the Nth UDP query of a given id on (1 = first), to test retransmission. */
  answerFromAttempt?: number;
}

/** Header flags set on every response. */
export interface ServerFlags {
  authoritative: boolean;
  recursionAvailable: boolean;
}

/** A query as the server saw it. */
export interface SeenQuery {
  id: number;
  name: string;
  type: string;
  transport: 'udp' | 'tcp';
  recursionDesired: boolean;
}

type Transport = 'udp' | 'tcp';
/** A full override: return a response packet (id and question are filled in) or `undefined` to fall through. */
export type QueryHandler = (question: Question, query: DecodedPacket, transport: Transport) => Packet | undefined;

const RCODES: Record<NonNullable<Behaviour['rcode']>, number> = { FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 };

const key = (name: string) => name.toLowerCase().replace(/\.$/, '');

/** A running test DNS server. Create it with {@link startDnsServer}. */
export class DnsTestServer {
  readonly address = '127.0.0.1';
  readonly queries: SeenQuery[] = [];
  flags: ServerFlags = { authoritative: true, recursionAvailable: false };
  handler: QueryHandler | undefined;
  private readonly records: ZoneRecord[] = [];
  private readonly behaviours = new Map<string, Behaviour>();
  private readonly attempts = new Map<number, number>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly udp: UdpSocket,
    private readonly tcp: Server,
    readonly port: number,
  ) {
    udp.on('message', (msg, rinfo) => this.onUdp(msg, rinfo.address, rinfo.port));
    tcp.on('connection', (socket) => this.onTcp(socket));
  }

  /** `127.0.0.1:port`, the form the dns check's `resolvers` accept. */
  get hostPort(): string {
    return `${this.address}:${this.port}`;
  }

  /** Adds records to the zone. */
  add(...records: ZoneRecord[]): this {
    this.records.push(...records);
    return this;
  }

  /** Replaces every record of this name and type (all sections) with the given ones. */
  set(name: string, type: Answer['type'], records: ZoneRecord[]): this {
    this.remove(name, type);
    return this.add(...records);
  }

  /** Removes the records of a name (and type, when given). */
  remove(name: string, type?: Answer['type']): this {
    for (let i = this.records.length - 1; i >= 0; i--) {
      const r = this.records[i]!;
      if (key(r.name) === key(name) && (type === undefined || r.type === type)) this.records.splice(i, 1);
    }
    return this;
  }

  /** Empties the zone and forgets behaviours and the query log. */
  reset(): this {
    this.records.length = 0;
    this.behaviours.clear();
    this.queries.length = 0;
    this.handler = undefined;
    this.flags = { authoritative: true, recursionAvailable: false };
    return this;
  }

  /** Sets the behaviour for one name, or for every name with `'*'`; `undefined` clears it. */
  behave(name: string, behaviour: Behaviour | undefined): this {
    if (behaviour) this.behaviours.set(name === '*' ? '*' : key(name), behaviour);
    else this.behaviours.delete(name === '*' ? '*' : key(name));
    return this;
  }

  /** Stops both listeners and pending delayed answers. */
  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const s of this.sockets) s.destroy();
    await Promise.all([
      new Promise<void>((resolve) => this.udp.close(() => resolve())),
      new Promise<void>((resolve) => this.tcp.close(() => resolve())),
    ]);
  }

  private behaviourFor(name: string): Behaviour {
    return this.behaviours.get(key(name)) ?? this.behaviours.get('*') ?? {};
  }

  private later(ms: number, fn: () => void): void {
    if (ms <= 0) return fn();
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  private decode(buf: Buffer): DecodedPacket | undefined {
    try {
      const query = packet.decode(buf);
      return query.type === 'query' && query.questions?.[0] ? query : undefined;
    } catch {
      return undefined;
    }
  }

  private onUdp(msg: Buffer, address: string, port: number): void {
    const query = this.decode(msg);
    if (!query) return;
    const q = query.questions![0]!;
    this.log(query, q, 'udp');
    const b = this.behaviourFor(q.name);
    const attempt = (this.attempts.get(query.id ?? 0) ?? 0) + 1;
    this.attempts.set(query.id ?? 0, attempt);
    if (b.drop || attempt < (b.answerFromAttempt ?? 1)) return;
    const send = (p: Packet) => this.udp.send(packet.encode(p), port, address);
    this.later(b.delayMs ?? 0, () => {
      if (b.sendStray) {
        send({ ...this.respond(query, q, 'udp'), id: ((query.id ?? 0) + 1) % 65_536 });
        send({ ...this.respond(query, q, 'udp'), questions: [{ ...q, name: `stray.${q.name}` }] });
      }
      const response = b.truncateUdp ? this.truncated(query, q) : this.respond(query, q, 'udp');
      send(response);
    });
  }

  private onTcp(socket: Socket): void {
    let buffered = Buffer.alloc(0);
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
        const length = buffered.readUInt16BE(0);
        const query = this.decode(buffered.subarray(2, 2 + length));
        buffered = buffered.subarray(2 + length);
        if (!query) continue;
        const q = query.questions![0]!;
        this.log(query, q, 'tcp');
        const b = this.behaviourFor(q.name);
        if (b.drop) continue;
        this.later(b.delayMs ?? 0, () => {
          if (!socket.destroyed) socket.write(packet.streamEncode(this.respond(query, q, 'tcp')));
        });
      }
    });
  }

  private log(query: DecodedPacket, q: Question, transport: Transport): void {
    this.queries.push({ id: query.id ?? 0, name: q.name, type: q.type, transport, recursionDesired: query.flag_rd });
  }

  private header(query: DecodedPacket, q: Question, rcode = 0): Packet {
    let flags = rcode;
    if (this.flags.authoritative) flags |= packet.AUTHORITATIVE_ANSWER;
    if (this.flags.recursionAvailable) flags |= packet.RECURSION_AVAILABLE;
    if (query.flag_rd) flags |= packet.RECURSION_DESIRED;
    return { type: 'response', id: query.id ?? 0, flags, questions: [q], answers: [], authorities: [], additionals: [] };
  }

  private truncated(query: DecodedPacket, q: Question): Packet {
    const head = this.header(query, q);
    return { ...head, flags: (head.flags ?? 0) | packet.TRUNCATED_RESPONSE };
  }

  /** Builds the response from the behaviour, the handler and the zone. */
  private respond(query: DecodedPacket, q: Question, transport: Transport): Packet {
    const b = this.behaviourFor(q.name);
    if (b.rcode) return this.header(query, q, RCODES[b.rcode]);
    const custom = this.handler?.(q, query, transport);
    if (custom) return { ...this.header(query, q), ...custom, id: query.id ?? 0, questions: [q] };
    return this.lookup(query, q);
  }

  private lookup(query: DecodedPacket, q: Question): Packet {
    const response = this.header(query, q);
    const sections = { answers: [] as Answer[], authorities: [] as Answer[], additionals: [] as Answer[] };
    let name = key(q.name);
    for (let hops = 0; hops < 8; hops++) {
      const atName = this.records.filter((r) => key(r.name) === name);
      if (atName.length === 0) {
        if (hops === 0) return this.header(query, q, RCODES.NXDOMAIN);
        break;
      }
      const cname = atName.find((r) => r.type === 'CNAME' && (r.section ?? 'answers') === 'answers');
      const matching = atName.filter((r) => r.type === q.type || (cname && r === cname));
      for (const { section, ...record } of matching) sections[section ?? 'answers'].push(record as Answer);
      if (!cname || q.type === 'CNAME') break;
      name = key((cname as { data: string }).data);
    }
    return { ...response, ...sections };
  }
}

/** Starts a server on 127.0.0.1 with the same ephemeral port for UDP and TCP. */
export async function startDnsServer(records: ZoneRecord[] = []): Promise<DnsTestServer> {
  for (let tries = 0; tries < 10; tries++) {
    const udp = createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind(0, '127.0.0.1', () => resolve());
    });
    const port = udp.address().port;
    const tcp = createServer();
    const listening = await new Promise<boolean>((resolve) => {
      tcp.once('error', () => resolve(false));
      tcp.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (listening) return new DnsTestServer(udp, tcp, port).add(...records);
    udp.close();
  }
  throw new Error('could not bind a UDP and TCP port pair on 127.0.0.1 after 10 tries');
}
