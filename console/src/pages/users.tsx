/**
 * @module /settings/users (admins): every user with their role, second factor and state; create
 * a user with a role, change a role, disable or enable, delete (asked twice). The API's refusal to
 * leave no enabled admin (409 `last_admin`) is said in words.
 */
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api.js';
import { useFormat } from '../format.js';
import i18n from '../i18n.js';
import { useSession } from '../session.js';
import type { Role, UserRecord } from '../types.js';
import { Failure, Loading, Notice, useErrorText } from '../ui.js';
import { AdminPage } from './settings-shared.js';

i18n.addResourceBundle('en', 'translation', {
  users: {
    title: 'Users',
    list: 'Users',
    colUser: 'User',
    colName: 'Display name',
    colRole: 'Role',
    colTotp: 'Second factor',
    colState: 'State',
    colCreated: 'Created',
    colActions: 'Actions',
    roleOf: 'Role of {{name}}',
    totpOn: 'on',
    totpOff: 'off',
    enabled: 'enabled',
    disabled: 'disabled',
    disable: 'Disable {{name}}',
    enable: 'Enable {{name}}',
    remove: 'Delete {{name}}',
    confirmRemove: 'Delete {{name}} for good?',
    you: '(you)',
    create: 'Create a user',
    username: 'Username',
    displayName: 'Display name',
    password: 'Password',
    passwordHint: 'At least 12 characters; the user can change it on their account page.',
    role: 'Role',
    submit: 'Create the user',
    created: 'User {{name}} created.',
    updated: 'User {{name}} updated.',
    removed: 'User {{name}} deleted.',
    lastAdmin: 'Refused: this would leave no enabled administrator. Make another user admin first.',
    taken: 'This username is already taken.',
  },
}, true, true);
i18n.addResourceBundle('fr', 'translation', {
  users: {
    title: 'Utilisateurs',
    list: 'Utilisateurs',
    colUser: 'Utilisateur',
    colName: 'Nom affiché',
    colRole: 'Rôle',
    colTotp: 'Second facteur',
    colState: 'État',
    colCreated: 'Créé',
    colActions: 'Actions',
    roleOf: 'Rôle de {{name}}',
    totpOn: 'actif',
    totpOff: 'inactif',
    enabled: 'actif',
    disabled: 'désactivé',
    disable: 'Désactiver {{name}}',
    enable: 'Réactiver {{name}}',
    remove: 'Supprimer {{name}}',
    confirmRemove: 'Supprimer {{name}} définitivement ?',
    you: '(vous)',
    create: 'Créer un utilisateur',
    username: 'Nom d’utilisateur',
    displayName: 'Nom affiché',
    password: 'Mot de passe',
    passwordHint: 'Au moins 12 caractères ; l’utilisateur peut le changer depuis son compte.',
    role: 'Rôle',
    submit: 'Créer l’utilisateur',
    created: 'Utilisateur {{name}} créé.',
    updated: 'Utilisateur {{name}} modifié.',
    removed: 'Utilisateur {{name}} supprimé.',
    lastAdmin: 'Refusé : il ne resterait aucun administrateur actif. Nommez d’abord un autre administrateur.',
    taken: 'Ce nom d’utilisateur est déjà pris.',
  },
}, true, true);

const ROLES: Role[] = ['viewer', 'responder', 'editor', 'admin'];
const USERS_KEY = ['users'] as const;

type Outcome = { kind: 'ok' | 'error'; text: string };

function useOutcomeText() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  return (err: unknown): string => {
    if (err instanceof ApiError && err.code === 'last_admin') return t('users.lastAdmin');
    if (err instanceof ApiError && err.code === 'username_taken') return t('users.taken');
    return errorText(err);
  };
}

function CreateUser({ onDone }: { onDone: (o: Outcome) => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const outcomeText = useOutcomeText();
  const [form, setForm] = useState({ username: '', display_name: '', password: '', role: 'viewer' as Role });
  const create = useMutation({
    mutationFn: () => api<UserRecord>('/api/v1/users', { method: 'POST', body: { ...form, display_name: form.display_name.trim() || undefined } }),
    onSuccess: (user) => {
      onDone({ kind: 'ok', text: t('users.created', { name: user.username }) });
      setForm({ username: '', display_name: '', password: '', role: 'viewer' });
      void client.invalidateQueries({ queryKey: USERS_KEY });
    },
    onError: (err) => onDone({ kind: 'error', text: outcomeText(err) }),
  });
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <section aria-labelledby="users-create">
      <h2 id="users-create">{t('users.create')}</h2>
      <form className="settings-form" onSubmit={submit}>
        <label>
          <span>{t('users.username')}</span>
          <input name="username" required autoComplete="off" value={form.username} onChange={set('username')} />
        </label>
        <label>
          <span>{t('users.displayName')}</span>
          <input name="display_name" autoComplete="off" value={form.display_name} onChange={set('display_name')} />
        </label>
        <label>
          <span>{t('users.password')}</span>
          <input name="password" type="password" required minLength={12} autoComplete="new-password" value={form.password} onChange={set('password')} aria-describedby="users-password-hint" />
        </label>
        <label>
          <span>{t('users.role')}</span>
          <select name="role" value={form.role} onChange={set('role')}>
            {ROLES.map((r) => <option key={r} value={r}>{t(`roles.${r}`)}</option>)}
          </select>
        </label>
        <p id="users-password-hint" className="muted settings-hint">{t('users.passwordHint')}</p>
        <button type="submit" disabled={create.isPending}>{t('users.submit')}</button>
      </form>
    </section>
  );
}

