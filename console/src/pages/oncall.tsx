/**
 * @module /oncall: who is on call now in each schedule (from when, until when, in the user's zone
 * and the schedule's own), each schedule's calendar and overrides (`oncall-schedule.tsx`), and the
 * notification channels with their health; editors can send a test message through a channel.
 */
import { useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { useFormat } from '../format.js';
import i18n from '../i18n.js';
import { can, useSession } from '../session.js';
import type { Channel, OnCallItem } from '../types.js';
import { Failure, Loading, Notice, useErrorText } from '../ui.js';
import { ScheduleDetail } from './oncall-schedule.js';

i18n.addResourceBundle('en', 'translation', {
  oncall: {
    title: 'On call',
    now: 'On call now',
    none: 'No schedule is configured.',
    schedules: 'Who is on call, per schedule',
    colSchedule: 'Schedule',
    colPerson: 'On call',
    colSince: 'Since',
    colUntil: 'Until',
    colSource: 'From',
    gap: 'Nobody (a gap in the schedule)',
    layer: 'rotation “{{layer}}”',
    override: 'override',
    overrideNote: 'override: {{note}}',
    local: 'local time of the schedule ({{zone}}): {{time}}',
    channels: 'Notification channels',
    noChannels: 'No channel is configured.',
    colChannel: 'Channel',
    colKind: 'Kind',
    colHealth: 'Health',
    colTest: 'Test',
    healthy: 'working',
    failing: 'failing since {{time}}: {{error}}',
    to: 'Address for {{name}} (e-mail and SMS channels)',
    test: 'Send a test through {{name}}',
    testOk: 'Test sent through {{name}}: the provider accepted it.',
    testFailed: 'Test through {{name}} refused: {{error}}',
  },
}, true, true);
i18n.addResourceBundle('fr', 'translation', {
  oncall: {
    title: 'Astreinte',
    now: 'D’astreinte maintenant',
    none: 'Aucun planning n’est configuré.',
    schedules: 'Qui est d’astreinte, par planning',
    colSchedule: 'Planning',
    colPerson: 'D’astreinte',
    colSince: 'Depuis',
    colUntil: 'Jusqu’à',
    colSource: 'Origine',
    gap: 'Personne (un trou dans le planning)',
    layer: 'rotation « {{layer}} »',
    override: 'remplacement',
    overrideNote: 'remplacement : {{note}}',
    local: 'heure locale du planning ({{zone}}) : {{time}}',
    channels: 'Canaux de notification',
    noChannels: 'Aucun canal n’est configuré.',
    colChannel: 'Canal',
    colKind: 'Type',
    colHealth: 'État',
    colTest: 'Test',
    healthy: 'fonctionne',
    failing: 'en échec depuis {{time}} : {{error}}',
    to: 'Adresse pour {{name}} (canaux e-mail et SMS)',
    test: 'Envoyer un test par {{name}}',
    testOk: 'Test envoyé par {{name}} : le fournisseur l’a accepté.',
    testFailed: 'Test par {{name}} refusé : {{error}}',
  },
}, true, true);

function localTime(iso: string | null, lang: string, zone: string): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short', timeZone: zone }).format(new Date(iso));
}

