/** @module The public view of a user (what the API answers): never the password hash or TOTP secret. */
import type { User } from './accounts.types.js';

export interface UserView {
  id: string;
  username: string;
  display_name: string;
  role: User['role'];
  language: User['language'];
  time_zone: string;
  totp_enabled: boolean;
  disabled: boolean;
  created_at: string;
  updated_at: string;
}

export function userView(user: User): UserView {
  return {
    id: user.id,
    username: user.username,
    display_name: user.displayName,
    role: user.role,
    language: user.language,
    time_zone: user.timeZone,
    totp_enabled: user.totpSecret !== null,
    disabled: user.disabledAt !== null,
    created_at: new Date(user.createdAt).toISOString(),
    updated_at: new Date(user.updatedAt).toISOString(),
  };
}

/** A user name as stored: trimmed, lower case. */
export function normalizeUsername(name: string): string {
  return name.trim().toLowerCase();
}

/** Whether `zone` is an IANA time zone this runtime knows. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}
