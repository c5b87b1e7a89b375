/**
 * @module TLS options shared by the `tcp`, `http`, `sip` and `ldap` checks: the `ca` field and the secure
 * context built from it once per configuration.
 */
import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls';
import { z } from 'zod';

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;

/** The `ca` field: one or more PEM certificates trusted in addition to the system roots. */
export const caSchema = z
  .string()
  .regex(PEM_CERT, 'must be one or more PEM certificates ("-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----")')
  .describe('Extra CA certificate(s) in PEM form to trust, in addition to the system roots (useful for private CAs).');

/** The `verify_tls` field. */
export const verifyTlsSchema = z
  .boolean()
  .default(true)
  .describe('Verify the server certificate (chain, validity dates, host name). Turn off only for known self-signed services.');

/**
 * A secure context trusting the system roots plus `ca`, or `undefined` to use Node's default.
 * Building it parses every root certificate, so callers cache it per configuration.
 */
export function secureContextFor(ca: string | undefined): SecureContext | undefined {
  if (ca === undefined) return undefined;
  return createSecureContext({ ca: [...rootCertificates, ca] });
}
