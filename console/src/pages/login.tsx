/** @module Sign-in: username and password, then the TOTP code when the account asks for it. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { api, ApiError } from '../api.js';
import { useSessionQuery, useSetupNeeded, useSignedIn } from '../session.js';
import type { Session } from '../types.js';
import { Notice, useErrorText } from '../ui.js';

/** Only a path of this console (never another site) is followed after signing in. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

export default function LoginPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const signedIn = useSignedIn();
  const session = useSessionQuery();
  const setup = useSetupNeeded(session.data === null);
  const errorText = useErrorText();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [needsTotp, setNeedsTotp] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  if (session.data) return <Navigate to={safeNext(params.get('next'))} replace />;
  if (setup.data?.needed) return <Navigate to="/setup" replace />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const answer = await api<Session>('/api/v1/session', { method: 'POST', body: { username, password, ...(needsTotp ? { totp: totp.trim() } : {}) } });
      signedIn(answer);
      navigate(safeNext(params.get('next')), { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'totp_required') {
        setNeedsTotp(true);
        if (needsTotp) setError(t('login.invalid'));
      } else if (err instanceof ApiError && err.code === 'invalid_credentials') setError(t('login.invalid'));
      else if (err instanceof ApiError && (err.code === 'locked' || err.status === 429)) setError(t('login.locked'));
      else setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" className="narrow">
      <h1>{t('login.title')}</h1>
      <form onSubmit={(e) => void submit(e)} className="stack">
        <label>
          <span>{t('login.username')}</span>
          <input name="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} autoFocus />
        </label>
        <label>
          <span>{t('login.password')}</span>
          <input name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {needsTotp && (
          <>
            <p id="totp-hint">{t('login.totpHint')}</p>
            <label>
              <span>{t('login.totp')}</span>
              <input name="totp" inputMode="numeric" autoComplete="one-time-code" required value={totp} onChange={(e) => setTotp(e.target.value)} aria-describedby="totp-hint" autoFocus />
            </label>
          </>
        )}
        {error && <Notice kind="error">{error}</Notice>}
        <button type="submit" disabled={busy}>{busy ? t('login.submitting') : t('login.submit')}</button>
      </form>
    </main>
  );
}
