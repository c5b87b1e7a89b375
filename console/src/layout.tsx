/**
 * @module The frame of every signed-in page: skip link, header with the navigation, language,
 * theme and sign-out, the live connection banner, and the keyboard shortcuts (`/` search,
 * `?` this list).
 */
import { useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { NavLink, useNavigate } from 'react-router';
import { api, setCsrf } from './api.js';
import { chooseLang, LANGS } from './i18n.js';
import { useLiveEvents } from './live.js';
import { markLoggedOut, SESSION_KEY, useSession } from './session.js';
import { applyTheme, storedTheme, type ThemeChoice } from './theme.js';
import type { Lang, Session, User } from './types.js';

/** The element `/` focuses: the search field of the page, when it has one. */
export const SEARCH_ID = 'page-search';

function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

function Shortcuts({ dialog }: { dialog: RefObject<HTMLDialogElement | null> }) {
  const { t } = useTranslation();
  return (
    <dialog ref={dialog} aria-labelledby="shortcuts-title" className="dialog">
      <h2 id="shortcuts-title">{t('shortcuts.title')}</h2>
      <dl className="shortcuts">
        <dt><kbd>/</kbd></dt>
        <dd>{t('shortcuts.search')}</dd>
        <dt><kbd>?</kbd></dt>
        <dd>{t('shortcuts.help')}</dd>
        <dt><kbd>a</kbd></dt>
        <dd>{t('shortcuts.acknowledge')}</dd>
        <dt><kbd>Esc</kbd></dt>
        <dd>{t('shortcuts.escape')}</dd>
      </dl>
      <form method="dialog">
        <button type="submit" autoFocus>{t('shortcuts.close')}</button>
      </form>
    </dialog>
  );
}

function useShortcuts(dialog: RefObject<HTMLDialogElement | null>): void {
  const navigate = useNavigate();
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === 'Escape' && typing(event.target)) return (event.target as HTMLElement).blur();
      if (typing(event.target) || dialog.current?.open) return;
      if (event.key === '/') {
        event.preventDefault();
        const search = document.getElementById(SEARCH_ID);
        if (search) search.focus();
        else navigate('/monitors', { state: { focusSearch: true } });
      } else if (event.key === '?') {
        event.preventDefault();
        dialog.current?.showModal();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [dialog, navigate]);
}

function LiveBanner() {
  const { t } = useTranslation();
  const status = useLiveEvents();
  const [showRestored, setShowRestored] = useState(false);
  useEffect(() => {
    if (status !== 'restored') return;
    setShowRestored(true);
    const timer = setTimeout(() => setShowRestored(false), 5000);
    return () => clearTimeout(timer);
  }, [status]);
  return (
    <div role="status" aria-live="polite" className="live-region">
      {status === 'lost' && <p className="banner banner-warn">{t('live.lost')}</p>}
      {status === 'restored' && showRestored && <p className="banner banner-ok">{t('live.back')}</p>}
    </div>
  );
}

/** Switches the language and, signed in, saves it as the user's (so their other browsers follow). */
function useSaveUserLang(): (lang: Lang) => void {
  const session = useSession();
  const client = useQueryClient();
  return (lang) => {
    chooseLang(lang);
    if (!session || session.user.language === lang) return;
    void api<User>('/api/v1/me', { method: 'PATCH', body: { language: lang } })
      .then((user) => client.setQueryData<Session | null>(SESSION_KEY, (s) => (s ? { ...s, user: { ...s.user, ...user } } : s)))
      .catch(() => undefined);
  };
}

function Preferences() {
  const { t, i18n } = useTranslation();
  const [theme, setTheme] = useState<ThemeChoice>(storedTheme);
  const saveLang = useSaveUserLang();
  return (
    <div className="prefs">
      <label>
        <span>{t('prefs.language')}</span>
        <select value={i18n.language} onChange={(e) => saveLang(e.target.value as Lang)}>
          {LANGS.map((lang) => (
            <option key={lang} value={lang} lang={lang}>
              {lang === 'en' ? 'English' : 'Français'}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t('prefs.theme')}</span>
        <select
          value={theme}
          onChange={(e) => {
            const choice = e.target.value as ThemeChoice;
            setTheme(choice);
            applyTheme(choice);
          }}
        >
          <option value="system">{t('prefs.themeSystem')}</option>
          <option value="light">{t('prefs.themeLight')}</option>
          <option value="dark">{t('prefs.themeDark')}</option>
        </select>
      </label>
    </div>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const session = useSession();
  const client = useQueryClient();
  const dialog = useRef<HTMLDialogElement>(null);
  useShortcuts(dialog);

  const logout = async () => {
    await api('/api/v1/session', { method: 'DELETE' }).catch(() => undefined);
    setCsrf(undefined);
    // One navigation, made by the session guard: a deliberate log-out lands on the plain sign-in
    // page (a second navigate here raced the guard's /login?next=<this page>).
    markLoggedOut();
    client.setQueryData(SESSION_KEY, null);
    client.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
  };
  const user = session?.user;

  return (
    <>
      <a className="skip" href="#main">{t('app.skip')}</a>
      <header className="top">
        <span className="brand">{t('app.name')}</span>
        <nav aria-label={t('nav.label')}>
          <ul>
            <li><NavLink to="/" end>{t('nav.overview')}</NavLink></li>
            <li><NavLink to="/monitors">{t('nav.monitors')}</NavLink></li>
            <li><NavLink to="/services">{t('nav.services')}</NavLink></li>
            <li><NavLink to="/incidents">{t('nav.incidents')}</NavLink></li>
            <li><NavLink to="/oncall">{t('nav.oncall')}</NavLink></li>
            <li><NavLink to="/changes">{t('nav.changes')}</NavLink></li>
            <li><NavLink to="/status-pages">{t('nav.statusPages')}</NavLink></li>
            <li><NavLink to="/account">{t('nav.account')}</NavLink></li>
            {user && <li><NavLink to={user.role === 'admin' ? '/settings/users' : '/settings/people'}>{t('nav.settings')}</NavLink></li>}
          </ul>
        </nav>
        <div className="top-end">
          <Preferences />
          <button type="button" className="link-button" onClick={() => dialog.current?.showModal()} aria-keyshortcuts="?">
            {t('prefs.shortcuts')}
          </button>
          {user && <span className="who">{t('nav.signedInAs', { name: user.display_name || user.username, role: t(`roles.${user.role}`) })}</span>}
          <button type="button" onClick={() => void logout()}>{t('nav.logout')}</button>
        </div>
      </header>
      <LiveBanner />
      <main id="main" tabIndex={-1}>{children}</main>
      <Shortcuts dialog={dialog} />
    </>
  );
}
