/**
 * @module Users managed by admins: list, create, change (role, name, password, disabled) and
 * delete. The last enabled admin cannot be demoted, disabled or deleted; a disabled or deleted
 * user's sessions end at once, as do the other sessions of a user whose password an admin set.
 */
import { randomUUID } from 'node:crypto';
import type { Role } from '../storage/store.js';
import { UsernameTakenError, type Language, type User, type UserPatch } from './accounts.types.js';
import { accountErrors } from './account-errors.js';
import { defaultTimeZone, type AccountService } from './account-service.js';
import type { AuditActor } from './audit.js';
import { hashPassword } from './passwords.js';
import { normalizeUsername } from './user-view.js';

export interface UserCreateInput {
  username: string;
  password: string;
  role: Role;
  display_name?: string | undefined;
  language?: Language | undefined;
}

export interface UserUpdateInput {
  role?: Role | undefined;
  disabled?: boolean | undefined;
  password?: string | undefined;
  display_name?: string | undefined;
}

export class UserAdmin {
  constructor(private readonly accounts: AccountService) {}

  private get repo() {
    return this.accounts.store.accounts;
  }

  list(): Promise<User[]> {
    return this.repo.listUsers();
  }

  async create(input: UserCreateInput, by: AuditActor, ip: string | null): Promise<User> {
    const username = normalizeUsername(input.username);
    try {
      const user = await this.repo.createUser(
        { id: randomUUID(), username, displayName: input.display_name ?? username, role: input.role, language: input.language ?? 'en', timeZone: defaultTimeZone(), passwordHash: await hashPassword(input.password) },
        this.accounts.now(),
      );
      await this.accounts.audit.record(by, 'user.create', user.id, { username, role: user.role }, ip);
      return user;
    } catch (error) {
      if (error instanceof UsernameTakenError) throw accountErrors.usernameTaken(username);
      throw error;
    }
  }

  async update(id: string, input: UserUpdateInput, by: AuditActor, ip: string | null): Promise<User> {
    const patch: UserPatch = {};
    if (input.role !== undefined) patch.role = input.role;
    if (input.display_name !== undefined) patch.displayName = input.display_name;
    if (input.disabled !== undefined) patch.disabledAt = input.disabled ? this.accounts.now() : null;
    if (input.password !== undefined) patch.passwordHash = await hashPassword(input.password);
    const result = await this.repo.updateUserKeepingAdmin(id, patch, this.accounts.now());
    if (result === undefined) throw accountErrors.userNotFound(id);
    if (result === 'last_admin') throw accountErrors.lastAdmin();
    if (result === 'deleted') throw new Error('unreachable: an update deleted a user');
    if (input.disabled === true || input.password !== undefined) await this.repo.deleteUserSessions(id);
    const changed = Object.fromEntries(Object.entries(input).filter(([key, value]) => value !== undefined && key !== 'password'));
    await this.accounts.audit.record(by, 'user.update', id, { ...changed, ...(input.password !== undefined ? { password: 'changed' } : {}) }, ip);
    return result;
  }

  async remove(id: string, by: AuditActor, ip: string | null): Promise<void> {
    const existing = await this.repo.getUser(id);
    const result = await this.repo.updateUserKeepingAdmin(id, 'delete', this.accounts.now());
    if (result === undefined) throw accountErrors.userNotFound(id);
    if (result === 'last_admin') throw accountErrors.lastAdmin();
    await this.accounts.audit.record(by, 'user.delete', id, { username: existing?.username ?? null }, ip);
  }
}
