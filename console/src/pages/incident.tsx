/**
 * @module One incident: title, severity, status, service and figures; acknowledge, mitigate and
 * resolve for responders (the `a` key acknowledges); the timeline with every kind of entry; the
 * suspect changes with the likely cause marked; the crisis rooms it belongs to, and a crisis cell
 * activated for it by hand (editors, `crisis-actions.tsx`); and the update
 * composer (internal or public, English and French side by side, public ones previewed as the
 * status page will read them).
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, ApiError } from '../api.js';
import { useFormat, type Formatter } from '../format.js';
import '../incidents-texts.js';
import { can, useSession } from '../session.js';
import type { IncidentDetail, IncidentStatus, SuspectList, Texts } from '../types.js';
import { Failure, Loading, Notice, useErrorText } from '../ui.js';
import { ActivateCrisis } from './crisis-actions.js';

type Step = 'acknowledge' | 'mitigate' | 'resolve';
const STEP_FROM: Record<Step, readonly IncidentStatus[]> = { acknowledge: ['open'], mitigate: ['open', 'acknowledged'], resolve: ['open', 'acknowledged', 'mitigated'] };

const incidentKey = (id: number) => ['incidents', 'detail', id] as const;

function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT', 'BUTTON'].includes(target.tagName);
}

function useIncident(id: number) {
  return useQuery({ queryKey: incidentKey(id), queryFn: () => api<IncidentDetail>(`/api/v1/incidents/${id}`) });
}

/** Acknowledge / mitigate / resolve; the answer (the incident with its timeline) replaces the cached one. */
function useStep(id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (step: Step) => api<IncidentDetail>(`/api/v1/incidents/${id}/${step}`, { method: 'POST' }),
    onSuccess: (incident) => {
      client.setQueryData(incidentKey(id), incident);
      void client.invalidateQueries({ queryKey: ['incidents', 'list'] });
    },
  });
}

function Facts({ incident, format }: { incident: IncidentDetail; format: Formatter }) {
  const { t } = useTranslation();
  const figure = (ms: number | null) => (ms === null ? t('incident.notYet') : format.duration(ms));
  return (
    <div className="inc-facts">
      <dl>
        <dt>{t('incident.severity')}</dt>
        <dd><span className={`badge badge-sev badge-${incident.severity.toLowerCase()}`}>{incident.severity}</span></dd>
        <dt>{t('incident.status')}</dt>
        <dd><span className={`badge badge-incident-${incident.status}`} data-testid="incident-status">{t(`incidentStatus.${incident.status}`)}</span></dd>
        <dt>{t('incident.service')}</dt>
        <dd>{incident.serviceId ?? t('incident.noService')}</dd>
        <dt>{t('incident.opened')}</dt>
        <dd>{format.dateTime(incident.openedAt)}</dd>
        {incident.acknowledgedAt && (
          <>
            <dt>{t('incident.acknowledgedAt')}</dt>
            <dd>{format.dateTime(incident.acknowledgedAt)}</dd>
          </>
        )}
        {incident.resolvedAt && (
          <>
            <dt>{t('incident.resolvedAt')}</dt>
            <dd>{format.dateTime(incident.resolvedAt)}</dd>
          </>
        )}
        <dt>{t('incident.affected')}</dt>
        <dd>{incident.affected.join(', ') || '—'}</dd>
      </dl>
      <section aria-labelledby="inc-figures">
        <h2 id="inc-figures">{t('incident.figures')}</h2>
        <dl>
          <dt>{t('incident.timeToDetect')}</dt>
          <dd>{figure(incident.figures.timeToDetectMs)}</dd>
          <dt>{t('incident.timeToAcknowledge')}</dt>
          <dd>{figure(incident.figures.timeToAcknowledgeMs)}</dd>
          <dt>{t('incident.timeToResolve')}</dt>
          <dd>{figure(incident.figures.timeToResolveMs)}</dd>
        </dl>
      </section>
    </div>
  );
}

