/**
 * @module /account: the signed-in user's own settings — display name, language and time zone
 * (saved to the user, so every browser follows them), password change, and the TOTP second
 * factor: enrolment (secret and otpauth URI as text, confirmed with a code, the ten recovery
 * codes shown once behind an "I saved them" step) and turning it off with the password.
 */
import { useMemo, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api.js';
import i18n, { chooseLang, LANGS } from '../i18n.js';
import { SESSION_KEY, useSession } from '../session.js';
import type { Lang, Session, User } from '../types.js';
import { Notice, useErrorText } from '../ui.js';

i18n.addResourceBundle('en', 'translation', {
  account: {
    title: 'My account',
    profile: 'Profile',
    username: 'Username: {{name}}',
    displayName: 'Display name',
    language: 'Language',
    timeZone: 'Time zone',
    timeZoneHint: 'An IANA zone such as Europe/Paris; times in the console are shown in it.',
    saveProfile: 'Save the profile',
    saved: 'Profile saved.',
    password: 'Password',
    current: 'Current password',
    new: 'New password',
    newHint: 'At least 12 characters. Your other sessions end.',
    confirm: 'New password again',
    mismatch: 'The two new passwords differ.',
    changePassword: 'Change the password',
    passwordChanged: 'Password changed.',
    wrongPassword: 'The current password is wrong.',
    totp: 'Second factor (TOTP)',
    totpOff: 'Off: signing in needs only the password.',
    totpOn: 'On: signing in also needs a code from your authenticator app (or a recovery code).',
    start: 'Set up an authenticator app',
    secretIntro: 'Add this account to your authenticator app with the secret below (or the otpauth URI), then type the 6-digit code it shows.',
    secret: 'Secret',
    uri: 'otpauth URI',
    code: 'Code from the app',
    confirmCode: 'Turn the second factor on',
    cancel: 'Cancel',
    invalidCode: 'This code is not right: check the app and the clock, and try the next code.',
    codesTitle: 'Recovery codes',
    codesIntro: 'Each code works once in place of an app code. Keep them somewhere safe: they are shown this once.',
    codesList: 'Your ten recovery codes',
    saved_them: 'I saved them',
    enabled: 'Second factor on.',
    disableIntro: 'To turn the second factor off, confirm with your password.',
    disablePassword: 'Password',
    disable: 'Turn the second factor off',
    disabled: 'Second factor off.',
  },
}, true, true);
i18n.addResourceBundle('fr', 'translation', {
  account: {
    title: 'Mon compte',
    profile: 'Profil',
    username: 'Nom d’utilisateur : {{name}}',
    displayName: 'Nom affiché',
    language: 'Langue',
    timeZone: 'Fuseau horaire',
    timeZoneHint: 'Un fuseau IANA comme Europe/Paris ; la console y affiche les heures.',
    saveProfile: 'Enregistrer le profil',
    saved: 'Profil enregistré.',
    password: 'Mot de passe',
    current: 'Mot de passe actuel',
    new: 'Nouveau mot de passe',
    newHint: 'Au moins 12 caractères. Vos autres sessions sont fermées.',
    confirm: 'Nouveau mot de passe (encore)',
    mismatch: 'Les deux nouveaux mots de passe diffèrent.',
    changePassword: 'Changer le mot de passe',
    passwordChanged: 'Mot de passe changé.',
    wrongPassword: 'Le mot de passe actuel est faux.',
    totp: 'Second facteur (TOTP)',
    totpOff: 'Inactif : la connexion ne demande que le mot de passe.',
    totpOn: 'Actif : la connexion demande aussi un code de votre application d’authentification (ou un code de secours).',
    start: 'Configurer une application d’authentification',
    secretIntro: 'Ajoutez ce compte à votre application d’authentification avec le secret ci-dessous (ou l’URI otpauth), puis saisissez le code à 6 chiffres qu’elle affiche.',
    secret: 'Secret',
    uri: 'URI otpauth',
    code: 'Code de l’application',
    confirmCode: 'Activer le second facteur',
    cancel: 'Annuler',
    invalidCode: 'Ce code n’est pas bon : vérifiez l’application et l’horloge, puis essayez le code suivant.',
    codesTitle: 'Codes de secours',
    codesIntro: 'Chaque code remplace une fois un code de l’application. Gardez-les en lieu sûr : ils ne sont montrés qu’une fois.',
    codesList: 'Vos dix codes de secours',
    saved_them: 'Je les ai enregistrés',
    enabled: 'Second facteur activé.',
    disableIntro: 'Pour désactiver le second facteur, confirmez avec votre mot de passe.',
    disablePassword: 'Mot de passe',
    disable: 'Désactiver le second facteur',
    disabled: 'Second facteur désactivé.',
  },
}, true, true);

type Outcome = { kind: 'ok' | 'error'; text: string } | undefined;

function useUserUpdate(): (user: User) => void {
  const client = useQueryClient();
  return (user) => client.setQueryData<Session | null>(SESSION_KEY, (s) => (s ? { ...s, user: { ...s.user, ...user } } : s));
}

function timeZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return [];
  }
}

