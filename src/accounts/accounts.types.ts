/**
 * @module Accounts (issue 15): people who sign in to the console, their sessions, the failed
 * sign-ins that lock a user name, and the audit log of who changed what. The repository
 * (`store.accounts`) holds only queries; the rules live in {@link AccountService}.
 */
import type { Role } from '../storage/store.js';

/** The languages of the console. */
export const LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

/** A stored user; `passwordHash` and the sealed TOTP secret never leave the service. */
export interface User {
  id: string;
  /** Lower case, unique. */
  username: string;
  displayName: string;
  role: Role;
  language: Language;
  /** IANA zone, e.g. `Europe/Paris`. */
  timeZone: string;
  passwordHash: string;
  /** The TOTP secret in clear (the repository seals it at rest); null while TOTP is off. */
  totpSecret: string | null;
  /** A secret being enrolled, not yet confirmed with a code. */
  totpPending: string | null;
  /** The last TOTP time step accepted (a code is never accepted twice). */
  totpLastStep: number | null;
  disabledAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export type UserDraft = Pick<User, 'id' | 'username' | 'displayName' | 'role' | 'language' | 'timeZone' | 'passwordHash'>;

/** The columns a user update may set. */
export type UserPatch = Partial<Pick<User, 'displayName' | 'role' | 'language' | 'timeZone' | 'passwordHash' | 'totpSecret' | 'totpPending' | 'totpLastStep' | 'disabledAt'>>;

/** A session, known by the SHA-256 of its id (the id itself is only in the browser's cookie). */
export interface Session {
  idHash: string;
  userId: string;
  createdAt: number;
  lastSeenAt: number;
  /** Idle end: `lastSeenAt` + the idle lifetime. */
  expiresAt: number;
  /** Never extended. */
  absoluteExpiresAt: number;
  ip: string | null;
}

export type ActorKind = 'user' | 'token' | 'system';

/** One line of the audit log. */
export interface AuditEntry {
  id: number;
  at: number;
  actor: string;
  actorKind: ActorKind;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
  ip: string | null;
}

export type AuditDraft = Omit<AuditEntry, 'id'>;

/** Raised by `createUser` when the user name is taken (even concurrently). */
export class UsernameTakenError extends Error {
  constructor(readonly username: string) {
    super(`a user is already named ${JSON.stringify(username)}`);
    this.name = 'UsernameTakenError';
  }
}

/** The accounts repository. */
export interface AccountRepository {
  countUsers(): Promise<number>;
  /** Stores a user; throws {@link UsernameTakenError}. */
  createUser(user: UserDraft, now: number): Promise<User>;
  /**
   * Stores the first user only while there is none (setup): false when a user exists already,
   * also when two setups race.
   */
  createFirstUser(user: UserDraft, now: number): Promise<User | undefined>;
  getUser(id: string): Promise<User | undefined>;
  findUserByName(username: string): Promise<User | undefined>;
  listUsers(): Promise<User[]>;
  updateUser(id: string, patch: UserPatch, now: number): Promise<User | undefined>;
  /**
   * Applies a change to a user unless it leaves no enabled admin (checked in the same
   * transaction, so two admins demoting each other at once cannot both win): 'last_admin' then.
   */
  updateUserKeepingAdmin(id: string, patch: UserPatch | 'delete', now: number): Promise<User | 'deleted' | 'last_admin' | undefined>;
  /** Replaces a user's recovery codes (SHA-256 hashes). */
  setRecoveryCodes(userId: string, codeHashes: string[]): Promise<void>;
  /** Marks an unused recovery code used; true only for the one caller that did. */
  useRecoveryCode(userId: string, codeHash: string, now: number): Promise<boolean>;
  /** Accepts a TOTP step only when it is newer than the last one accepted (conditional update). */
  acceptTotpStep(userId: string, step: number): Promise<boolean>;

  createSession(session: Session): Promise<void>;
  getSession(idHash: string): Promise<Session | undefined>;
  touchSession(idHash: string, lastSeenAt: number, expiresAt: number): Promise<void>;
  deleteSession(idHash: string): Promise<void>;
  /** Ends every session of a user (but `keep`, when given); returns how many. */
  deleteUserSessions(userId: string, keep?: string): Promise<number>;
  /** Deletes sessions past their end. */
  pruneSessions(now: number): Promise<number>;

  recordLoginFailure(username: string, at: number): Promise<void>;
  /** Failure times for this user name since `since`, oldest first. */
  loginFailures(username: string, since: number): Promise<number[]>;
  clearLoginFailures(username: string): Promise<void>;

  appendAudit(entry: AuditDraft): Promise<AuditEntry>;
  /** Newest first; `before` is the id of the last entry of the previous page. */
  listAudit(page: { limit: number; before?: number }): Promise<AuditEntry[]>;
}
