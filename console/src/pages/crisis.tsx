/**
 * @module The crisis room: roles with the people holding them, the bridge, the checklist with
 * toggles, deadlines counting down (marked met by hand), the linked incidents, and the drafts:
 * texts edited in English and French, approved (by the communication lead: the API's 403 message
 * is shown to anyone else) and sent; new drafts prepared and drafts filled again from the facts,
 * and the crisis deactivated with a summary (`crisis-actions.tsx`). Responders and above act
 * (deactivation: editors); viewers read.
 */
import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, ApiError } from '../api.js';
import { useFormat, type Formatter } from '../format.js';
import '../incidents-texts.js';
import { can, useSession } from '../session.js';
import type { CrisisDetail, CrisisDraft } from '../types.js';
import { Failure, Loading, Notice, useErrorText } from '../ui.js';
import { DeactivateCrisis, PrepareDraft, RefreshDraft } from './crisis-actions.js';

const crisisKey = (id: number) => ['crises', 'detail', id] as const;

function useNow(): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/** A write on the crisis; afterwards the crisis is read again (the answers are partial views). */
function useCrisisAction<T>(id: number, call: (arg: T) => Promise<unknown>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: call, onSettled: () => client.invalidateQueries({ queryKey: crisisKey(id) }) });
}

/** A failed call in words; a 403 from the API carries its own message (who may approve). */
function useActionError(): (error: unknown) => string {
  const { t } = useTranslation();
  const errorText = useErrorText();
  return (error) => (error instanceof ApiError && error.status === 403 ? t('crisis.forbidden', { message: error.message }) : errorText(error));
}

function Roles({ crisis, format }: { crisis: CrisisDetail; format: Formatter }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="cr-roles">
      <h2 id="cr-roles">{t('crisis.roles')}</h2>
      <dl className="cr-roles">
        {crisis.roles.map((r) => (
          <div key={r.role}>
            <dt>{format.text(r.name)}</dt>
            <dd>{r.people.map((p) => p.name).join(', ')}</dd>
          </div>
        ))}
      </dl>
      <p className="muted">{t('crisis.approvers', { names: crisis.approvers.map((p) => p.name).join(', ') })}</p>
      <h3>{t('crisis.bridge')}</h3>
      {crisis.bridge ? <p><a href={crisis.bridge} rel="noreferrer" target="_blank">{t('crisis.joinBridge')}</a> <span className="muted">{crisis.bridge}</span></p> : <p>{t('crisis.noBridge')}</p>}
    </section>
  );
}

function Checklist({ crisis, format, canAct }: { crisis: CrisisDetail; format: Formatter; canAct: boolean }) {
  const { t } = useTranslation();
  const actionError = useActionError();
  const client = useQueryClient();
  // The box follows the click at once; the crisis read again afterwards sets it right.
  const [shown, setShown] = useState<Record<number, boolean>>({});
  const tick = useMutation({
    mutationFn: ({ index, done }: { index: number; done: boolean }) => api<CrisisDetail>(`/api/v1/crises/${crisis.id}/checklist/${index}`, { method: 'PATCH', body: { done } }),
    onSettled: async () => {
      await client.invalidateQueries({ queryKey: crisisKey(crisis.id) });
      setShown({});
    },
  });
  return (
    <section aria-labelledby="cr-checklist">
      <h2 id="cr-checklist">{t('crisis.checklist')}</h2>
      <ul className="cr-checklist">
        {crisis.checklist.map((item) => (
          <li key={item.index}>
            <label className="cr-check">
              <input
                type="checkbox"
                checked={shown[item.index] ?? item.done}
                disabled={!canAct}
                onChange={(e) => {
                  const done = e.target.checked;
                  setShown((s) => ({ ...s, [item.index]: done }));
                  tick.mutate({ index: item.index, done });
                }}
              />
              <span>{format.text(item.text)}</span>
            </label>
            {item.done && <span className="muted"> {t('crisis.doneBy', { by: item.doneBy ?? '—', time: format.dateTime(item.doneAt) })}</span>}
          </li>
        ))}
      </ul>
      {tick.isError && <Notice kind="error">{actionError(tick.error)}</Notice>}
    </section>
  );
}

