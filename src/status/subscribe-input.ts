/**
 * @module Reading a subscription request at the edge: a form (`email`, `language`, `components[]`
 * checkboxes) or JSON (`{ "email" | "webhook", "language", "components": [] }`) into one typed
 * request, or the first field that is wrong with a sentence in French and English. E-mail
 * addresses are checked for what a mail server can take (dot-atom local part, a host name with a
 * dot; international domains converted to ASCII) and kept in lower case. Pure.
 */
import { domainToASCII } from 'node:url';
import type { Localized } from '../incidents/incident.types.js';

/** A request read from a body. */
export interface SubscribeInput {
  target: { kind: 'email'; address: string } | { kind: 'webhook'; url: string };
  /** As given (checked against the page later). */
  language: string | undefined;
  components: string[];
}

/** A field that is wrong: its name in the form or JSON, and why. */
export interface FieldError {
  field: 'email' | 'webhook' | 'language' | 'components';
  message: Localized;
}

export const MAX_EMAIL = 254;
const MAX_COMPONENTS = 500;
const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

const EXAMPLE: Localized = { en: 'an e-mail address such as name@example.org', fr: 'une adresse e-mail comme nom@example.org' };

/** Shows a value in a message: quoted, cut to 80 characters, control characters made visible. */
export function shown(value: string): string {
  const clean = value.replace(/[\u0000-\u001f\u007f]/g, '\uFFFD');
  return JSON.stringify(clean.length > 80 ? `${clean.slice(0, 79)}…` : clean);
}

/** The address in lower case, or why it is not one a mail can be sent to. */
export function parseEmailAddress(text: string): { address: string } | { error: Localized } {
  const value = text.trim();
  const not = (why?: Localized): { error: Localized } => ({
    error: {
      en: `${shown(value)} is not ${EXAMPLE.en}${why ? ` (${why.en})` : ''}`,
      fr: `${shown(value)} n’est pas ${EXAMPLE.fr}${why ? ` (${why.fr})` : ''}`,
    },
  });
  if (value === '') return { error: { en: `is empty; enter ${EXAMPLE.en}`, fr: `est vide ; saisissez ${EXAMPLE.fr}` } };
  if (value.length > MAX_EMAIL) return { error: { en: `is longer than ${MAX_EMAIL} characters`, fr: `dépasse ${MAX_EMAIL} caractères` } };
  const at = value.lastIndexOf('@');
  if (at <= 0 || at === value.length - 1) return not({ en: 'it needs one @ between a name and a domain', fr: 'il faut un @ entre un nom et un domaine' });
  const local = value.slice(0, at);
  if (local.length > 64 || !LOCAL.test(local)) return not({ en: 'the part before @ has characters an address cannot have', fr: 'la partie avant @ contient des caractères interdits' });
  const domain = domainToASCII(value.slice(at + 1).toLowerCase().replace(/\.$/, ''));
  const labels = domain.split('.');
  if (domain === '' || labels.length < 2 || !labels.every((l) => LABEL.test(l)) || /^[0-9]+$/.test(labels.at(-1)!)) {
    return not({ en: 'the part after @ is not a domain such as example.org', fr: 'la partie après @ n’est pas un domaine comme example.org' });
  }
  return { address: `${local.toLowerCase()}@${domain}` };
}

/** One string from a form or JSON value (a repeated form field takes its last value). */
function single(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value.at(-1) === 'string') return value.at(-1) as string;
  return undefined;
}

/** The component ids given, as `components` (JSON array, form) or `components[]` (form checkboxes). */
function componentsOf(body: Record<string, unknown>): string[] | FieldError {
  const raw = body.components ?? body['components[]'];
  if (raw === undefined || raw === null || raw === '') return [];
  const list = Array.isArray(raw) ? raw : [raw];
  if (list.length > MAX_COMPONENTS || !list.every((c): c is string => typeof c === 'string' && c.length <= 200)) {
    return { field: 'components', message: { en: 'must be a list of component ids of this page', fr: 'doit être une liste d’identifiants de composants de cette page' } };
  }
  return [...new Set(list.filter((c) => c !== ''))];
}

/** Reads a request body (form fields or JSON) into a subscription request. */
export function readSubscribeInput(body: unknown): SubscribeInput | FieldError {
  const fields = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const email = single(fields.email);
  const webhook = single(fields.webhook);
  const language = single(fields.language);
  if (fields.language !== undefined && language === undefined) return { field: 'language', message: { en: 'must be "fr" or "en"', fr: 'doit être « fr » ou « en »' } };
  const components = componentsOf(fields);
  if (!Array.isArray(components)) return components;
  if (email !== undefined && webhook !== undefined) return { field: 'webhook', message: { en: 'give either an e-mail address or a webhook URL, not both', fr: 'donnez une adresse e-mail ou une URL de webhook, pas les deux' } };
  if (webhook !== undefined) return { target: { kind: 'webhook', url: webhook.trim() }, language, components };
  if (email === undefined) return { field: 'email', message: { en: `is missing; enter ${EXAMPLE.en}`, fr: `est absent ; saisissez ${EXAMPLE.fr}` } };
  const parsed = parseEmailAddress(email);
  if ('error' in parsed) return { field: 'email', message: parsed.error };
  return { target: { kind: 'email', address: parsed.address }, language, components };
}
