import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeCertificate } from '../../../test/helpers/certs.js';
import { certificateFacts, parseAltNames } from './certificate-facts.js';

describe('parseAltNames', () => {
  it('keeps DNS names and IP addresses', () => {
    expect(parseAltNames('DNS:a.example, IP Address:192.0.2.1, email:x@example')).toEqual(['a.example', '192.0.2.1']);
    expect(parseAltNames(undefined)).toEqual([]);
  });
});

describe('certificateFacts', () => {
  it('reads names, dates and fingerprints from the certificate', () => {
    const pem = makeCertificate({ commonName: 'a.example', altNames: ['a.example', '192.0.2.1'], days: 30, startDaysAgo: 10 });
    const raw = new X509Certificate(pem.cert).raw;
    const now = Date.now();
    const facts = certificateFacts(raw, now);
    expect(facts).toMatchObject({ subject: 'CN=a.example, O=Vigie tests', issuer: 'CN=a.example, O=Vigie tests', daysLeft: 19, altNames: ['a.example', '192.0.2.1'] });
    expect(Date.parse(facts.validTo) - Date.parse(facts.validFrom)).toBe(30 * 86_400_000);
    expect(facts.fingerprint256).toBe(new X509Certificate(pem.cert).fingerprint256);
    expect(facts.publicKeyFingerprint).not.toBe(facts.fingerprint256);
  });

  it('keeps the key fingerprint across certificates of one key, and only then', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-facts-'));
    try {
      const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
      run(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'key.pem']);
      const issue = (days: string, out: string) => {
        run(['req', '-x509', '-key', 'key.pem', '-subj', '/CN=a.example', '-days', days, '-out', out]);
        return certificateFacts(new X509Certificate(readFileSync(join(dir, out))).raw, Date.now());
      };
      const first = issue('10', 'one.pem');
      const renewed = issue('20', 'two.pem');
      const other = certificateFacts(new X509Certificate(makeCertificate({ commonName: 'a.example' }).cert).raw, Date.now());
      expect(renewed.fingerprint256).not.toBe(first.fingerprint256);
      expect(renewed.publicKeyFingerprint).toBe(first.publicKeyFingerprint);
      expect(other.publicKeyFingerprint).not.toBe(first.publicKeyFingerprint);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
