/** @module Schemas of the setup, session, profile, TOTP, users and audit routes. */
import { z } from 'zod';
import { LANGUAGES } from '../../accounts/accounts.types.js';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../../accounts/passwords.js';
import { isTimeZone } from '../../accounts/user-view.js';
import { ROLES } from '../../storage/store.js';
import { isoTime } from './common.schemas.js';

const password = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `must have at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `must have at most ${MAX_PASSWORD_LENGTH} characters`)
  .describe(`At least ${MIN_PASSWORD_LENGTH} characters.`);
/** A password given to sign in or to confirm: any length up to the bound (the policy applies when it is set). */
const givenPassword = z.string().min(1, 'must not be empty').max(MAX_PASSWORD_LENGTH, `must have at most ${MAX_PASSWORD_LENGTH} characters`);
const username = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(64, 'must have at most 64 characters')
  .regex(/^[\p{L}\p{N}._@+-]+$/u, 'may hold letters, digits and . _ @ + - only')
  .describe('Case-insensitive; stored in lower case.');
const displayName = z.string().trim().min(1, 'must not be empty').max(100, 'must have at most 100 characters');
const language = z.enum(LANGUAGES);
const timeZone = z.string().max(100).refine(isTimeZone, 'must be an IANA time zone such as "Europe/Paris" or "UTC"');

export const setupState = z.object({ needed: z.boolean().describe('True while no user exists.') });

export const setupBody = z.strictObject({
  setup_token: z.string().min(1, 'must not be empty').max(200).describe('The token the server logged at first start.'),
  username,
  password,
  display_name: displayName.optional(),
  language: language.optional(),
});

export const loginBody = z.strictObject({
  username: z.string().min(1, 'must not be empty').max(200),
  password: givenPassword,
  totp: z.string().max(40).optional().describe('The code of the authenticator app, or a recovery code.'),
});

export const userView = z.object({
  id: z.string(),
  username: z.string(),
  display_name: z.string(),
  role: z.enum(ROLES),
  language,
  time_zone: z.string(),
  totp_enabled: z.boolean(),
  disabled: z.boolean(),
  created_at: isoTime,
  updated_at: isoTime,
});

export const sessionView = z.object({ user: userView, csrf: z.string().describe('Send it back as the X-CSRF-Token header on every write.') });

export const profilePatchBody = z.strictObject({
  display_name: displayName.optional(),
  language: language.optional(),
  time_zone: timeZone.optional(),
  password: z.strictObject({ current: givenPassword, new: password }).optional(),
});

export const totpStarted = z.object({ secret: z.string().describe('Base32, for apps that cannot read the URI.'), uri: z.string().describe('otpauth:// URI (show it as a QR code).') });
export const totpConfirmBody = z.strictObject({ code: z.string().min(1, 'must not be empty').max(20) });
export const totpConfirmed = z.object({ recovery_codes: z.array(z.string()).describe('Ten one-time codes, shown this once.') });
export const totpDisableBody = z.strictObject({ password: givenPassword });

export const userList = z.object({ items: z.array(userView) });
export const userCreateBody = z.strictObject({ username, password, role: z.enum(ROLES), display_name: displayName.optional(), language: language.optional() });
export const userPatchBody = z.strictObject({ role: z.enum(ROLES).optional(), disabled: z.boolean().optional(), password: password.optional(), display_name: displayName.optional() });
export const userIdParams = z.strictObject({ id: z.string().min(1).max(100) });

export const auditQuery = z.strictObject({
  limit: z.coerce.number().int('must be a whole number').min(1, 'must be 1 or more').max(500, 'must be 500 or less').default(100),
  cursor: z
    .string()
    .regex(/^\d{1,15}$/, 'must be the next_cursor of a previous page')
    .transform(Number)
    .optional(),
});

export const auditEntryView = z.object({
  id: z.number(),
  at: isoTime,
  actor: z.string(),
  actor_kind: z.enum(['user', 'token', 'system']),
  action: z.string().describe('`login`, `login.failed`, `logout`, `setup`, `totp.enable`, `user.update`… or `METHOD /route` for other writes.'),
  target: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  ip: z.string().nullable(),
});

export const auditPage = z.object({ items: z.array(auditEntryView), next_cursor: z.string().nullable() });
