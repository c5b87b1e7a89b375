/**
 * @module Registry statuses: the RDAP names of RFC 8056 (`client hold`) and the EPP codes of
 * RFC 5731 (`clientHold`) mapped to one canonical EPP form, and which of them mean that the
 * registry has stopped publishing the domain.
 */

const EPP_CODES = [
  'ok',
  'inactive',
  'clientHold',
  'serverHold',
  'pendingCreate',
  'pendingDelete',
  'pendingRenew',
  'pendingRestore',
  'pendingTransfer',
  'pendingUpdate',
  'redemptionPeriod',
  'addPeriod',
  'autoRenewPeriod',
  'renewPeriod',
  'transferPeriod',
  'clientDeleteProhibited',
  'clientRenewProhibited',
  'clientTransferProhibited',
  'clientUpdateProhibited',
  'serverDeleteProhibited',
  'serverRenewProhibited',
  'serverTransferProhibited',
  'serverUpdateProhibited',
] as const;

const BY_KEY = new Map<string, string>(EPP_CODES.map((code) => [code.toLowerCase(), code]));
BY_KEY.set('active', 'ok');

const keyOf = (raw: string) => raw.trim().replace(/[\s_-]+/g, '').toLowerCase();

function camelCase(raw: string): string {
  const words = raw.trim().toLowerCase().split(/[\s_-]+/).filter(Boolean);
  return words.map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1))).join('');
}

/**
 * The canonical EPP form of a status: `client hold`, `clientHold` and `CLIENT_HOLD` give
 * `clientHold`; RDAP `active` gives `ok`. Unknown statuses are kept, in camelCase.
 */
export function canonicalStatus(raw: string): string {
  return BY_KEY.get(keyOf(raw)) ?? camelCase(raw);
}

/** Canonical, de-duplicated and sorted statuses. */
export function canonicalStatuses(raw: readonly string[]): string[] {
  return [...new Set(raw.map(canonicalStatus).filter((s) => s !== ''))].sort();
}

/** Statuses under which the registry no longer publishes the domain in its zone, worst first. */
export const UNPUBLISHED_STATUSES = ['redemptionPeriod', 'pendingRestore', 'pendingDelete', 'serverHold', 'clientHold', 'inactive'] as const;
export type UnpublishedStatus = (typeof UNPUBLISHED_STATUSES)[number];

/** The unpublishing statuses present, worst first (empty when the domain is published). */
export function unpublishedStatuses(statuses: readonly string[]): UnpublishedStatus[] {
  return UNPUBLISHED_STATUSES.filter((s) => statuses.includes(s));
}
