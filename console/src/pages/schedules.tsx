/**
 * @module /settings/schedules: the on-call schedules of the configuration, read-only (time zone,
 * layers with rotation, shift length, first hand-off, members and active windows), with a link
 * to the on-call page where overrides are made.
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../api.js';
import { useFormat } from '../format.js';
import i18n from '../i18n.js';
import { Failure, Loading, Notice } from '../ui.js';
import { SettingsPage } from './settings-shared.js';

i18n.addResourceBundle('en', 'translation', {
  schedules: {
    title: 'Schedules',
    fromConfig: 'Schedules are defined in the configuration file (schedules:); change them there. Overrides can also be made on the',
    oncallLink: 'on-call page',
    none: 'No schedule is configured.',
    zone: 'Time zone of hand-offs: {{zone}}',
    overrides: 'Overrides: {{config}} in the configuration file, {{api}} made in the console or the API.',
    layers: 'Layers of {{name}}, bottom to top (a higher layer wins where it is active)',
    colLayer: 'Layer',
    colRotation: 'Rotation',
    colHandOff: 'First hand-off',
    colMembers: 'Members, in order',
    colActive: 'Active',
    daily: 'daily',
    weekly: 'weekly',
    custom: 'every {{hours}} h',
    always: 'always',
    window: '{{days}} {{from}}–{{to}}',
    handOff: '{{time}} ({{zone}})',
  },
}, true, true);
i18n.addResourceBundle('fr', 'translation', {
  schedules: {
    title: 'Plannings',
    fromConfig: 'Les plannings sont définis dans le fichier de configuration (schedules:) ; modifiez-les là. Les remplacements peuvent aussi se faire sur la',
    oncallLink: 'page d’astreinte',
    none: 'Aucun planning n’est configuré.',
    zone: 'Fuseau horaire des relèves : {{zone}}',
    overrides: 'Remplacements : {{config}} dans le fichier de configuration, {{api}} faits dans la console ou l’API.',
    layers: 'Couches de {{name}}, de bas en haut (une couche plus haute l’emporte là où elle est active)',
    colLayer: 'Couche',
    colRotation: 'Rotation',
    colHandOff: 'Première relève',
    colMembers: 'Membres, dans l’ordre',
    colActive: 'Active',
    daily: 'quotidienne',
    weekly: 'hebdomadaire',
    custom: 'toutes les {{hours}} h',
    always: 'toujours',
    window: '{{days}} {{from}}–{{to}}',
    handOff: '{{time}} ({{zone}})',
  },
}, true, true);

interface ScheduleItem {
  id: string;
  name: string;
  timeZone: string;
  layers: Array<{
    name: string;
    rotation: 'daily' | 'weekly' | 'custom';
    shiftHours: number;
    handOff: string;
    members: Array<{ id: string; name: string }>;
    active: Array<{ days: number[]; from: string; to: string }> | null;
  }>;
  overrides: { config: number; api: number };
}

/** Weekday names in the current language (0 = Sunday), short. */
function weekdays(lang: string): string[] {
  const format = new Intl.DateTimeFormat(lang, { weekday: 'short', timeZone: 'UTC' });
  return Array.from({ length: 7 }, (_, i) => format.format(new Date(Date.UTC(2026, 0, 4 + i))));
}

export default function SchedulesPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const schedules = useQuery({ queryKey: ['schedules'], queryFn: () => api<{ items: ScheduleItem[] }>('/api/v1/schedules') });
  const days = weekdays(format.lang);
  return (
    <SettingsPage title={t('schedules.title')}>
      <Notice kind="info">{t('schedules.fromConfig')} <Link to="/oncall">{t('schedules.oncallLink')}</Link>.</Notice>
      {schedules.isPending ? <Loading /> : schedules.isError ? <Failure error={schedules.error} onRetry={() => void schedules.refetch()} /> : schedules.data.items.length === 0 ? <p>{t('schedules.none')}</p> : (
        schedules.data.items.map((s) => (
          <section key={s.id} aria-labelledby={`schedule-${s.id}`} className="settings-schedule">
            <h2 id={`schedule-${s.id}`}>{s.name} <code>{s.id}</code></h2>
            <p>{t('schedules.zone', { zone: s.timeZone })}</p>
            <p className="muted">{t('schedules.overrides', { config: s.overrides.config, api: s.overrides.api })}</p>
            <div className="table-wrap">
              <table className="settings-table">
                <caption>{t('schedules.layers', { name: s.name })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('schedules.colLayer')}</th>
                    <th scope="col">{t('schedules.colRotation')}</th>
                    <th scope="col">{t('schedules.colHandOff')}</th>
                    <th scope="col">{t('schedules.colMembers')}</th>
                    <th scope="col">{t('schedules.colActive')}</th>
                  </tr>
                </thead>
                <tbody>
                  {s.layers.map((l) => (
                    <tr key={l.name}>
                      <th scope="row">{l.name}</th>
                      <td>{l.rotation === 'custom' ? t('schedules.custom', { hours: format.number(l.shiftHours, 2) }) : t(`schedules.${l.rotation}`)}</td>
                      <td>{t('schedules.handOff', { time: l.handOff.replace('T', ' '), zone: s.timeZone })}</td>
                      <td>{l.members.map((m) => m.name).join(', ')}</td>
                      <td>{l.active === null ? t('schedules.always') : l.active.map((w) => t('schedules.window', { days: w.days.map((d) => days[d]).join(' '), from: w.from, to: w.to })).join('; ')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        ))
      )}
    </SettingsPage>
  );
}
