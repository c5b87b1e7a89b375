/**
 * @module Messages in English and French: the {@link Texts} pair, the results and change events
 * built from it, network failures described in both languages (the English text is
 * {@link describeNetError}'s) and numbers as each language writes them.
 */
import type { CheckEvent, CheckResult } from '../types.js';
import { hostPort } from './host-port.js';
import { certificateNames, describeNetError, errorCode } from './net-errors.js';
import { PHASE_FR, type Phase } from './probe.js';

/** One message in the two languages users read. */
export interface Texts {
  en: string;
  fr: string;
}

/** A result whose `message` is the English text and `messages` both. */
export function resultWith(status: CheckResult['status'], texts: Texts, rest: Omit<CheckResult, 'status' | 'message' | 'messages'>): CheckResult {
  return { status, message: texts.en, messages: { en: texts.en, fr: texts.fr }, ...rest };
}

/** A change event whose `message` is the English text and `messages` both. */
export function eventWith(type: string, texts: Texts, before: unknown, after: unknown): CheckEvent {
  return { type, message: texts.en, messages: { en: texts.en, fr: texts.fr }, before, after };
}

/** Certificate problems, with `{where}` replaced by host:port. */
const FR_TLS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'certificat TLS de {where} auto-signé et non approuvé (donnez-le dans `ca` ou mettez verify_tls: false)',
  SELF_SIGNED_CERT_IN_CHAIN: 'la chaîne TLS de {where} se termine par une racine auto-signée non approuvée (donnez-la dans `ca`)',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'certificat TLS de {where} signé par une autorité inconnue (ou le serveur n’envoie pas ses certificats intermédiaires)',
  UNABLE_TO_GET_ISSUER_CERT: 'certificat TLS de {where} signé par une autorité inconnue',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'certificat TLS de {where} signé par une autorité inconnue (donnez-la dans `ca`)',
  CERT_HAS_EXPIRED: 'le certificat TLS de {where} a expiré',
  CERT_NOT_YET_VALID: 'le certificat TLS de {where} n’est pas encore valide',
  CERT_REVOKED: 'le certificat TLS de {where} a été révoqué',
  CERT_SIGNATURE_FAILURE: 'la signature du certificat TLS de {where} n’est pas valide',
  ERR_SSL_WRONG_VERSION_NUMBER: '{where} n’a pas répondu en TLS (port en clair ?)',
};

/** Connection failures, with `{where}` replaced by host:port; the phase follows. */
const FR_NET: Record<string, string> = {
  ECONNREFUSED: 'connexion refusée par {where} (aucun service n’écoute sur ce port, ou un pare-feu la rejette)',
  ECONNRESET: 'connexion réinitialisée par {where}',
  EPIPE: 'connexion fermée par {where} alors que des données étaient envoyées',
  ETIMEDOUT: 'la connexion à {where} a expiré au niveau du système',
  EHOSTUNREACH: 'hôte {where} injoignable (pas de route)',
  ENETUNREACH: 'réseau injoignable pour {where}',
  EADDRNOTAVAIL: 'connexion à {where} impossible : adresse non disponible',
  UND_ERR_SOCKET: 'connexion fermée par {where}',
  UND_ERR_CLOSED: 'connexion fermée par {where}',
  UND_ERR_HEADERS_TIMEOUT: 'pas d’en-têtes de réponse de {where} à temps',
  UND_ERR_BODY_TIMEOUT: 'le corps envoyé par {where} est resté bloqué',
};

/** Why a name could not be resolved. */
const FR_DNS: Record<string, string> = {
  ENOTFOUND: 'ce nom n’existe pas',
  ENODATA: 'le nom n’a pas d’adresse',
  EAI_AGAIN: 'le serveur DNS n’a pas répondu (échec temporaire)',
  ESERVFAIL: 'le serveur DNS a échoué (SERVFAIL)',
  ETIMEOUT: 'le serveur DNS n’a pas répondu à temps',
  ECONNREFUSED: 'le serveur DNS a refusé la connexion',
  EREFUSED: 'le serveur DNS a refusé la requête',
};

/** Codes that mean the name was not resolved, whatever the phase that saw them. */
const NAME_CODES = new Set(['ENOTFOUND', 'ENODATA', 'EAI_AGAIN']);

/** {@link describeNetError} in French: the same cases, in the same order. */
function describeNetErrorFr(error: unknown, phase: Phase, host: string, port: number): string {
  const code = errorCode(error);
  const detail = error instanceof Error ? error.message : String(error);
  const suffix = code ? ` (${code})` : '';
  const where = hostPort(host, port);
  if (phase === 'dns' || (code !== undefined && NAME_CODES.has(code))) {
    return `échec de la résolution DNS de « ${host} » : ${(code && FR_DNS[code]) ?? detail}${suffix}`;
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    const names = certificateNames(error);
    return `le certificat TLS de ${where} ne couvre pas le nom « ${host} »${names ? ` : il n’est valable que pour ${names}` : ''}${suffix}`;
  }
  const tls = code ? FR_TLS[code] : undefined;
  if (tls) return `${tls.replace('{where}', where)}${suffix}`;
  if (code?.startsWith('HPE_') || (error instanceof Error && error.name === 'HTTPParserError')) return `réponse HTTP invalide de ${where} : ${detail}${suffix}`;
  const net = code ? FR_NET[code] : undefined;
  if (net) return `${net.replace('{where}', where)} ${PHASE_FR[phase]}${suffix}`;
  if (phase === 'tls') return `échec de la négociation TLS avec ${where} : ${detail}${suffix}`;
  return `échec de la connexion à ${where} ${PHASE_FR[phase]} : ${detail}${suffix}`;
}

/** Why a connection to `host:port` failed in `phase`, in English and French. */
export function netErrorTexts(error: unknown, phase: Phase, host: string, port: number): Texts {
  return { en: describeNetError(error, phase, host, port), fr: describeNetErrorFr(error, phase, host, port) };
}

/** Milliseconds as shown in messages: whole numbers, `<1` below one. */
export function ms(value: number): string {
  return value < 1 ? '<1' : String(Math.round(value));
}

/** A number as French writes it: `41,2` for 41.2. */
export function decimalFr(value: number): string {
  return Number.isInteger(value) ? String(value) : String(value).replace('.', ',');
}