function Schedules() {
  const { t } = useTranslation();
  const format = useFormat();
  const oncall = useQuery({ queryKey: ['oncall'], queryFn: () => api<{ at: string; items: OnCallItem[] }>('/api/v1/oncall'), refetchInterval: 60_000 });
  if (oncall.isPending) return <Loading />;
  if (oncall.isError) return <Failure error={oncall.error} onRetry={() => void oncall.refetch()} />;
  if (oncall.data.items.length === 0) return <p>{t('oncall.none')}</p>;
  return (
    <div className="table-wrap">
      <table className="settings-table">
        <caption>{t('oncall.schedules')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('oncall.colSchedule')}</th>
            <th scope="col">{t('oncall.colPerson')}</th>
            <th scope="col">{t('oncall.colSince')}</th>
            <th scope="col">{t('oncall.colUntil')}</th>
            <th scope="col">{t('oncall.colSource')}</th>
          </tr>
        </thead>
        <tbody>
          {oncall.data.items.map(({ schedule, onCall }) => (
            <tr key={schedule.id}>
              <th scope="row">{schedule.name}</th>
              {onCall ? (
                <>
                  <td><strong>{onCall.person.name}</strong></td>
                  <td>
                    {format.dateTime(onCall.since)}
                    <br /><span className="muted">{t('oncall.local', { zone: schedule.timeZone, time: localTime(onCall.since, format.lang, schedule.timeZone) })}</span>
                  </td>
                  <td>
                    {format.dateTime(onCall.until)}
                    <br /><span className="muted">{t('oncall.local', { zone: schedule.timeZone, time: localTime(onCall.until, format.lang, schedule.timeZone) })}</span>
                  </td>
                  <td>
                    {onCall.source.kind === 'layer'
                      ? t('oncall.layer', { layer: onCall.source.layer })
                      : onCall.source.note ? t('oncall.overrideNote', { note: onCall.source.note }) : t('oncall.override')}
                  </td>
                </>
              ) : (
                <td colSpan={4}><span className="badge badge-down">{t('oncall.gap')}</span></td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The calendar and overrides of every schedule. */
function ScheduleDetails() {
  const oncall = useQuery({ queryKey: ['oncall'], queryFn: () => api<{ at: string; items: OnCallItem[] }>('/api/v1/oncall'), refetchInterval: 60_000 });
  if (!oncall.isSuccess) return null;
  return <>{oncall.data.items.map(({ schedule }) => <ScheduleDetail key={schedule.id} schedule={schedule} />)}</>;
}

function ChannelTest({ channel }: { channel: Channel }) {
  const { t } = useTranslation();
  const format = useFormat();
  const errorText = useErrorText();
  const [to, setTo] = useState('');
  const [outcome, setOutcome] = useState<{ kind: 'ok' | 'error'; text: string }>();
  const test = useMutation({
    mutationFn: () => api<{ ok: boolean; error?: string }>(`/api/v1/channels/${encodeURIComponent(channel.id)}/test`, { method: 'POST', body: { language: format.lang, ...(to.trim() ? { to: to.trim() } : {}) } }),
    onSuccess: (r) => setOutcome(r.ok ? { kind: 'ok', text: t('oncall.testOk', { name: channel.name }) } : { kind: 'error', text: t('oncall.testFailed', { name: channel.name, error: r.error ?? '' }) }),
    onError: (err) => setOutcome({ kind: 'error', text: errorText(err) }),
  });
  return (
    <form className="channel-test" onSubmit={(e) => {
      e.preventDefault();
      test.mutate();
    }}>
      <label>
        <span>{t('oncall.to', { name: channel.name })}</span>
        <input name="to" autoComplete="off" value={to} onChange={(e) => setTo(e.target.value)} />
      </label>
      <button type="submit" disabled={test.isPending}>{t('oncall.test', { name: channel.name })}</button>
      {outcome && <Notice kind={outcome.kind}>{outcome.text}</Notice>}
    </form>
  );
}

function Channels() {
  const { t } = useTranslation();
  const format = useFormat();
  const editor = can(useSession()?.user.role, 'editor');
  const channels = useQuery({ queryKey: ['channels'], queryFn: () => api<{ items: Channel[] }>('/api/v1/channels') });
  if (channels.isPending) return <Loading />;
  if (channels.isError) return <Failure error={channels.error} onRetry={() => void channels.refetch()} />;
  if (channels.data.items.length === 0) return <p>{t('oncall.noChannels')}</p>;
  return (
    <div className="table-wrap">
      <table className="settings-table">
        <caption className="settings-vh">{t('oncall.channels')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('oncall.colChannel')}</th>
            <th scope="col">{t('oncall.colKind')}</th>
            <th scope="col">{t('oncall.colHealth')}</th>
            {editor && <th scope="col">{t('oncall.colTest')}</th>}
          </tr>
        </thead>
        <tbody>
          {channels.data.items.map((c) => (
            <tr key={c.id}>
              <th scope="row">{c.name}</th>
              <td>{c.kind}</td>
              <td>
                {c.health.failing
                  ? <span className="badge badge-down">{t('oncall.failing', { time: format.dateTime(c.health.failingSince), error: c.health.lastError ?? '' })}</span>
                  : <span className="badge badge-up">{t('oncall.healthy')}</span>}
              </td>
              {editor && <td><ChannelTest channel={c} /></td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function OnCallPage() {
  const { t } = useTranslation();
  return (
    <>
      <h1>{t('oncall.title')}</h1>
      <section aria-labelledby="oncall-now">
        <h2 id="oncall-now">{t('oncall.now')}</h2>
        <Schedules />
      </section>
      <ScheduleDetails />
      <section aria-labelledby="oncall-channels">
        <h2 id="oncall-channels">{t('oncall.channels')}</h2>
        <Channels />
      </section>
    </>
  );
}
