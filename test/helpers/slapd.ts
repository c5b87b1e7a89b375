/**
 * @module A real OpenLDAP server on loopback for the `ldap` check's tests: a temporary
 * slapd.conf-style config, an mdb database loaded with `slapadd`, `ldap://` (and, given a
 * certificate, `ldaps://`) on free 127.0.0.1 ports, run as a managed child and stopped with SIGTERM.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pem } from './certs.js';
import { requireBinary } from './require-binary.js';

export interface SlapdOptions {
  /** The suffix (naming context), e.g. `dc=corp,dc=test`. */
  suffix: string;
  /** The rootdn's password (the rootdn is `cn=admin,<suffix>`). */
  adminPassword: string;
  /** LDIF loaded with slapadd, the suffix entry first. */
  ldif: string;
  /** Certificate for ldaps:// and StartTLS. */
  tls?: Pem;
}

export interface Slapd {
  url: string;
  /** `ldaps://127.0.0.1:<port>` when a certificate was given. */
  ldapsUrl: string | undefined;
  adminDn: string;
  /** Stops slapd (SIGTERM, then SIGKILL) and waits for it to exit. Idempotent. */
  stop(): Promise<void>;
  /** Stops it and removes its files. */
  remove(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.once('exit', () => running.forEach((child) => child.kill('SIGKILL')));

/** slapd and slapadd paths, or `undefined` after a loud skip (a failure under VIGIE_TEST_REQUIRE_ALL=1). */
export function slapdBinaries(suite = 'ldap tests'): { slapd: string; slapadd: string } | undefined {
  const slapd = requireBinary({ name: 'slapd', suite, install: 'apt-get install slapd' });
  const slapadd = slapd ? requireBinary({ name: 'slapadd', suite, install: 'apt-get install slapd' }) : undefined;
  return slapd && slapadd ? { slapd, slapadd } : undefined;
}

function configText(dir: string, options: SlapdOptions): string {
  const lines = [
    ...['core', 'cosine', 'inetorgperson'].map((schema) => `include /etc/ldap/schema/${schema}.schema`),
    'modulepath /usr/lib/ldap',
    'moduleload back_mdb',
    `pidfile ${join(dir, 'slapd.pid')}`,
    `argsfile ${join(dir, 'slapd.args')}`,
    ...(options.tls ? [`TLSCertificateFile ${join(dir, 'cert.pem')}`, `TLSCertificateKeyFile ${join(dir, 'key.pem')}`] : []),
    'database mdb',
    'maxsize 10485760',
    `suffix "${options.suffix}"`,
    `rootdn "cn=admin,${options.suffix}"`,
    `rootpw ${options.adminPassword}`,
    `directory ${join(dir, 'db')}`,
  ];
  return `${lines.join('\n')}\n`;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const done = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await done;
    clearTimeout(killer);
  }
  running.delete(child);
}

/** Spawns slapd and waits (at most 15 s) until it accepts connections; `undefined` if it exited first. */
async function launch(slapd: string, dir: string, urls: string[], port: number): Promise<ChildProcess | undefined> {
  const child = spawn(slapd, ['-f', join(dir, 'slapd.conf'), '-h', urls.join(' '), '-d', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  running.add(child);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      running.delete(child);
      console.warn(`slapd exited (${child.exitCode ?? child.signalCode}): ${stderr.trim()}`);
      return undefined;
    }
    if (await accepts(port)) return child;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stopChild(child);
  throw new Error(`slapd did not accept connections on 127.0.0.1:${port} within 15 s: ${stderr.trim()}`);
}

/** Creates the database, loads the LDIF and starts slapd on free loopback ports (retrying if a port was taken). */
export async function startSlapd(binaries: { slapd: string; slapadd: string }, options: SlapdOptions): Promise<Slapd> {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-slapd-'));
  mkdirSync(join(dir, 'db'));
  if (options.tls) {
    writeFileSync(join(dir, 'cert.pem'), options.tls.cert);
    writeFileSync(join(dir, 'key.pem'), options.tls.key, { mode: 0o600 });
  }
  writeFileSync(join(dir, 'slapd.conf'), configText(dir, options));
  writeFileSync(join(dir, 'data.ldif'), options.ldif);
  execFileSync(binaries.slapadd, ['-q', '-f', join(dir, 'slapd.conf'), '-l', join(dir, 'data.ldif')], { stdio: ['ignore', 'ignore', 'pipe'] });
  for (let attempt = 1; attempt <= 5; attempt++) {
    const port = await freePort();
    const securePort = options.tls ? await freePort() : undefined;
    const urls = [`ldap://127.0.0.1:${port}/`, ...(securePort ? [`ldaps://127.0.0.1:${securePort}/`] : [])];
    const child = await launch(binaries.slapd, dir, urls, port);
    if (!child) continue;
    let stopping: Promise<void> | undefined;
    const stop = () => (stopping ??= stopChild(child));
    return {
      url: `ldap://127.0.0.1:${port}`,
      ldapsUrl: securePort ? `ldaps://127.0.0.1:${securePort}` : undefined,
      adminDn: `cn=admin,${options.suffix}`,
      stop,
      remove: async () => {
        await stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  rmSync(dir, { recursive: true, force: true });
  throw new Error('slapd could not start on free loopback ports after 5 attempts');
}

