/**
 * @module What the settings pages share: their sub-navigation (people and schedules for everyone;
 * users, tokens and the audit log for administrators), the "not allowed" answer of the admin
 * pages for other roles, and their common texts.
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import i18n from '../i18n.js';
import { can, useSession } from '../session.js';
import { Notice } from '../ui.js';

i18n.addResourceBundle('en', 'translation', {
  settings: {
    nav: 'Settings',
    users: 'Users',
    tokens: 'API tokens',
    audit: 'Audit log',
    people: 'People',
    schedules: 'Schedules',
    notAllowed: 'Not allowed: only administrators may see this page.',
    confirm: 'Confirm',
    cancel: 'Cancel',
    never: 'never',
  },
}, true, true);
i18n.addResourceBundle('fr', 'translation', {
  settings: {
    nav: 'Réglages',
    users: 'Utilisateurs',
    tokens: 'Jetons d’API',
    audit: 'Journal d’audit',
    people: 'Personnes',
    schedules: 'Plannings',
    notAllowed: 'Accès non autorisé : seuls les administrateurs voient cette page.',
    confirm: 'Confirmer',
    cancel: 'Annuler',
    never: 'jamais',
  },
}, true, true);

function SettingsNav() {
  const { t } = useTranslation();
  const admin = can(useSession()?.user.role, 'admin');
  return (
    <nav aria-label={t('settings.nav')} className="settings-nav">
      <ul>
        {admin && <li><NavLink to="/settings/users">{t('settings.users')}</NavLink></li>}
        {admin && <li><NavLink to="/settings/tokens">{t('settings.tokens')}</NavLink></li>}
        {admin && <li><NavLink to="/settings/audit">{t('settings.audit')}</NavLink></li>}
        <li><NavLink to="/settings/people">{t('settings.people')}</NavLink></li>
        <li><NavLink to="/settings/schedules">{t('settings.schedules')}</NavLink></li>
      </ul>
    </nav>
  );
}

/** A settings page every role may read: its title, the sub-navigation and its content. */
export function SettingsPage({ title, children }: { title: string; children: ReactNode }) {
  return (
    <>
      <h1>{title}</h1>
      <SettingsNav />
      {children}
    </>
  );
}

/** An admin settings page: its title, the sub-navigation and its content; "not allowed" for other roles. */
export function AdminPage({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation();
  const session = useSession();
  if (!can(session?.user.role, 'admin')) {
    return (
      <>
        <h1>{title}</h1>
        <Notice kind="error">{t('settings.notAllowed')}</Notice>
      </>
    );
  }
  return (
    <>
      <h1>{title}</h1>
      <SettingsNav />
      {children}
    </>
  );
}
