/** @module First run: creating the administrator with the setup token Vigie printed at start-up. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../api.js';
import { currentLang } from '../i18n.js';
import { useSetupNeeded, useSignedIn } from '../session.js';
import type { Session } from '../types.js';
import { Loading, Notice, useErrorText } from '../ui.js';

const MIN_PASSWORD = 12;

export default function SetupPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const client = useQueryClient();
  const signedIn = useSignedIn();
  const setup = useSetupNeeded(true);
  const errorText = useErrorText();
  const [form, setForm] = useState({ token: params.get('token') ?? '', username: '', displayName: '', password: '', confirm: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  if (setup.isPending) return <Loading />;
  if (setup.data && !setup.data.needed) {
    return (
      <main id="main" className="narrow">
        <h1>{t('setup.title')}</h1>
        <Notice kind="info">{t('setup.notNeeded')}</Notice>
        <p><Link to="/login">{t('setup.toLogin')}</Link></p>
      </main>
    );
  }

  const field = (name: keyof typeof form) => ({
    name,
    value: form[name],
    onChange: (e: { target: { value: string } }) => setForm((f) => ({ ...f, [name]: e.target.value })),
  });
  const mismatch = form.confirm.length > 0 && form.confirm !== form.password;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (form.password.length < MIN_PASSWORD) return setError(t('setup.tooShort'));
    if (form.password !== form.confirm) return setError(t('setup.mismatch'));
    setBusy(true);
    setError(undefined);
    try {
      const answer = await api<Session>('/api/v1/setup', {
        method: 'POST',
        body: {
          setup_token: form.token.trim(),
          username: form.username.trim(),
          password: form.password,
          ...(form.displayName.trim() ? { display_name: form.displayName.trim() } : {}),
          language: currentLang(),
        },
      });
      signedIn(answer);
      client.setQueryData(['setup'], { needed: false });
      navigate('/', { replace: true });
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" className="narrow">
      <h1>{t('setup.title')}</h1>
      <p>{t('setup.intro')}</p>
      <form onSubmit={(e) => void submit(e)} className="stack">
        <label>
          <span>{t('setup.token')}</span>
          <input {...field('token')} required autoComplete="off" aria-describedby="token-hint" />
        </label>
        <p id="token-hint" className="hint">{t('setup.tokenHint')}</p>
        <label>
          <span>{t('setup.username')}</span>
          <input {...field('username')} required autoComplete="username" />
        </label>
        <label>
          <span>{t('setup.displayName')}</span>
          <input {...field('displayName')} autoComplete="name" />
        </label>
        <label>
          <span>{t('setup.password')}</span>
          <input {...field('password')} type="password" required minLength={MIN_PASSWORD} autoComplete="new-password" aria-describedby="password-hint" />
        </label>
        <p id="password-hint" className="hint">{t('setup.passwordHint')}</p>
        <label>
          <span>{t('setup.confirm')}</span>
          <input {...field('confirm')} type="password" required autoComplete="new-password" aria-invalid={mismatch} aria-describedby={mismatch ? 'confirm-error' : undefined} />
        </label>
        {mismatch && <p id="confirm-error" className="field-error">{t('setup.mismatch')}</p>}
        {error && <Notice kind="error">{error}</Notice>}
        <button type="submit" disabled={busy}>{busy ? t('setup.submitting') : t('setup.submit')}</button>
      </form>
    </main>
  );
}
