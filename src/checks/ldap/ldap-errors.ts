/**
 * @module LDAP result codes (RFC 4511 appendix A) as short phrases in English and French, e.g.
 * `invalid credentials (49)` / `identifiants invalides (49)`.
 */
import type { Texts } from '../net/texts.js';

const FR: Record<number, string> = {
  1: 'erreur d’opération',
  2: 'erreur de protocole',
  3: 'délai dépassé côté serveur',
  4: 'limite de taille atteinte',
  7: 'méthode d’authentification non prise en charge',
  8: 'authentification forte requise',
  13: 'confidentialité requise (TLS)',
  32: 'objet inexistant',
  34: 'syntaxe de DN invalide',
  48: 'authentification inappropriée',
  49: 'identifiants invalides',
  50: 'droits d’accès insuffisants',
  51: 'serveur occupé',
  52: 'serveur indisponible',
  53: 'le serveur refuse d’exécuter',
  80: 'erreur inconnue',
};

/** The LDAP result code carried by an ldapts error, when there is one. */
export function resultCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/** `InvalidCredentialsError` → `invalid credentials`. */
function phraseOf(name: string): string {
  return name
    .replace(/Error$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
}

/** The result code of `error` as a phrase in both languages, or `undefined` when it has none. */
export function resultCodeTexts(error: unknown): Texts | undefined {
  const code = resultCode(error);
  if (code === undefined) return undefined;
  const name = error instanceof Error && error.name !== 'Error' ? error.name : error instanceof Error ? error.constructor.name : 'ResultCodeError';
  const en = phraseOf(name);
  return { en: `${en} (${code})`, fr: `${FR[code] ?? en} (${code})` };
}

/** The server's diagnostic message, when it differs from the library's generic text. */
export function diagnostic(error: unknown): string | undefined {
  return error instanceof Error && resultCode(error) !== undefined ? error.message : undefined;
}
