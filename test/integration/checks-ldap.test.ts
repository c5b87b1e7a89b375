/**
 * @module The ldap check against a real OpenLDAP slapd on 127.0.0.1 (ldap://, ldaps:// and
 * StartTLS with a test certificate), and against a TCP server that accepts but never answers.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ldapCheck } from '../../src/checks/ldap/index.js';
import type { CheckResult } from '../../src/checks/types.js';
import type { LdapConfig } from '../../src/checks/ldap/ldap.schema.js';
import { parseConfigFiles } from '../../src/config/load-config.js';
import { toDefinition } from '../../src/monitors/monitor.schema.js';
import { makeChain, type Pem } from '../helpers/certs.js';
import { slapdBinaries, startSlapd, type Slapd } from '../helpers/slapd.js';

const binaries = slapdBinaries();
const SUFFIX = 'dc=corp,dc=test';
const SERVICE_DN = `uid=svc-vigie,ou=people,${SUFFIX}`;
const SERVICE_PASSWORD = 'S3rvice-pass';

function person(uid: string, password: string): string {
  return `dn: uid=${uid},ou=people,${SUFFIX}\nobjectClass: inetOrgPerson\nuid: ${uid}\ncn: ${uid}\nsn: ${uid}\nuserPassword: ${password}\n`;
}

function server(name: string): string {
  return `dn: cn=${name},ou=servers,${SUFFIX}\nobjectClass: device\ncn: ${name}\n`;
}

const LDIF = [
  `dn: ${SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\ndc: corp\no: Corp\n`,
  `dn: ou=people,${SUFFIX}\nobjectClass: organizationalUnit\nou: people\n`,
  `dn: ou=servers,${SUFFIX}\nobjectClass: organizationalUnit\nou: servers\n`,
  person('svc-vigie', SERVICE_PASSWORD),
  person('alice', 'alice-pass'),
  person('bob', 'bob-pass'),
  server('dc1'),
  server('dc2'),
].join('\n');

async function check(input: Record<string, unknown>, timeoutMs = 5000): Promise<CheckResult> {
  const config = ldapCheck.schema.parse(input);
  return ldapCheck.run(config, { signal: AbortSignal.timeout(timeoutMs), timeoutMs });
}

describe.skipIf(!binaries)('ldap check against slapd', () => {
  let slapd: Slapd;
  let chain: { ca: Pem; leaf: Pem };
  const bind = () => ({ url: slapd.url, bind_dn: SERVICE_DN, password: SERVICE_PASSWORD });

  beforeAll(async () => {
    chain = makeChain({ commonName: 'localhost', altNames: ['localhost', '127.0.0.1'] });
    slapd = await startSlapd(binaries!, { suffix: SUFFIX, adminPassword: 'admin-pass', ldif: LDIF, tls: chain.leaf });
  });
  afterAll(async () => {
    await slapd?.remove();
  });

  it('is up when the server answers an anonymous root DSE read', async () => {
    const result = await check({ url: slapd.url });
    expect(result.status, result.message).toBe('up');
    expect(result.message).toMatch(/^the LDAP server answered \(root DSE\) in (<1|\d+) ms$/);
    expect(result.messages?.fr).toMatch(/^le serveur LDAP a répondu \(root DSE\) en/);
    expect(result.timings).toMatchObject({ connect: expect.any(Number), search: expect.any(Number), total: expect.any(Number) });
  });

  it('is up after a good bind, with the bind timed on its own', async () => {
    const result = await check(bind());
    expect(result.status, result.message).toBe('up');
    expect(result.message).toMatch(new RegExp(`^bind as ${SERVICE_DN} succeeded in (<1|\\d+) ms$`));
    expect(result.timings).toMatchObject({ connect: expect.any(Number), bind: expect.any(Number) });
  });

  it('is down when the bind fails with a bad password', async () => {
    const result = await check({ ...bind(), password: 'wrong' });
    expect(result.status).toBe('down');
    expect(result.message).toBe('bind failed: invalid credentials (49)');
    expect(result.messages?.fr).toBe('échec de l’authentification (bind) : identifiants invalides (49)');
    expect(result.details).toMatchObject({ step: 'bind' });
  });

  it('is up when a search finds enough entries, exactly or at least', async () => {
    const exact = await check({ ...bind(), search: { base: `ou=servers,${SUFFIX}`, filter: '(objectClass=device)', min_entries: 2 } });
    expect(exact.status, exact.message).toBe('up');
    expect(exact.message).toMatch(/^search returned 2 entries in/);
    expect(exact.details).toMatchObject({ entries: 2, atLeast: false });
    expect(exact.timings).toMatchObject({ bind: expect.any(Number), search: expect.any(Number) });
    const some = await check({ ...bind(), search: { base: `ou=people,${SUFFIX}`, filter: '(objectClass=inetOrgPerson)', scope: 'one', min_entries: 2 } });
    expect(some.status, some.message).toBe('up');
    // Three people; the search asks for min_entries + 1 at most, and gets them all.
    expect(some.message).toMatch(/^search returned at least 3 entries in/);
    expect(some.messages?.fr).toMatch(/^la recherche a renvoyé au moins 3 entrées en/);
    expect(some.details).toMatchObject({ entries: 3, atLeast: true });
    const few = await check({ ...bind(), search: { base: `ou=people,${SUFFIX}`, filter: '(objectClass=inetOrgPerson)', scope: 'one', min_entries: 1 } });
    expect(few.message).toMatch(/^search returned at least 2 entries in/);
  });

  it('is down when a search finds too few entries, naming both numbers', async () => {
    const result = await check({ ...bind(), search: { base: `ou=servers,${SUFFIX}`, filter: '(objectClass=device)', min_entries: 3 } });
    expect(result.status).toBe('down');
    expect(result.message).toBe(`search of "ou=servers,${SUFFIX}" with (objectClass=device) returned 2 entries, expected at least 3`);
    expect(result.messages?.fr).toBe(`la recherche dans « ou=servers,${SUFFIX} » avec (objectClass=device) a renvoyé 2 entrées, au moins 3 entrées attendues`);
    expect(result.details).toMatchObject({ entries: 2 });
  });

  it('is down when the search base does not exist', async () => {
    const result = await check({ ...bind(), search: { base: `ou=missing,${SUFFIX}` } });
    expect(result.status).toBe('down');
    expect(result.message).toBe(`search of "ou=missing,${SUFFIX}" failed: no such object (32)`);
    expect(result.messages?.fr).toBe(`échec de la recherche dans « ou=missing,${SUFFIX} » : objet inexistant (32)`);
  });

  it('reads the bind password from the environment through the config loader', async () => {
    const text = `monitors:\n  - id: dc1\n    ldap:\n      url: ${slapd.url}\n      bind_dn: "${SERVICE_DN}"\n      password: "\${LDAP_PASSWORD}"\n`;
    const config = parseConfigFiles([{ file: 'vigie.yaml', text }], { LDAP_PASSWORD: SERVICE_PASSWORD });
    const monitor = toDefinition(config.monitors[0]!);
    expect(monitor.type).toBe('ldap');
    expect(monitor.check).toMatchObject({ password: SERVICE_PASSWORD });
    const result = await ldapCheck.run(monitor.check as LdapConfig, { signal: AbortSignal.timeout(5000), timeoutMs: 5000 });
    expect(result.status, result.message).toBe('up');
  });

  it('is up over ldaps:// with the CA given, and down when the certificate is not trusted', async () => {
    const trusted = await check({ ...bind(), url: slapd.ldapsUrl!, ca: chain.ca.cert });
    expect(trusted.status, trusted.message).toBe('up');
    expect(trusted.timings).toMatchObject({ connect: expect.any(Number), tls: expect.any(Number), bind: expect.any(Number) });
    const untrusted = await check({ ...bind(), url: slapd.ldapsUrl! });
    expect(untrusted.status).toBe('down');
    expect(untrusted.message).toMatch(/^TLS error with 127\.0\.0\.1:\d+: the certificate is signed by an unknown authority/);
    expect(untrusted.details).toMatchObject({ step: 'tls' });
  });

  it('is up with StartTLS on ldap://, timing the upgrade', async () => {
    const result = await check({ ...bind(), starttls: true, ca: chain.ca.cert });
    expect(result.status, result.message).toBe('up');
    expect(result.timings).toMatchObject({ connect: expect.any(Number), tls: expect.any(Number), bind: expect.any(Number) });
  });

  it('is down once the server is stopped', async () => {
    expect((await check(bind())).status).toBe('up');
    await slapd.stop();
    const result = await check(bind());
    expect(result.status).toBe('down');
    expect(result.message).toMatch(/^connection refused by 127\.0\.0\.1:\d+ .*\(ECONNREFUSED\)$/);
    expect(result.messages?.fr).toMatch(/^connexion refusée par 127\.0\.0\.1:\d+/);
    expect(result.details).toMatchObject({ step: 'connect' });
  });
});

describe('ldap check against servers that accept TCP but do not answer LDAP', () => {
  let silent: Server;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    silent = createServer((socket) => sockets.push(socket.on('error', () => undefined)));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    sockets.forEach((socket) => socket.destroy());
    await new Promise((resolve) => silent.close(resolve));
  });

  it('is down at the timeout, naming the step that hung', async () => {
    const port = (silent.address() as { port: number }).port;
    const result = await check({ url: `ldap://127.0.0.1:${port}`, bind_dn: SERVICE_DN, password: 'x' }, 1000);
    expect(result.status).toBe('down');
    expect(result.message).toBe(`no answer from ldap://127.0.0.1:${port} within 1000 ms during the bind`);
    expect(result.messages?.fr).toBe(`pas de réponse de ldap://127.0.0.1:${port} en 1000 ms pendant l’authentification (bind)`);
  });

  it('is down when the server drops the connection during the bind (a crashing LSASS)', async () => {
    const dropping = createServer((socket) => socket.once('data', () => socket.destroy()).on('error', () => undefined));
    await new Promise<void>((resolve) => dropping.listen(0, '127.0.0.1', resolve));
    try {
      const port = (dropping.address() as { port: number }).port;
      const result = await check({ url: `ldap://127.0.0.1:${port}`, bind_dn: SERVICE_DN, password: 'x' });
      expect(result.status).toBe('down');
      expect(result.message).toMatch(/^the connection was lost during the bind/);
      expect(result.messages?.fr).toMatch(/^connexion perdue pendant l’authentification \(bind\)/);
    } finally {
      await new Promise((resolve) => dropping.close(resolve));
    }
  });
});
