/**
 * @module The tables of migration `0010-accounts` as Kysely sees them, and the mapping between
 * their rows and the account types. Enumerated values and JSON are validated where read, so a row
 * edited by hand fails naming its table, row and column; TOTP secrets are sealed with the keyring.
 */
import type { Generated, Selectable } from 'kysely';
import { z } from 'zod';
import { LANGUAGES, type AuditEntry, type User, type UserPatch } from '../accounts/accounts.types.js';
import { openSecret, sealSecret } from '../secrets/secret-cipher.js';
import type { Keyring } from '../secrets/secret-key.js';
import { ROLES } from './store.js';
import { jsonObjectSchema, parseJsonColumn } from './json-columns.js';

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  role: string;
  language: string;
  time_zone: string;
  password_hash: string;
  /** Sealed (`enc:v1:…`). */
  totp_secret: string | null;
  /** Sealed (`enc:v1:…`). */
  totp_pending: string | null;
  totp_last_step: number | null;
  disabled_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface UserRecoveryCodesTable {
  user_id: string;
  code_hash: string;
  used_at: number | null;
}

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  absolute_expires_at: number;
  ip: string | null;
}

export interface LoginFailuresTable {
  username: string;
  at: number;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: number;
  actor: string;
  actor_kind: string;
  action: string;
  target: string | null;
  /** JSON object. */
  details: string;
  ip: string | null;
}

export interface AccountTables {
  users: UsersTable;
  user_recovery_codes: UserRecoveryCodesTable;
  sessions: SessionsTable;
  login_failures: LoginFailuresTable;
  audit_log: AuditLogTable;
}

function known<T extends string>(values: readonly T[], value: string, table: string, key: string | number, column: string): T {
  if ((values as readonly string[]).includes(value)) return value as T;
  throw new Error(`The ${column} column of ${table} row ${key} holds ${JSON.stringify(value)}; expected one of ${values.join(', ')}.`);
}

export function rowToUser(row: Selectable<UsersTable>, ring: Keyring): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: known(ROLES, row.role, 'users', row.id, 'role'),
    language: known(LANGUAGES, row.language, 'users', row.id, 'language'),
    timeZone: row.time_zone,
    passwordHash: row.password_hash,
    totpSecret: row.totp_secret === null ? null : openSecret(row.totp_secret, ring),
    totpPending: row.totp_pending === null ? null : openSecret(row.totp_pending, ring),
    totpLastStep: row.totp_last_step === null ? null : Number(row.totp_last_step),
    disabledAt: row.disabled_at === null ? null : Number(row.disabled_at),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

const seal = (value: string | null, ring: Keyring) => (value === null ? null : sealSecret(value, ring));

/** The columns a patch sets (only the fields it has). */
export function userPatchToRow(patch: UserPatch, ring: Keyring): Partial<UsersTable> {
  const row: Partial<UsersTable> = {};
  if (patch.displayName !== undefined) row.display_name = patch.displayName;
  if (patch.role !== undefined) row.role = patch.role;
  if (patch.language !== undefined) row.language = patch.language;
  if (patch.timeZone !== undefined) row.time_zone = patch.timeZone;
  if (patch.passwordHash !== undefined) row.password_hash = patch.passwordHash;
  if (patch.totpSecret !== undefined) row.totp_secret = seal(patch.totpSecret, ring);
  if (patch.totpPending !== undefined) row.totp_pending = seal(patch.totpPending, ring);
  if (patch.totpLastStep !== undefined) row.totp_last_step = patch.totpLastStep;
  if (patch.disabledAt !== undefined) row.disabled_at = patch.disabledAt;
  return row;
}

const ACTOR_KINDS = ['user', 'token', 'system'] as const;

export function rowToAudit(row: Selectable<AuditLogTable>): AuditEntry {
  const id = Number(row.id);
  return {
    id,
    at: Number(row.at),
    actor: row.actor,
    actorKind: known(ACTOR_KINDS, row.actor_kind, 'audit_log', id, 'actor_kind'),
    action: row.action,
    target: row.target,
    details: parseJsonColumn(jsonObjectSchema as z.ZodType<Record<string, unknown>>, row.details, { table: 'audit_log', column: 'details', key: id }),
    ip: row.ip,
  };
}
