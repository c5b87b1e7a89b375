/**
 * @module /settings/tokens (admins): API tokens with their role and last use, revoked ones
 * included; create a token (its secret shown this once, until dismissed) and revoke one (asked
 * twice).
 */
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api.js';
import { useFormat } from '../format.js';
import i18n from '../i18n.js';
import { useSession } from '../session.js';
import type { ApiToken, Role } from '../types.js';
import { Failure, Loading, Notice, useErrorText } from '../ui.js';
import { AdminPage } from './settings-shared.js';

i18n.addResourceBundle('en', 'translation', {
  tokens: {
    title: 'API tokens',
    list: 'API tokens',
    none: 'No token yet.',
    colName: 'Name',
    colRole: 'Role',
    colCreated: 'Created',
    colUsed: 'Last used',
    colState: 'State',
    colActions: 'Actions',
    live: 'active',
    revoked: 'revoked {{time}}',
    revoke: 'Revoke {{name}}',
    confirmRevoke: 'Revoke {{name}}? Scripts using it stop at once.',
    revokedDone: 'Token {{name}} revoked.',
    create: 'Create a token',
    name: 'Name (who or what uses it)',
    role: 'Role',
    submit: 'Create the token',
    secretTitle: 'Token {{name}} created',
    secretHint: 'Copy this secret now: it is shown this once and cannot be recovered.',
    secretLabel: 'Secret of {{name}}',
    secretDone: 'I copied it',
    taken: 'A live token already has this name: revoke it first, or choose another name.',
  },
}, true, true);
i18n.addResourceBundle('fr', 'translation', {
  tokens: {
    title: 'Jetons d’API',
    list: 'Jetons d’API',
    none: 'Aucun jeton pour l’instant.',
    colName: 'Nom',
    colRole: 'Rôle',
    colCreated: 'Créé',
    colUsed: 'Dernier usage',
    colState: 'État',
    colActions: 'Actions',
    live: 'actif',
    revoked: 'révoqué {{time}}',
    revoke: 'Révoquer {{name}}',
    confirmRevoke: 'Révoquer {{name}} ? Les scripts qui l’utilisent s’arrêtent aussitôt.',
    revokedDone: 'Jeton {{name}} révoqué.',
    create: 'Créer un jeton',
    name: 'Nom (qui ou quoi l’utilise)',
    role: 'Rôle',
    submit: 'Créer le jeton',
    secretTitle: 'Jeton {{name}} créé',
    secretHint: 'Copiez ce secret maintenant : il n’est montré qu’une fois et ne peut pas être retrouvé.',
    secretLabel: 'Secret de {{name}}',
    secretDone: 'Je l’ai copié',
    taken: 'Un jeton actif porte déjà ce nom : révoquez-le d’abord, ou choisissez un autre nom.',
  },
}, true, true);

const ROLES: Role[] = ['viewer', 'responder', 'editor', 'admin'];
const TOKENS_KEY = ['tokens'] as const;

function Secret({ token, onDone }: { token: ApiToken; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <section className="secret-once" aria-labelledby="token-secret-title">
      <h2 id="token-secret-title">{t('tokens.secretTitle', { name: token.name })}</h2>
      <p>{t('tokens.secretHint')}</p>
      <p>
        <span className="settings-vh">{t('tokens.secretLabel', { name: token.name })}: </span>
        <code className="secret" data-testid="token-secret">{token.secret}</code>
      </p>
      <button type="button" onClick={onDone}>{t('tokens.secretDone')}</button>
    </section>
  );
}

