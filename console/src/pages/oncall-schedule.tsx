/**
 * @module One schedule on the on-call page: a calendar of its shifts over a week or a month (days
 * and times in the user's zone, named; previous/next buttons), its overrides (from the
 * configuration, read-only, and from the API, which responders may delete) and, for responders,
 * a form to put someone on call instead.
 */
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { useFormat, type Formatter } from '../format.js';
import i18n from '../i18n.js';
import { can, useSession } from '../session.js';
import { Failure, Loading, Notice, useErrorText } from '../ui.js';
import { daysOf, instantOf, localParts, parseLocalInput, step, toLocalInput, type Span } from './oncall-time.js';

i18n.addResourceBundle('en', 'translation', {
  oncallSchedule: {
    calendar: 'Calendar of {{name}}',
    span: 'Show',
    week: 'Week',
    month: 'Month',
    previousWeek: 'Previous week',
    nextWeek: 'Next week',
    previousMonth: 'Previous month',
    nextMonth: 'Next month',
    today: 'Today',
    range: '{{from}} – {{to}}, times in {{zone}} (your time zone)',
    scheduleZone: 'The schedule hands off in {{zone}}.',
    colDay: 'Day',
    colShifts: 'On call',
    nobody: 'nobody',
    shift: '{{from}}–{{to}} {{person}}',
    viaLayer: 'rotation “{{layer}}”',
    viaOverride: 'override',
    overrides: 'Overrides of {{name}}',
    noOverrides: 'No override now or to come.',
    colPerson: 'Person',
    colStart: 'Start',
    colEnd: 'End',
    colNote: 'Note',
    colSource: 'Defined in',
    colActions: 'Actions',
    fromConfig: 'configuration file',
    fromApi: 'console or API, by {{author}}',
    delete: 'Delete the override of {{person}}',
    deleted: 'Override of {{person}} deleted.',
    add: 'Put someone on call instead',
    person: 'Person',
    start: 'Start ({{zone}})',
    end: 'End ({{zone}})',
    note: 'Note (optional)',
    submit: 'Add the override',
    added: 'Override added: {{person}} is on call from {{from}} to {{to}}.',
    badTime: 'Give a start and an end.',
    lastWins: 'Where overrides overlap, the one added last applies.',
  },
}, true, true);
i18n.addResourceBundle('fr', 'translation', {
  oncallSchedule: {
    calendar: 'Calendrier de {{name}}',
    span: 'Afficher',
    week: 'Semaine',
    month: 'Mois',
    previousWeek: 'Semaine précédente',
    nextWeek: 'Semaine suivante',
    previousMonth: 'Mois précédent',
    nextMonth: 'Mois suivant',
    today: 'Aujourd’hui',
    range: '{{from}} – {{to}}, heures en {{zone}} (votre fuseau horaire)',
    scheduleZone: 'Les relèves du planning suivent le fuseau {{zone}}.',
    colDay: 'Jour',
    colShifts: 'D’astreinte',
    nobody: 'personne',
    shift: '{{from}}–{{to}} {{person}}',
    viaLayer: 'rotation « {{layer}} »',
    viaOverride: 'remplacement',
    overrides: 'Remplacements de {{name}}',
    noOverrides: 'Aucun remplacement en cours ou à venir.',
    colPerson: 'Personne',
    colStart: 'Début',
    colEnd: 'Fin',
    colNote: 'Note',
    colSource: 'Défini dans',
    colActions: 'Actions',
    fromConfig: 'fichier de configuration',
    fromApi: 'console ou API, par {{author}}',
    delete: 'Supprimer le remplacement de {{person}}',
    deleted: 'Remplacement de {{person}} supprimé.',
    add: 'Mettre quelqu’un d’astreinte à la place',
    person: 'Personne',
    start: 'Début ({{zone}})',
    end: 'Fin ({{zone}})',
    note: 'Note (facultative)',
    submit: 'Ajouter le remplacement',
    added: 'Remplacement ajouté : {{person}} est d’astreinte du {{from}} au {{to}}.',
    badTime: 'Indiquez un début et une fin.',
    lastWins: 'Là où des remplacements se chevauchent, le dernier ajouté s’applique.',
  },
}, true, true);

