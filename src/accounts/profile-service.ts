/**
 * @module What a signed-in user changes about themselves: name, language, time zone, password
 * (the current one needed; their other sessions end), and the TOTP second factor (enrolled with a
 * code, ten one-time recovery codes shown once, turned off with the password).
 */
import type { Language, User, UserPatch } from './accounts.types.js';
import { accountErrors } from './account-errors.js';
import type { AccountService, SignedIn } from './account-service.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { hashRecoveryCode, matchTotp, newRecoveryCodes, newTotpSecret, totpUri } from './totp.js';

export interface ProfilePatch {
  display_name?: string | undefined;
  language?: Language | undefined;
  time_zone?: string | undefined;
  password?: { current: string; new: string } | undefined;
}

export class ProfileService {
  constructor(private readonly accounts: AccountService) {}

  private get repo() {
    return this.accounts.store.accounts;
  }

  private actor(user: User) {
    return { name: user.username, kind: 'user' as const };
  }

  async update(me: SignedIn, patch: ProfilePatch, ip: string | null): Promise<User> {
    const change: UserPatch = {};
    if (patch.display_name !== undefined) change.displayName = patch.display_name;
    if (patch.language !== undefined) change.language = patch.language;
    if (patch.time_zone !== undefined) change.timeZone = patch.time_zone;
    if (patch.password !== undefined) {
      if (!(await verifyPassword(patch.password.current, me.user.passwordHash))) throw accountErrors.wrongPassword();
      change.passwordHash = await hashPassword(patch.password.new);
    }
    const user = (await this.repo.updateUser(me.user.id, change, this.accounts.now())) ?? me.user;
    if (change.passwordHash !== undefined) await this.repo.deleteUserSessions(me.user.id, me.session.idHash);
    await this.accounts.audit.record(this.actor(user), change.passwordHash !== undefined ? 'password.change' : 'profile.update', user.id, { fields: Object.keys(patch) }, ip);
    return user;
  }

  /** Starts (or restarts) enrolment: a new secret, not in force until confirmed. */
  async startTotp(me: SignedIn): Promise<{ secret: string; uri: string }> {
    if (me.user.totpSecret !== null) throw accountErrors.totpAlreadyOn();
    const secret = newTotpSecret();
    await this.repo.updateUser(me.user.id, { totpPending: secret }, this.accounts.now());
    return { secret, uri: totpUri(secret, me.user.username) };
  }

  /** Confirms enrolment with a code from the app; returns the recovery codes (shown once). */
  async confirmTotp(me: SignedIn, code: string, ip: string | null): Promise<{ recovery_codes: string[] }> {
    const user = (await this.repo.getUser(me.user.id)) ?? me.user;
    if (user.totpSecret !== null) throw accountErrors.totpAlreadyOn();
    if (user.totpPending === null) throw accountErrors.noPendingTotp();
    const step = await matchTotp(user.totpPending, code, this.accounts.now());
    if (step === null) throw accountErrors.wrongCode();
    const codes = newRecoveryCodes();
    await this.repo.setRecoveryCodes(user.id, codes.map(hashRecoveryCode));
    await this.repo.updateUser(user.id, { totpSecret: user.totpPending, totpPending: null, totpLastStep: step }, this.accounts.now());
    await this.accounts.audit.record(this.actor(user), 'totp.enable', user.id, {}, ip);
    return { recovery_codes: codes };
  }

  async disableTotp(me: SignedIn, password: string, ip: string | null): Promise<void> {
    if (!(await verifyPassword(password, me.user.passwordHash))) throw accountErrors.wrongPassword();
    await this.repo.updateUser(me.user.id, { totpSecret: null, totpPending: null, totpLastStep: null }, this.accounts.now());
    await this.repo.setRecoveryCodes(me.user.id, []);
    await this.accounts.audit.record(this.actor(me.user), 'totp.disable', me.user.id, {}, ip);
  }
}