function RevokeButton({ token, onDone }: { token: ApiToken; onDone: (kind: 'ok' | 'error', text: string) => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const errorText = useErrorText();
  const [confirming, setConfirming] = useState(false);
  const revoke = useMutation({
    mutationFn: () => api<void>(`/api/v1/tokens/${encodeURIComponent(token.id)}`, { method: 'DELETE' }),
    onSuccess: () => onDone('ok', t('tokens.revokedDone', { name: token.name })),
    onError: (err) => onDone('error', errorText(err)),
    onSettled: () => {
      setConfirming(false);
      void client.invalidateQueries({ queryKey: TOKENS_KEY });
    },
  });
  if (!confirming) return <button type="button" className="danger" onClick={() => setConfirming(true)}>{t('tokens.revoke', { name: token.name })}</button>;
  return (
    <span role="group" aria-label={t('tokens.confirmRevoke', { name: token.name })} className="settings-confirm">
      <span>{t('tokens.confirmRevoke', { name: token.name })}</span>
      <button type="button" className="danger" disabled={revoke.isPending} onClick={() => revoke.mutate()}>{t('settings.confirm')}</button>
      <button type="button" className="link-button" onClick={() => setConfirming(false)}>{t('settings.cancel')}</button>
    </span>
  );
}

export default function TokensPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const client = useQueryClient();
  const errorText = useErrorText();
  const admin = useSession()?.user.role === 'admin';
  const tokens = useQuery({ queryKey: TOKENS_KEY, queryFn: () => api<{ items: ApiToken[] }>('/api/v1/tokens'), enabled: admin });
  const [form, setForm] = useState({ name: '', role: 'viewer' as Role });
  const [created, setCreated] = useState<ApiToken>();
  const [outcome, setOutcome] = useState<{ kind: 'ok' | 'error'; text: string }>();
  const create = useMutation({
    mutationFn: () => api<ApiToken>('/api/v1/tokens', { method: 'POST', body: form }),
    onSuccess: (token) => {
      setCreated(token);
      setOutcome(undefined);
      setForm({ name: '', role: 'viewer' });
      void client.invalidateQueries({ queryKey: TOKENS_KEY });
    },
    onError: (err) => setOutcome({ kind: 'error', text: err instanceof ApiError && err.code === 'name_taken' ? t('tokens.taken') : errorText(err) }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };

  return (
    <AdminPage title={t('tokens.title')}>
      {created && <Secret token={created} onDone={() => setCreated(undefined)} />}
      {outcome && <Notice kind={outcome.kind}>{outcome.text}</Notice>}
      {tokens.isPending && <Loading />}
      {tokens.isError && <Failure error={tokens.error} onRetry={() => void tokens.refetch()} />}
      {tokens.data && tokens.data.items.length === 0 && <p>{t('tokens.none')}</p>}
      {tokens.data && tokens.data.items.length > 0 && (
        <div className="table-wrap">
          <table className="settings-table">
            <caption>{t('tokens.list')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('tokens.colName')}</th>
                <th scope="col">{t('tokens.colRole')}</th>
                <th scope="col">{t('tokens.colCreated')}</th>
                <th scope="col">{t('tokens.colUsed')}</th>
                <th scope="col">{t('tokens.colState')}</th>
                <th scope="col">{t('tokens.colActions')}</th>
              </tr>
            </thead>
            <tbody>
              {tokens.data.items.map((token) => (
                <tr key={token.id}>
                  <th scope="row">{token.name}</th>
                  <td>{t(`roles.${token.role}`)}</td>
                  <td>{format.dateTime(token.createdAt)}</td>
                  <td>{token.lastUsedAt ? format.dateTime(token.lastUsedAt) : t('settings.never')}</td>
                  <td>
                    <span className={`badge ${token.revokedAt ? 'badge-down' : 'badge-up'}`}>
                      {token.revokedAt ? t('tokens.revoked', { time: format.dateTime(token.revokedAt) }) : t('tokens.live')}
                    </span>
                  </td>
                  <td>{!token.revokedAt && <RevokeButton token={token} onDone={(kind, text) => setOutcome({ kind, text })} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <section aria-labelledby="tokens-create">
        <h2 id="tokens-create">{t('tokens.create')}</h2>
        <form className="settings-form" onSubmit={submit}>
          <label>
            <span>{t('tokens.name')}</span>
            <input name="name" required maxLength={100} autoComplete="off" value={form.name} onChange={(e) => setForm((f) => ({ ...f, name: e.target.value }))} />
          </label>
          <label>
            <span>{t('tokens.role')}</span>
            <select name="role" value={form.role} onChange={(e) => setForm((f) => ({ ...f, role: e.target.value as Role }))}>
              {ROLES.map((r) => <option key={r} value={r}>{t(`roles.${r}`)}</option>)}
            </select>
          </label>
          <button type="submit" disabled={create.isPending}>{t('tokens.submit')}</button>
        </form>
      </section>
    </AdminPage>
  );
}