function UserRow({ user, self, onDone }: { user: UserRecord; self: boolean; onDone: (o: Outcome) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const client = useQueryClient();
  const outcomeText = useOutcomeText();
  const [confirming, setConfirming] = useState(false);
  const name = user.username;
  const update = useMutation({
    mutationFn: (body: { role?: Role; disabled?: boolean }) => api<UserRecord>(`/api/v1/users/${encodeURIComponent(user.id)}`, { method: 'PATCH', body }),
    onSuccess: () => onDone({ kind: 'ok', text: t('users.updated', { name }) }),
    onError: (err) => onDone({ kind: 'error', text: outcomeText(err) }),
    onSettled: () => void client.invalidateQueries({ queryKey: USERS_KEY }),
  });
  const remove = useMutation({
    mutationFn: () => api<void>(`/api/v1/users/${encodeURIComponent(user.id)}`, { method: 'DELETE' }),
    onSuccess: () => onDone({ kind: 'ok', text: t('users.removed', { name }) }),
    onError: (err) => onDone({ kind: 'error', text: outcomeText(err) }),
    onSettled: () => {
      setConfirming(false);
      void client.invalidateQueries({ queryKey: USERS_KEY });
    },
  });
  const busy = update.isPending || remove.isPending;
  return (
    <tr>
      <th scope="row">{name} {self && <span className="muted">{t('users.you')}</span>}</th>
      <td>{user.display_name}</td>
      <td>
        <select aria-label={t('users.roleOf', { name })} value={user.role} disabled={busy} onChange={(e) => update.mutate({ role: e.target.value as Role })}>
          {ROLES.map((r) => <option key={r} value={r}>{t(`roles.${r}`)}</option>)}
        </select>
      </td>
      <td>{user.totp_enabled ? t('users.totpOn') : t('users.totpOff')}</td>
      <td><span className={`badge ${user.disabled ? 'badge-down' : 'badge-up'}`}>{user.disabled ? t('users.disabled') : t('users.enabled')}</span></td>
      <td>{format.dateTime(user.created_at)}</td>
      <td className="settings-actions">
        <button type="button" disabled={busy} onClick={() => update.mutate({ disabled: !user.disabled })}>
          {user.disabled ? t('users.enable', { name }) : t('users.disable', { name })}
        </button>
        {confirming ? (
          <span role="group" aria-label={t('users.confirmRemove', { name })} className="settings-confirm">
            <span>{t('users.confirmRemove', { name })}</span>
            <button type="button" className="danger" disabled={busy} onClick={() => remove.mutate()}>{t('settings.confirm')}</button>
            <button type="button" className="link-button" onClick={() => setConfirming(false)}>{t('settings.cancel')}</button>
          </span>
        ) : (
          <button type="button" className="danger" disabled={busy} onClick={() => setConfirming(true)}>{t('users.remove', { name })}</button>
        )}
      </td>
    </tr>
  );
}

export default function UsersPage() {
  const { t } = useTranslation();
  const session = useSession();
  const admin = session?.user.role === 'admin';
  const users = useQuery({ queryKey: USERS_KEY, queryFn: () => api<{ items: UserRecord[] }>('/api/v1/users'), enabled: admin });
  const [outcome, setOutcome] = useState<Outcome>();
  return (
    <AdminPage title={t('users.title')}>
      {outcome && <Notice kind={outcome.kind}>{outcome.text}</Notice>}
      {users.isPending && <Loading />}
      {users.isError && <Failure error={users.error} onRetry={() => void users.refetch()} />}
      {users.data && (
        <div className="table-wrap">
          <table className="settings-table">
            <caption>{t('users.list')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('users.colUser')}</th>
                <th scope="col">{t('users.colName')}</th>
                <th scope="col">{t('users.colRole')}</th>
                <th scope="col">{t('users.colTotp')}</th>
                <th scope="col">{t('users.colState')}</th>
                <th scope="col">{t('users.colCreated')}</th>
                <th scope="col">{t('users.colActions')}</th>
              </tr>
            </thead>
            <tbody>
              {users.data.items.map((u) => <UserRow key={u.id} user={u} self={String(u.id) === String(session?.user.id)} onDone={setOutcome} />)}
            </tbody>
          </table>
        </div>
      )}
      <CreateUser onDone={setOutcome} />
    </AdminPage>
  );
}
