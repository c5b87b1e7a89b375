/**
 * @module Result messages in English and French, and network failures described in both
 * languages (the English text is the one the `tcp` and `http` checks write). Shared by the `sip`
 * and `ldap` checks.
 */
import { describeNetError, errorCode } from '../tcp/net-errors.js';
import type { Phase } from '../tcp/probe.js';
import type { CheckResult } from '../types.js';

/** One message in the two languages users read. */
export interface Texts {
  en: string;
  fr: string;
}

/** A result whose `message` is the English text and `messages` both. */
export function resultWith(status: CheckResult['status'], texts: Texts, rest: Omit<CheckResult, 'status' | 'message' | 'messages'>): CheckResult {
  return { status, message: texts.en, messages: { en: texts.en, fr: texts.fr }, ...rest };
}

const FR_NET: Record<string, string> = {
  ECONNREFUSED: 'connexion refusée par {where} (aucun service n’écoute sur ce port, ou un pare-feu la rejette)',
  ECONNRESET: 'connexion réinitialisée par {where}',
  EPIPE: 'connexion fermée par {where} pendant l’envoi',
  ETIMEDOUT: 'délai de connexion à {where} dépassé (système)',
  EHOSTUNREACH: 'hôte {where} injoignable (pas de route)',
  ENETUNREACH: 'réseau injoignable pour {where}',
  EADDRNOTAVAIL: 'connexion à {where} impossible : adresse non disponible',
  ENOTFOUND: 'le nom de {host} n’existe pas (DNS)',
  EAI_AGAIN: 'le serveur DNS n’a pas répondu pour {host} (échec temporaire)',
  ENODATA: 'le nom {host} n’a pas d’adresse',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'certificat TLS de {where} auto-signé et non approuvé (donnez-le dans `ca` ou mettez verify_tls: false)',
  SELF_SIGNED_CERT_IN_CHAIN: 'la chaîne TLS de {where} se termine par une racine auto-signée non approuvée (donnez-la dans `ca`)',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'certificat TLS de {where} signé par une autorité inconnue',
  UNABLE_TO_GET_ISSUER_CERT: 'certificat TLS de {where} signé par une autorité inconnue',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'certificat TLS de {where} signé par une autorité inconnue (donnez-la dans `ca`)',
  CERT_HAS_EXPIRED: 'le certificat TLS de {where} a expiré',
  CERT_NOT_YET_VALID: 'le certificat TLS de {where} n’est pas encore valide',
  ERR_TLS_CERT_ALTNAME_INVALID: 'le certificat TLS de {where} ne couvre pas le nom « {host} »',
  ERR_SSL_WRONG_VERSION_NUMBER: '{where} n’a pas répondu en TLS (port en clair ?)',
};

/** `host:port` with brackets around IPv6 literals. */
function where(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** Why a connection to `host:port` failed in `phase`, in English and French. */
export function netErrorTexts(error: unknown, phase: Phase, host: string, port: number): Texts {
  const en = describeNetError(error, phase, host, port);
  const code = errorCode(error);
  const template = code ? FR_NET[code] : undefined;
  const fill = (text: string) => text.replaceAll('{where}', where(host, port)).replaceAll('{host}', host);
  const fr = template ? `${fill(template)} (${code})` : `échec de connexion à ${where(host, port)} : ${error instanceof Error ? error.message : String(error)}`;
  return { en, fr };
}

/** Milliseconds as shown in messages: whole numbers, `<1` below one. */
export function ms(value: number): string {
  return value < 1 ? '<1' : String(Math.round(value));
}