function Deadlines({ crisis, format, canAct }: { crisis: CrisisDetail; format: Formatter; canAct: boolean }) {
  const { t } = useTranslation();
  const now = useNow();
  const actionError = useActionError();
  const met = useCrisisAction(crisis.id, (deadlineId: number) => api(`/api/v1/crises/${crisis.id}/deadlines/${deadlineId}/met`, { method: 'POST', body: {} }));
  return (
    <section aria-labelledby="cr-deadlines">
      <h2 id="cr-deadlines">{t('crisis.deadlines')}</h2>
      {crisis.deadlines.length === 0 && <p>{t('crisis.noDeadlines')}</p>}
      <ul className="cr-deadlines">
        {crisis.deadlines.map((d) => {
          const due = Date.parse(d.dueAt);
          const pending = d.state === 'open' || d.state === 'missed';
          return (
            <li key={d.id} className={pending && due < now ? 'cr-overdue' : undefined}>
              <strong>{format.text(d.title)}</strong>{' '}
              <span className="badge">{t(`crisis.deadlineState.${d.state}`)}</span>{' '}
              {pending && (due >= now ? t('crisis.dueIn', { left: format.duration(due - now), time: format.dateTime(due) }) : t('crisis.overdue', { late: format.duration(now - due), time: format.dateTime(due) }))}
              {d.metAt && t('crisis.metAt', { time: format.dateTime(d.metAt) })}
              <br />
              <span className="muted">{t('crisis.owner', { role: format.text(d.owner.name), people: d.owner.people.map((p) => p.name).join(', ') })}</span>{' '}
              {canAct && pending && (
                <button type="button" disabled={met.isPending} onClick={() => met.mutate(d.id)} aria-label={`${t('crisis.markMet')}: ${format.text(d.title)}`}>
                  {t('crisis.markMet')}
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {met.isError && <Notice kind="error">{actionError(met.error)}</Notice>}
    </section>
  );
}

function Draft({ crisis, draft, format, canAct }: { crisis: CrisisDetail; draft: CrisisDraft; format: Formatter; canAct: boolean }) {
  const { t } = useTranslation();
  const actionError = useActionError();
  const [texts, setTexts] = useState(draft.texts);
  const stored = JSON.stringify(draft.texts);
  useEffect(() => setTexts(JSON.parse(stored) as CrisisDraft['texts']), [stored]);
  const base = `/api/v1/crises/${crisis.id}/drafts/${draft.id}`;
  const save = useCrisisAction(crisis.id, () => api(base, { method: 'PATCH', body: texts }));
  const approve = useCrisisAction(crisis.id, () => api(`${base}/approve`, { method: 'POST' }));
  const send = useCrisisAction(crisis.id, () => api(`${base}/send`, { method: 'POST' }));
  const busy = save.isPending || approve.isPending || send.isPending;
  const editable = canAct && draft.status !== 'sent';
  const changed = JSON.stringify(texts) !== stored;
  const field = (lang: 'en' | 'fr', part: 'subject' | 'body') => ({
    value: texts[lang][part],
    readOnly: !editable,
    lang,
    onChange: (e: { target: { value: string } }) => setTexts((v) => ({ ...v, [lang]: { ...v[lang], [part]: e.target.value } })),
  });
  const heading = `cr-draft-${draft.id}`;
  const error = [save, approve, send].find((m) => m.isError)?.error;
  return (
    <article className="cr-draft" aria-labelledby={heading}>
      <h3 id={heading}>
        {t('crisis.draftTitle', { id: draft.id, audience: t(`crisis.audience.${draft.audience}`) })}{' '}
        <span className={`badge cr-draft-${draft.status}`}>{t(`crisis.draftStatus.${draft.status}`)}</span>
      </h3>
      <div className="inc-columns">
        {(['en', 'fr'] as const).map((lang) => (
          <div key={lang} className="stack">
            <label>
              <span>{t(lang === 'en' ? 'crisis.subjectEn' : 'crisis.subjectFr')}</span>
              <input type="text" {...field(lang, 'subject')} />
            </label>
            <label>
              <span>{t(lang === 'en' ? 'crisis.bodyEn' : 'crisis.bodyFr')}</span>
              <textarea rows={6} {...field(lang, 'body')} />
            </label>
          </div>
        ))}
      </div>
      {draft.approvedBy && <p className="muted">{t('crisis.approved', { name: draft.approvedBy.name, time: format.dateTime(draft.approvedAt) })}</p>}
      {draft.sentAt && <p className="muted">{t('crisis.sent', { time: format.dateTime(draft.sentAt), by: draft.sentBy ?? '—' })}</p>}
      {canAct && (
        <div className="inc-buttons">
          {editable && <button type="button" disabled={busy || !changed} onClick={() => save.mutate(undefined)}>{t('crisis.save')}</button>}
          {draft.status === 'draft' && <button type="button" disabled={busy || changed} onClick={() => approve.mutate(undefined)}>{t('crisis.approve')}</button>}
          {draft.status === 'draft' && <RefreshDraft crisisId={crisis.id} draftId={draft.id} />}
          {draft.status === 'approved' && <button type="button" disabled={busy || changed} onClick={() => send.mutate(undefined)}>{t('crisis.send')}</button>}
        </div>
      )}
      {save.isSuccess && !changed && draft.status === 'draft' && !approve.isSuccess && <Notice kind="ok">{t('crisis.saved')}</Notice>}
      {error !== undefined && <Notice kind="error">{actionError(error)}</Notice>}
    </article>
  );
}

export default function CrisisPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const session = useSession();
  const param = useParams().id ?? '';
  const id = Number(param);
  const crisis = useQuery({ queryKey: crisisKey(id), queryFn: () => api<CrisisDetail>(`/api/v1/crises/${id}`) });
  const canAct = can(session?.user.role, 'responder');

  if (crisis.isPending) return <Loading />;
  if (crisis.isError) {
    if (crisis.error instanceof ApiError && crisis.error.status === 404) {
      return (
        <>
          <h1>{t('errors.notFoundTitle')}</h1>
          <p>{t('crisis.notFound', { id: param })}</p>
        </>
      );
    }
    return <Failure error={crisis.error} onRetry={() => void crisis.refetch()} />;
  }
  const data = crisis.data;
  return (
    <>
      <h1>{t('crisis.title', { id: data.id, title: format.text(data.title) })}</h1>
      <p>
        <span className={`badge cr-status-${data.status}`}>{t(`crisis.${data.status}`)}</span>{' '}
        {data.cell.name && <>{t('crisis.cell')}: {format.text(data.cell.name)} — </>}
        {t('crisis.activated', { time: format.dateTime(data.activatedAt), by: data.activatedBy })}
      </p>
      {data.summary && <p data-testid="crisis-summary">{t('crisisActions.summaryShown', { text: format.text(data.summary) })}</p>}
      {canAct && data.status === 'active' && <DeactivateCrisis crisis={data} />}
      <div className="cr-grid">
        <Roles crisis={data} format={format} />
        <section aria-labelledby="cr-incidents">
          <h2 id="cr-incidents">{t('crisis.incidents')}</h2>
          <ul>
            {data.incidents.map((i) => (
              <li key={i.id}>
                <span className={`badge badge-sev badge-${i.severity.toLowerCase()}`}>{i.severity}</span>{' '}
                <Link to={`/incidents/${i.id}`}>{t('incident.title', { id: i.id, title: format.text(i.title) })}</Link>{' '}
                <span className="badge">{t(`incidentStatus.${i.status}`)}</span>
              </li>
            ))}
          </ul>
        </section>
        <Checklist crisis={data} format={format} canAct={canAct} />
        <Deadlines crisis={data} format={format} canAct={canAct} />
      </div>
      <section aria-labelledby="cr-drafts">
        <h2 id="cr-drafts">{t('crisis.drafts')}</h2>
        {data.drafts.length === 0 && <p>{t('crisis.noDrafts')}</p>}
        {canAct && <PrepareDraft crisis={data} />}
        {data.drafts.map((d) => <Draft key={d.id} crisis={data} draft={d} format={format} canAct={canAct} />)}
      </section>
    </>
  );
}
