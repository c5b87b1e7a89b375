/**
 * @module Test certificates made with the openssl CLI: a CA, and leaf certificates signed by it
 * (or self-signed) with chosen names and validity. Everything lives in a temporary folder.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Pem {
  key: string;
  cert: string;
}

export interface CertOptions {
  commonName: string;
  /** DNS names and IP addresses for subjectAltName, e.g. ['localhost', '127.0.0.1']. */
  altNames?: string[];
  /** Days of validity counted from `startDaysAgo` days ago (default 30 from now-1). */
  days?: number;
  /** Start of validity, in days before now (default 1). A value > days gives an expired certificate. */
  startDaysAgo?: number;
  /** Sign with this CA; self-signed when absent. */
  issuer?: Pem;
  /** Make a CA certificate. */
  ca?: boolean;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

function stamp(daysFromNow: number): string {
  const d = new Date(Date.now() + daysFromNow * 86_400_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
}

/** Makes a key and certificate (EC P-256, fast) with the given names and validity. */
export function makeCertificate(opts: CertOptions): Pem {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-cert-'));
  try {
    const start = opts.startDaysAgo ?? 1;
    const days = opts.days ?? 30;
    const alt = (opts.altNames ?? [opts.commonName])
      .map((n) => (/^[\d.]+$|:/.test(n) ? `IP:${n}` : `DNS:${n}`))
      .join(',');
    const ext = opts.ca
      ? 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\n'
      : `basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=${alt}\n`;
    writeFileSync(join(dir, 'ext.cnf'), ext);
    openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'key.pem'], dir);
    openssl(['req', '-new', '-key', 'key.pem', '-subj', `/CN=${opts.commonName}/O=Vigie tests`, '-out', 'req.csr'], dir);
    if (opts.issuer) {
      writeFileSync(join(dir, 'ca.pem'), opts.issuer.cert);
      writeFileSync(join(dir, 'ca.key'), opts.issuer.key);
    }
    writeFileSync(join(dir, 'index.txt'), '');
    writeFileSync(join(dir, 'serial'), `${(Date.now().toString(16) + Math.floor(Math.random() * 1e6).toString(16)).padStart(16, '0')}\n`);
    writeFileSync(
      join(dir, 'ca.cnf'),
      '[ca]\ndefault_ca=d\n[d]\ndatabase=index.txt\nnew_certs_dir=.\nserial=serial\ndefault_md=sha256\npolicy=p\nunique_subject=no\n[p]\ncommonName=supplied\norganizationName=optional\n',
    );
    const signer = opts.issuer ? ['-cert', 'ca.pem', '-keyfile', 'ca.key'] : ['-selfsign', '-keyfile', 'key.pem'];
    openssl(
      ['ca', '-batch', '-notext', '-config', 'ca.cnf', '-in', 'req.csr', ...signer, '-out', 'cert.pem',
        '-startdate', stamp(-start), '-enddate', stamp(days - start), '-extfile', 'ext.cnf'],
      dir,
    );
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A CA and a leaf signed by it, the usual shape for "valid chain" tests. */
export function makeChain(leaf: Omit<CertOptions, 'issuer' | 'ca'>, caName = 'Vigie Test CA'): { ca: Pem; leaf: Pem } {
  const ca = makeCertificate({ commonName: caName, ca: true, days: 365 });
  return { ca, leaf: makeCertificate({ ...leaf, issuer: ca }) };
}
