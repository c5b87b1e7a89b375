/**
 * @module /settings/people: the people of the configuration, read-only (name, language, time zone,
 * contact methods with their channel and address — partly masked for viewers by the API).
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import i18n from '../i18n.js';
import { Failure, Loading, Notice } from '../ui.js';
import { SettingsPage } from './settings-shared.js';

i18n.addResourceBundle('en', 'translation', {
  people: {
    title: 'People',
    fromConfig: 'People are defined in the configuration file (people:); change them there. Contact addresses are partly hidden from viewers.',
    none: 'No person is configured.',
    caption: 'People who can be paged',
    colName: 'Name',
    colId: 'Id',
    colLanguage: 'Language',
    colZone: 'Time zone',
    colContacts: 'Contact methods',
    contact: '{{channel}}: {{to}}',
    room: '{{channel}} (posts to the channel)',
    noContact: 'none: paging this person reaches nobody',
    rules: '{{count}} personal rule',
    rules_other: '{{count}} personal rules',
    en: 'English',
    fr: 'French',
  },
}, true, true);
i18n.addResourceBundle('fr', 'translation', {
  people: {
    title: 'Personnes',
    fromConfig: 'Les personnes sont définies dans le fichier de configuration (people:) ; modifiez-les là. Les adresses de contact sont en partie masquées pour les lecteurs.',
    none: 'Aucune personne n’est configurée.',
    caption: 'Personnes qui peuvent être alertées',
    colName: 'Nom',
    colId: 'Identifiant',
    colLanguage: 'Langue',
    colZone: 'Fuseau horaire',
    colContacts: 'Moyens de contact',
    contact: '{{channel}} : {{to}}',
    room: '{{channel}} (publie dans le canal)',
    noContact: 'aucun : alerter cette personne n’atteint personne',
    rules: '{{count}} règle personnelle',
    rules_other: '{{count}} règles personnelles',
    en: 'anglais',
    fr: 'français',
  },
}, true, true);

interface PersonItem {
  id: string;
  name: string;
  language: 'en' | 'fr';
  timeZone: string | null;
  contacts: Array<{ id: string; channel: string; to: string | null }>;
  rules: number;
}

export default function PeoplePage() {
  const { t } = useTranslation();
  const people = useQuery({ queryKey: ['people'], queryFn: () => api<{ items: PersonItem[] }>('/api/v1/people') });
  return (
    <SettingsPage title={t('people.title')}>
      <Notice kind="info">{t('people.fromConfig')}</Notice>
      {people.isPending ? <Loading /> : people.isError ? <Failure error={people.error} onRetry={() => void people.refetch()} /> : people.data.items.length === 0 ? <p>{t('people.none')}</p> : (
        <div className="table-wrap">
          <table className="settings-table" id="people-table">
            <caption>{t('people.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('people.colName')}</th>
                <th scope="col">{t('people.colId')}</th>
                <th scope="col">{t('people.colLanguage')}</th>
                <th scope="col">{t('people.colZone')}</th>
                <th scope="col">{t('people.colContacts')}</th>
              </tr>
            </thead>
            <tbody>
              {people.data.items.map((p) => (
                <tr key={p.id}>
                  <th scope="row">{p.name}</th>
                  <td><code>{p.id}</code></td>
                  <td>{t(`people.${p.language}`)}</td>
                  <td>{p.timeZone ?? '—'}</td>
                  <td>
                    {p.contacts.length === 0 ? <span className="badge badge-down">{t('people.noContact')}</span> : (
                      <ul className="settings-list">
                        {p.contacts.map((c) => <li key={c.id}>{c.to === null ? t('people.room', { channel: c.channel }) : t('people.contact', { channel: c.channel, to: c.to })}</li>)}
                      </ul>
                    )}
                    {p.rules > 0 && <span className="muted">{t('people.rules', { count: p.rules })}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </SettingsPage>
  );
}