function Profile({ user }: { user: User }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const updateUser = useUserUpdate();
  const zones = useMemo(timeZones, []);
  const [form, setForm] = useState({
    display_name: user.display_name ?? '',
    language: (user.language ?? 'en') as Lang,
    time_zone: user.time_zone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
  });
  const [outcome, setOutcome] = useState<Outcome>();
  const save = useMutation({
    mutationFn: () => api<User>('/api/v1/me', { method: 'PATCH', body: { display_name: form.display_name.trim(), language: form.language, time_zone: form.time_zone.trim() } }),
    onSuccess: (saved) => {
      updateUser(saved);
      chooseLang(saved.language ?? form.language);
      setOutcome({ kind: 'ok', text: t('account.saved') });
    },
    onError: (err) => setOutcome({ kind: 'error', text: errorText(err) }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <section aria-labelledby="account-profile">
      <h2 id="account-profile">{t('account.profile')}</h2>
      <p>{t('account.username', { name: user.username })}</p>
      <form className="settings-form" onSubmit={submit}>
        <label>
          <span>{t('account.displayName')}</span>
          <input name="display_name" required maxLength={100} autoComplete="name" value={form.display_name} onChange={(e) => setForm((f) => ({ ...f, display_name: e.target.value }))} />
        </label>
        <label>
          <span>{t('account.language')}</span>
          <select name="language" value={form.language} onChange={(e) => setForm((f) => ({ ...f, language: e.target.value as Lang }))}>
            {LANGS.map((lang) => <option key={lang} value={lang} lang={lang}>{lang === 'en' ? 'English' : 'Français'}</option>)}
          </select>
        </label>
        <label>
          <span>{t('account.timeZone')}</span>
          <input name="time_zone" required list="account-zones" autoComplete="off" value={form.time_zone} onChange={(e) => setForm((f) => ({ ...f, time_zone: e.target.value }))} aria-describedby="account-zone-hint" />
        </label>
        <datalist id="account-zones">
          {zones.map((z) => <option key={z} value={z} />)}
        </datalist>
        <p id="account-zone-hint" className="muted settings-hint">{t('account.timeZoneHint')}</p>
        <button type="submit" disabled={save.isPending}>{t('account.saveProfile')}</button>
      </form>
      {outcome && <Notice kind={outcome.kind}>{outcome.text}</Notice>}
    </section>
  );
}

function Password() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [form, setForm] = useState({ current: '', new: '', again: '' });
  const [outcome, setOutcome] = useState<Outcome>();
  const change = useMutation({
    mutationFn: () => api<User>('/api/v1/me', { method: 'PATCH', body: { password: { current: form.current, new: form.new } } }),
    onSuccess: () => {
      setForm({ current: '', new: '', again: '' });
      setOutcome({ kind: 'ok', text: t('account.passwordChanged') });
    },
    onError: (err) => setOutcome({ kind: 'error', text: err instanceof ApiError && err.code === 'wrong_password' ? t('account.wrongPassword') : errorText(err) }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (form.new !== form.again) return setOutcome({ kind: 'error', text: t('account.mismatch') });
    change.mutate();
  };
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));
  return (
    <section aria-labelledby="account-password">
      <h2 id="account-password">{t('account.password')}</h2>
      <form className="settings-form" onSubmit={submit}>
        <label>
          <span>{t('account.current')}</span>
          <input name="current" type="password" required autoComplete="current-password" value={form.current} onChange={set('current')} />
        </label>
        <label>
          <span>{t('account.new')}</span>
          <input name="new" type="password" required minLength={12} autoComplete="new-password" value={form.new} onChange={set('new')} aria-describedby="account-new-hint" />
        </label>
        <label>
          <span>{t('account.confirm')}</span>
          <input name="again" type="password" required minLength={12} autoComplete="new-password" value={form.again} onChange={set('again')} />
        </label>
        <p id="account-new-hint" className="muted settings-hint">{t('account.newHint')}</p>
        <button type="submit" disabled={change.isPending}>{t('account.changePassword')}</button>
      </form>
      {outcome && <Notice kind={outcome.kind}>{outcome.text}</Notice>}
    </section>
  );
}

type TotpStep = { step: 'idle' } | { step: 'started'; secret: string; uri: string } | { step: 'codes'; codes: string[] };

function Totp({ user }: { user: User }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const client = useQueryClient();
  const [state, setState] = useState<TotpStep>({ step: 'idle' });
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [outcome, setOutcome] = useState<Outcome>();
  const refreshSession = () => void client.invalidateQueries({ queryKey: SESSION_KEY });
  const fail = (err: unknown) => setOutcome({ kind: 'error', text: err instanceof ApiError && err.code === 'invalid_code' ? t('account.invalidCode') : err instanceof ApiError && err.code === 'wrong_password' ? t('account.wrongPassword') : errorText(err) });
  const start = useMutation({
    mutationFn: () => api<{ secret: string; uri: string }>('/api/v1/me/totp', { method: 'POST' }),
    onSuccess: (s) => {
      setOutcome(undefined);
      setState({ step: 'started', ...s });
    },
    onError: fail,
  });
  const confirm = useMutation({
    mutationFn: () => api<{ recovery_codes: string[] }>('/api/v1/me/totp/confirm', { method: 'POST', body: { code: code.trim() } }),
    onSuccess: (r) => {
      setOutcome(undefined);
      setCode('');
      setState({ step: 'codes', codes: r.recovery_codes });
    },
    onError: fail,
  });
  const disable = useMutation({
    mutationFn: () => api<void>('/api/v1/me/totp', { method: 'DELETE', body: { password } }),
    onSuccess: () => {
      setPassword('');
      setOutcome({ kind: 'ok', text: t('account.disabled') });
      refreshSession();
    },
    onError: fail,
  });

  let body;
  if (state.step === 'codes') {
    body = (
      <div className="secret-once">
        <h3 id="account-codes">{t('account.codesTitle')}</h3>
        <p>{t('account.codesIntro')}</p>
        <ul className="recovery-codes" aria-label={t('account.codesList')}>
          {state.codes.map((c) => <li key={c}><code>{c}</code></li>)}
        </ul>
        <button type="button" onClick={() => {
          setState({ step: 'idle' });
          setOutcome({ kind: 'ok', text: t('account.enabled') });
          refreshSession();
        }}>{t('account.saved_them')}</button>
      </div>
    );
  } else if (state.step === 'started') {
    body = (
      <form className="stack totp-enrol" onSubmit={(e) => {
        e.preventDefault();
        confirm.mutate();
      }}>
        <p>{t('account.secretIntro')}</p>
        <dl className="totp-secret">
          <dt>{t('account.secret')}</dt>
          <dd><code data-testid="totp-secret">{state.secret}</code></dd>
          <dt>{t('account.uri')}</dt>
          <dd><code data-testid="totp-uri">{state.uri}</code></dd>
        </dl>
        <label>
          <span>{t('account.code')}</span>
          <input name="code" inputMode="numeric" autoComplete="one-time-code" required value={code} onChange={(e) => setCode(e.target.value)} />
        </label>
        <div className="settings-actions">
          <button type="submit" disabled={confirm.isPending}>{t('account.confirmCode')}</button>
          <button type="button" className="link-button" onClick={() => setState({ step: 'idle' })}>{t('account.cancel')}</button>
        </div>
      </form>
    );
  } else if (user.totp_enabled) {
    body = (
      <form className="settings-form" onSubmit={(e) => {
        e.preventDefault();
        disable.mutate();
      }}>
        <p className="settings-hint">{t('account.disableIntro')}</p>
        <label>
          <span>{t('account.disablePassword')}</span>
          <input name="totp_password" type="password" required autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <button type="submit" className="danger" disabled={disable.isPending}>{t('account.disable')}</button>
      </form>
    );
  } else {
    body = <button type="button" disabled={start.isPending} onClick={() => start.mutate()}>{t('account.start')}</button>;
  }

  return (
    <section aria-labelledby="account-totp">
      <h2 id="account-totp">{t('account.totp')}</h2>
      {state.step !== 'codes' && <p>{user.totp_enabled ? t('account.totpOn') : t('account.totpOff')}</p>}
      {body}
      {outcome && <Notice kind={outcome.kind}>{outcome.text}</Notice>}
    </section>
  );
}

export default function AccountPage() {
  const { t } = useTranslation();
  const user = useSession()?.user;
  if (!user) return null;
  return (
    <>
      <h1>{t('account.title')}</h1>
      <Profile user={user} />
      <Password />
      <Totp user={user} />
    </>
  );
}