function Actions({ incident }: { incident: IncidentDetail }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const step = useStep(incident.id);
  const canAck = STEP_FROM.acknowledge.includes(incident.status);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'a' || event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
      if (document.querySelector('dialog[open]') || !canAck || step.isPending) return;
      event.preventDefault();
      step.mutate('acknowledge');
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [canAck, step]);
  return (
    <section aria-labelledby="inc-actions">
      <h2 id="inc-actions">{t('incident.actions')}</h2>
      <div className="inc-buttons">
        {(['acknowledge', 'mitigate', 'resolve'] as const).map((name) => (
          <button key={name} type="button" disabled={!STEP_FROM[name].includes(incident.status) || step.isPending} onClick={() => step.mutate(name)} {...(name === 'acknowledge' ? { 'aria-keyshortcuts': 'a' } : {})}>
            {t(`incident.${name}`)}
          </button>
        ))}
      </div>
      <p className="muted">{t('incident.shortcutHint')}</p>
      {step.isError && <Notice kind="error">{errorText(step.error)}</Notice>}
      {step.isSuccess && <Notice kind="ok">{t('incident.done', { status: t(`incidentStatus.${step.data.status}`) })}</Notice>}
    </section>
  );
}

function Timeline({ incident, format }: { incident: IncidentDetail; format: Formatter }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="inc-timeline">
      <h2 id="inc-timeline">{t('incident.timeline')}</h2>
      <ol className="inc-timeline">
        {incident.timeline.map((entry) => (
          <li key={entry.id} className={`inc-entry inc-entry-${entry.kind}`} data-kind={entry.kind}>
            <span className="inc-when">{format.dateTime(entry.at)}</span>{' '}
            <span className="badge">{t(`timelineKind.${entry.kind}`, { defaultValue: entry.kind })}</span>{' '}
            <span className="inc-text">{format.text(entry.text)}</span>
            {entry.author && <span className="muted"> — {t('incident.by', { author: entry.author })}</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}

function Suspects({ id, format }: { id: number; format: Formatter }) {
  const { t } = useTranslation();
  const suspects = useQuery({ queryKey: ['incidents', 'suspects', id], queryFn: () => api<SuspectList>(`/api/v1/incidents/${id}/suspects`), retry: false });
  return (
    <section aria-labelledby="inc-suspects">
      <h2 id="inc-suspects">{t('incident.suspects')}</h2>
      {suspects.isPending && <Loading />}
      {suspects.isError && <p className="muted">{t('incident.suspectsUnavailable', { message: suspects.error instanceof ApiError ? suspects.error.message : String(suspects.error) })}</p>}
      {suspects.data && suspects.data.items.length === 0 && <p>{t('incident.noSuspects')}</p>}
      {suspects.data && suspects.data.items.length > 0 && (
        <ol className="inc-suspects">
          {suspects.data.items.map((s) => {
            const likely = suspects.data.likely_cause?.change === s.change.id;
            return (
              <li key={s.change.id} className={likely ? 'inc-likely' : undefined}>
                {likely && <strong className="badge badge-down">{t('incident.likelyCause')}</strong>}{' '}
                {t('incident.suspectLine', { summary: s.change.summary, kind: s.change.kind, before: format.duration(s.before_ms) })}
                <br />
                <span className="muted">{format.text(s.text)}</span>
                {s.touched.length > 0 && <span className="muted"> — {t('incident.touched', { list: s.touched.join(', ') })}</span>}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

/** The crisis rooms this incident is in: named by the timeline's crisis entries. */
function CrisisLinks({ incident }: { incident: IncidentDetail }) {
  const { t } = useTranslation();
  const ids = [...new Set(incident.timeline.map((e) => e.details?.['crisisId']).filter((v): v is number => typeof v === 'number'))];
  if (ids.length === 0) return null;
  return (
    <section aria-labelledby="inc-crises">
      <h2 id="inc-crises">{t('incident.crises')}</h2>
      <ul>
        {ids.map((id) => <li key={id}><Link to={`/crises/${id}`}>{t('incident.crisisLink', { id })}</Link></li>)}
      </ul>
    </section>
  );
}

/** A public update as the status page shows it: the public status word, then the text, plain. */
function Preview({ status, text }: { status: IncidentStatus; text: Texts }) {
  const { t, i18n } = useTranslation();
  return (
    <section aria-labelledby="inc-preview" className="inc-preview">
      <h3 id="inc-preview">{t('incident.preview')}</h3>
      <div className="inc-columns">
        {(['en', 'fr'] as const).map((lang) => (
          <article key={lang} lang={lang} className="inc-preview-card">
            <p><strong>{i18n.getFixedT(lang)(`publicStatus.${status}`)}</strong></p>
            <p className="inc-plain">{text[lang].trim() || i18n.getFixedT(lang)('incident.previewEmpty')}</p>
          </article>
        ))}
      </div>
    </section>
  );
}

function Composer({ incident }: { incident: IncidentDetail }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const client = useQueryClient();
  const [kind, setKind] = useState<'internal' | 'public'>('internal');
  const [text, setText] = useState<Texts>({ en: '', fr: '' });
  const [missing, setMissing] = useState(false);
  const post = useMutation({
    mutationFn: () => api<IncidentDetail>(`/api/v1/incidents/${incident.id}/updates`, { method: 'POST', body: { kind, text: { en: text.en.trim(), fr: text.fr.trim() } } }),
    onSuccess: (updated) => {
      client.setQueryData(incidentKey(incident.id), updated);
      setText({ en: '', fr: '' });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const empty = !text.en.trim() || !text.fr.trim();
    setMissing(empty);
    if (!empty) post.mutate();
  };
  return (
    <section aria-labelledby="inc-composer">
      <h2 id="inc-composer">{t('incident.composer')}</h2>
      <form onSubmit={submit} className="stack">
        <fieldset className="inc-kind">
          <legend>{t('incident.kind')}</legend>
          {(['internal', 'public'] as const).map((k) => (
            <label key={k} className="inc-radio">
              <input type="radio" name="update-kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
              <span>{t(`incident.${k}`)}</span>
            </label>
          ))}
        </fieldset>
        <div className="inc-columns">
          <label>
            <span>{t('incident.textEn')}</span>
            <textarea lang="en" rows={5} value={text.en} onChange={(e) => setText((v) => ({ ...v, en: e.target.value }))} />
          </label>
          <label>
            <span>{t('incident.textFr')}</span>
            <textarea lang="fr" rows={5} value={text.fr} onChange={(e) => setText((v) => ({ ...v, fr: e.target.value }))} />
          </label>
        </div>
        {kind === 'public' && <Preview status={incident.status} text={text} />}
        {missing && <Notice kind="error">{t('incident.bothNeeded')}</Notice>}
        {post.isError && <Notice kind="error">{errorText(post.error)}</Notice>}
        {post.isSuccess && <Notice kind="ok">{t('incident.posted')}</Notice>}
        <div>
          <button type="submit" disabled={post.isPending}>{post.isPending ? t('incident.posting') : t('incident.post')}</button>
        </div>
      </form>
    </section>
  );
}

export default function IncidentPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const session = useSession();
  const param = useParams().id ?? '';
  const id = Number(param);
  const incident = useIncident(id);
  const responder = can(session?.user.role, 'responder');

  if (incident.isPending) return <Loading />;
  if (incident.isError) {
    if (incident.error instanceof ApiError && incident.error.status === 404) {
      return (
        <>
          <h1>{t('errors.notFoundTitle')}</h1>
          <p>{t('incident.notFound', { id: param })}</p>
          <Link to="/incidents">{t('incident.back')}</Link>
        </>
      );
    }
    return <Failure error={incident.error} onRetry={() => void incident.refetch()} />;
  }
  const data = incident.data;
  return (
    <>
      <p><Link to="/incidents">{t('incident.back')}</Link></p>
      <h1>{t('incident.title', { id: data.id, title: format.text(data.title) })}</h1>
      {data.summary && <p>{format.text(data.summary)}</p>}
      <Facts incident={data} format={format} />
      <CrisisLinks incident={data} />
      {responder && <Actions incident={data} />}
      {responder && <ActivateCrisis incidentId={data.id} />}
      <div className="inc-main">
        <Timeline incident={data} format={format} />
        <Suspects id={data.id} format={format} />
      </div>
      {responder && <Composer incident={data} />}
    </>
  );
}