export interface ScheduleRef {
  id: string;
  name: string;
  timeZone: string;
}

interface Shift {
  person: { id: string; name: string };
  source: { kind: 'layer'; layer: string } | { kind: 'override'; note: string | null };
  since: string;
  until: string;
}

interface OverrideItem {
  id: number | null;
  source: 'config' | 'api';
  person: { id: string; name: string };
  start: string;
  end: string;
  note: string | null;
  author: string | null;
}

interface Person {
  id: string;
  name: string;
}

const time = (ms: number, format: Formatter) => new Intl.DateTimeFormat(format.lang, { hour: '2-digit', minute: '2-digit', timeZone: format.timeZone }).format(new Date(ms));

/** Invalidates what an override changes: the calendar, the overrides and who is on call. */
function useRefresh(scheduleId: string) {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: ['shifts', scheduleId] }),
      client.invalidateQueries({ queryKey: ['overrides', scheduleId] }),
      client.invalidateQueries({ queryKey: ['oncall'] }),
    ]);
}

function Calendar({ schedule }: { schedule: ScheduleRef }) {
  const { t } = useTranslation();
  const format = useFormat();
  const zone = format.timeZone;
  const [span, setSpan] = useState<Span>('week');
  const [anchor, setAnchor] = useState<{ year: number; month: number; day: number }>(() => localParts(Date.now(), zone));
  const days = daysOf(span, anchor, zone);
  const from = days[0]!.start;
  const to = days[days.length - 1]!.end;
  const shifts = useQuery({
    queryKey: ['shifts', schedule.id, from, to],
    queryFn: () => api<{ items: Shift[] }>(`/api/v1/schedules/${encodeURIComponent(schedule.id)}/shifts?from=${from}&to=${to}`),
  });
  const dayLabel = (ms: number) => new Intl.DateTimeFormat(format.lang, { weekday: 'long', day: 'numeric', month: 'long', timeZone: zone }).format(new Date(ms));
  const short = (ms: number) => new Intl.DateTimeFormat(format.lang, { day: 'numeric', month: 'short', year: 'numeric', timeZone: zone }).format(new Date(ms));
  const unit = span === 'week' ? 'Week' : 'Month';
  const id = `cal-${schedule.id}`;
  return (
    <section aria-labelledby={`${id}-title`} className="oncall-calendar">
      <h3 id={`${id}-title`}>{t('oncallSchedule.calendar', { name: schedule.name })}</h3>
      <div className="oncall-calendar-bar">
        <button type="button" onClick={() => setAnchor(step(span, anchor, -1))}>{t(`oncallSchedule.previous${unit}`)}</button>
        <button type="button" onClick={() => setAnchor(localParts(Date.now(), zone))}>{t('oncallSchedule.today')}</button>
        <button type="button" onClick={() => setAnchor(step(span, anchor, 1))}>{t(`oncallSchedule.next${unit}`)}</button>
        <label>
          <span>{t('oncallSchedule.span')}</span>
          <select value={span} onChange={(e) => setSpan(e.target.value as Span)}>
            <option value="week">{t('oncallSchedule.week')}</option>
            <option value="month">{t('oncallSchedule.month')}</option>
          </select>
        </label>
      </div>
      <p className="muted">{t('oncallSchedule.scheduleZone', { zone: schedule.timeZone })}</p>
      {shifts.isPending ? <Loading /> : shifts.isError ? <Failure error={shifts.error} onRetry={() => void shifts.refetch()} /> : (
        <div className="table-wrap">
          <table className="settings-table oncall-days" data-schedule={schedule.id}>
            <caption aria-live="polite">{t('oncallSchedule.range', { from: short(from), to: short(to - 1), zone })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('oncallSchedule.colDay')}</th>
                <th scope="col">{t('oncallSchedule.colShifts')}</th>
              </tr>
            </thead>
            <tbody>
              {days.map((d) => {
                const inDay = shifts.data.items.filter((s) => Date.parse(s.since) < d.end && Date.parse(s.until) > d.start);
                return (
                  <tr key={d.start} data-day={`${d.date.year}-${String(d.date.month).padStart(2, '0')}-${String(d.date.day).padStart(2, '0')}`}>
                    <th scope="row">{dayLabel(d.start)}</th>
                    <td>
                      {inDay.length === 0 ? <span className="muted">{t('oncallSchedule.nobody')}</span> : (
                        <ul className="oncall-shifts">
                          {inDay.map((s) => (
                            <li key={s.since} className={s.source.kind === 'override' ? 'oncall-override' : undefined}>
                              {t('oncallSchedule.shift', { from: time(Math.max(Date.parse(s.since), d.start), format), to: time(Math.min(Date.parse(s.until), d.end), format), person: s.person.name })}
                              {' '}<span className="muted">({s.source.kind === 'layer' ? t('oncallSchedule.viaLayer', { layer: s.source.layer }) : t('oncallSchedule.viaOverride')})</span>
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Overrides({ schedule }: { schedule: ScheduleRef }) {
  const { t } = useTranslation();
  const format = useFormat();
  const errorText = useErrorText();
  const responder = can(useSession()?.user.role, 'responder');
  const refresh = useRefresh(schedule.id);
  const [outcome, setOutcome] = useState<{ kind: 'ok' | 'error'; text: string }>();
  const path = `/api/v1/schedules/${encodeURIComponent(schedule.id)}/overrides`;
  const overrides = useQuery({ queryKey: ['overrides', schedule.id], queryFn: () => api<{ items: OverrideItem[] }>(path) });
  const remove = useMutation({
    mutationFn: (o: OverrideItem) => api<void>(`${path}/${o.id}`, { method: 'DELETE' }),
    onSuccess: async (_r, o) => {
      await refresh();
      setOutcome({ kind: 'ok', text: t('oncallSchedule.deleted', { person: o.person.name }) });
    },
    onError: (err) => setOutcome({ kind: 'error', text: errorText(err) }),
  });
  const id = `ovr-${schedule.id}`;
  return (
    <section aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('oncallSchedule.overrides', { name: schedule.name })}</h3>
      <p className="muted">{t('oncallSchedule.lastWins')}</p>
      {overrides.isPending ? <Loading /> : overrides.isError ? <Failure error={overrides.error} onRetry={() => void overrides.refetch()} /> : overrides.data.items.length === 0 ? <p>{t('oncallSchedule.noOverrides')}</p> : (
        <div className="table-wrap">
          <table className="settings-table oncall-overrides" data-schedule={schedule.id}>
            <caption className="settings-vh">{t('oncallSchedule.overrides', { name: schedule.name })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('oncallSchedule.colPerson')}</th>
                <th scope="col">{t('oncallSchedule.colStart')}</th>
                <th scope="col">{t('oncallSchedule.colEnd')}</th>
                <th scope="col">{t('oncallSchedule.colNote')}</th>
                <th scope="col">{t('oncallSchedule.colSource')}</th>
                {responder && <th scope="col">{t('oncallSchedule.colActions')}</th>}
              </tr>
            </thead>
            <tbody>
              {overrides.data.items.map((o, i) => (
                <tr key={o.id ?? `config-${i}`}>
                  <th scope="row">{o.person.name}</th>
                  <td>{format.dateTime(o.start)}</td>
                  <td>{format.dateTime(o.end)}</td>
                  <td>{o.note ?? '—'}</td>
                  <td>{o.source === 'config' ? t('oncallSchedule.fromConfig') : t('oncallSchedule.fromApi', { author: o.author ?? '—' })}</td>
                  {responder && (
                    <td>
                      {o.id !== null && (
                        <button type="button" className="danger" disabled={remove.isPending} onClick={() => remove.mutate(o)}>
                          {t('oncallSchedule.delete', { person: o.person.name })}
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {responder && <OverrideForm schedule={schedule} onOutcome={setOutcome} />}
      {outcome && <Notice kind={outcome.kind}>{outcome.text}</Notice>}
    </section>
  );
}

function OverrideForm({ schedule, onOutcome }: { schedule: ScheduleRef; onOutcome: (o: { kind: 'ok' | 'error'; text: string }) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const errorText = useErrorText();
  const refresh = useRefresh(schedule.id);
  const zone = format.timeZone;
  const people = useQuery({ queryKey: ['people'], queryFn: () => api<{ items: Person[] }>('/api/v1/people') });
  const [person, setPerson] = useState('');
  const [start, setStart] = useState(() => toLocalInput(Math.ceil(Date.now() / 3_600_000) * 3_600_000, zone));
  const [end, setEnd] = useState(() => toLocalInput(Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 12 * 3_600_000, zone));
  const [note, setNote] = useState('');
  const add = useMutation({
    mutationFn: (body: { person: string; start: string; end: string; note?: string }) => api<OverrideItem>(`/api/v1/schedules/${encodeURIComponent(schedule.id)}/overrides`, { method: 'POST', body }),
    onSuccess: async (o) => {
      await refresh();
      setNote('');
      onOutcome({ kind: 'ok', text: t('oncallSchedule.added', { person: o.person.name, from: format.dateTime(o.start), to: format.dateTime(o.end) }) });
    },
    onError: (err) => onOutcome({ kind: 'error', text: errorText(err) }),
  });
  const chosen = person || people.data?.items[0]?.id || '';
  const id = `add-${schedule.id}`;
  return (
    <form className="oncall-override-form" aria-labelledby={`${id}-title`} onSubmit={(e) => {
      e.preventDefault();
      const from = parseLocalInput(start);
      const until = parseLocalInput(end);
      if (!from || !until) {
        onOutcome({ kind: 'error', text: t('oncallSchedule.badTime') });
        return;
      }
      add.mutate({ person: chosen, start: new Date(instantOf(from, zone)).toISOString(), end: new Date(instantOf(until, zone)).toISOString(), ...(note.trim() ? { note: note.trim() } : {}) });
    }}>
      <h4 id={`${id}-title`}>{t('oncallSchedule.add')}</h4>
      <label>
        <span>{t('oncallSchedule.person')}</span>
        <select name="person" value={chosen} onChange={(e) => setPerson(e.target.value)} required>
          {(people.data?.items ?? []).map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
        </select>
      </label>
      <label>
        <span>{t('oncallSchedule.start', { zone })}</span>
        <input type="datetime-local" name="start" value={start} onChange={(e) => setStart(e.target.value)} required />
      </label>
      <label>
        <span>{t('oncallSchedule.end', { zone })}</span>
        <input type="datetime-local" name="end" value={end} onChange={(e) => setEnd(e.target.value)} required />
      </label>
      <label>
        <span>{t('oncallSchedule.note')}</span>
        <input name="note" maxLength={500} autoComplete="off" value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      <button type="submit" disabled={add.isPending || !chosen}>{t('oncallSchedule.submit')}</button>
    </form>
  );
}

/** The calendar and the overrides of one schedule. */
export function ScheduleDetail({ schedule }: { schedule: ScheduleRef }) {
  return (
    <section aria-labelledby={`sched-${schedule.id}`} className="oncall-schedule">
      <h2 id={`sched-${schedule.id}`}>{schedule.name}</h2>
      <Calendar schedule={schedule} />
      <Overrides schedule={schedule} />
    </section>
  );
}
