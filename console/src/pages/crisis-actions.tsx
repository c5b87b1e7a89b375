/**
 * @module Crisis actions taken in the console: activating a crisis cell by hand from an incident
 * (editors; a dialog to choose the cell and the crisis kind, then the crisis room), preparing a
 * new draft and filling one again from the facts (responders), and deactivating a crisis with a
 * summary (editors). A role that cannot act sees the button disabled with the reason; the API's
 * refusals are shown in words.
 */
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../api.js';
import { useFormat } from '../format.js';
import i18n from '../i18n.js';
import { can, useSession } from '../session.js';
import type { CrisisCell, CrisisDetail, CrisisDraft } from '../types.js';
import { Notice, useErrorText } from '../ui.js';

const crisisKey = (id: number) => ['crises', 'detail', id] as const;

/** A modal dialog shown while `open`; closing it (Esc, Cancel) calls `onClose`. */
function Dialog({ open, onClose, titleId, children }: { open: boolean; onClose: () => void; titleId: string; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} aria-labelledby={titleId} className="dialog cr-dialog" onClose={onClose}>
      {open && children}
    </dialog>
  );
}

/** A button for `role` and above; below it, disabled with the reason beside it. */
function RoleButton({ role, reason, onClick, children }: { role: 'editor' | 'responder'; reason: string; onClick: () => void; children: ReactNode }) {
  const session = useSession();
  const allowed = can(session?.user.role, role);
  const hint = useId();
  return (
    <>
      <button type="button" disabled={!allowed} onClick={onClick} {...(allowed ? {} : { 'aria-describedby': hint })}>{children}</button>
      {!allowed && <span id={hint} className="muted"> {reason}</span>}
    </>
  );
}

/** On an incident: activate a crisis cell for it, then go to the crisis room. */
export function ActivateCrisis({ incidentId }: { incidentId: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const client = useQueryClient();
  const errorText = useErrorText();
  const [open, setOpen] = useState(false);
  const [cell, setCell] = useState('');
  const [kind, setKind] = useState('default');
  const [reason, setReason] = useState('');
  const cells = useQuery({ queryKey: ['crises', 'cells'], queryFn: () => api<{ items: CrisisCell[] }>('/api/v1/crisis-cells'), enabled: open });
  const chosen = cells.data?.items.find((c) => c.id === cell) ?? cells.data?.items[0];
  const kinds = chosen ? [...new Set(['default', ...chosen.kinds])] : ['default'];
  const activate = useMutation({
    mutationFn: () => api<CrisisDetail>('/api/v1/crises', { method: 'POST', body: { cell: chosen?.id, kind, incident: incidentId, ...(reason.trim() ? { reason: reason.trim() } : {}) } }),
    onSuccess: (crisis) => {
      void client.invalidateQueries({ queryKey: ['crises'] });
      void client.invalidateQueries({ queryKey: ['incidents'] });
      navigate(`/crises/${crisis.id}`);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (chosen) activate.mutate();
  };
  return (
    <section aria-labelledby="inc-crisis-activate">
      <h2 id="inc-crisis-activate">{t('crisisActions.activateTitle')}</h2>
      <p className="muted">{t('crisisActions.activateHint')}</p>
      <RoleButton role="editor" reason={t('crisisActions.editorsOnly')} onClick={() => setOpen(true)}>{t('crisisActions.activate')}</RoleButton>
      <Dialog open={open} onClose={() => setOpen(false)} titleId="cr-activate-title">
        <h2 id="cr-activate-title">{t('crisisActions.confirmTitle', { id: incidentId })}</h2>
        {cells.isPending && <p role="status">{t('app.loading')}</p>}
        {cells.isError && <Notice kind="error">{errorText(cells.error)}</Notice>}
        {cells.data?.items.length === 0 && <Notice kind="error">{t('crisisActions.noCells')}</Notice>}
        {chosen && (
          <form className="stack" onSubmit={submit}>
            <label>
              <span>{t('crisisActions.cell')}</span>
              <select value={chosen.id} onChange={(e) => setCell(e.target.value)}>
                {cells.data!.items.map((c) => <option key={c.id} value={c.id}>{format.text(c.name)}</option>)}
              </select>
            </label>
            <label>
              <span>{t('crisisActions.kind')}</span>
              <select value={kinds.includes(kind) ? kind : 'default'} onChange={(e) => setKind(e.target.value)}>
                {kinds.map((k) => <option key={k} value={k}>{k === 'default' ? t('crisisActions.defaultKind') : k}</option>)}
              </select>
            </label>
            <label>
              <span>{t('crisisActions.reason')}</span>
              <textarea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />
            </label>
            <p>{t('crisisActions.confirmText')}</p>
            {activate.isError && <Notice kind="error">{errorText(activate.error)}</Notice>}
            <div className="inc-buttons">
              <button type="submit" className="danger" disabled={activate.isPending}>{activate.isPending ? t('crisisActions.activating') : t('crisisActions.confirm')}</button>
              <button type="button" onClick={() => setOpen(false)}>{t('crisisActions.cancel')}</button>
            </div>
          </form>
        )}
        {!chosen && <button type="button" onClick={() => setOpen(false)}>{t('crisisActions.cancel')}</button>}
      </Dialog>
    </section>
  );
}

/** In the crisis room: prepare a new draft, for an open deadline or for an audience. */
export function PrepareDraft({ crisis }: { crisis: CrisisDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  const client = useQueryClient();
  const errorText = useErrorText();
  const session = useSession();
  const [target, setTarget] = useState('internal');
  const open = crisis.deadlines.filter((d) => d.state === 'open' || d.state === 'missed');
  const prepare = useMutation({
    mutationFn: () => {
      const body = target.startsWith('deadline:') ? { deadline: Number(target.slice('deadline:'.length)) } : { audience: target };
      return api<CrisisDraft>(`/api/v1/crises/${crisis.id}/drafts`, { method: 'POST', body });
    },
    onSettled: () => client.invalidateQueries({ queryKey: crisisKey(crisis.id) }),
  });
  const allowed = can(session?.user.role, 'responder');
  return (
    <form className="cr-prepare" onSubmit={(e) => (e.preventDefault(), prepare.mutate())} aria-labelledby="cr-prepare-title">
      <h3 id="cr-prepare-title">{t('crisisActions.prepareTitle')}</h3>
      <label>
        <span>{t('crisisActions.for')}</span>
        <select value={target} onChange={(e) => setTarget(e.target.value)} disabled={!allowed}>
          <option value="internal">{t('crisisActions.forInternal')}</option>
          <option value="public">{t('crisisActions.forPublic')}</option>
          {open.map((d) => <option key={d.id} value={`deadline:${d.id}`}>{t('crisisActions.forDeadline', { title: format.text(d.title) })}</option>)}
        </select>
      </label>{' '}
      <RoleButton role="responder" reason={t('crisisActions.respondersOnly')} onClick={() => prepare.mutate()}>
        {prepare.isPending ? t('crisisActions.preparing') : t('crisisActions.prepare')}
      </RoleButton>
      {prepare.isError && <Notice kind="error">{errorText(prepare.error)}</Notice>}
      {prepare.isSuccess && <Notice kind="ok">{t('crisisActions.prepared', { id: prepare.data.id })}</Notice>}
    </form>
  );
}

/** On a draft not yet approved: fill it again from the facts as they are now. */
export function RefreshDraft({ crisisId, draftId }: { crisisId: number; draftId: number }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const errorText = useErrorText();
  const refresh = useMutation({
    mutationFn: () => api<CrisisDraft>(`/api/v1/crises/${crisisId}/drafts/${draftId}/refresh`, { method: 'POST' }),
    onSettled: () => client.invalidateQueries({ queryKey: crisisKey(crisisId) }),
  });
  return (
    <>
      <button type="button" disabled={refresh.isPending} onClick={() => refresh.mutate()} aria-label={t('crisisActions.refreshLabel', { id: draftId })}>{t('crisisActions.refresh')}</button>
      {refresh.isError && <Notice kind="error">{errorText(refresh.error)}</Notice>}
      {refresh.isSuccess && <Notice kind="ok">{t('crisisActions.refreshed')}</Notice>}
    </>
  );
}

/** On an active crisis: deactivate it with a summary (English and French, or one text for both). */
export function DeactivateCrisis({ crisis }: { crisis: CrisisDetail }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const errorText = useErrorText();
  const [open, setOpen] = useState(false);
  const [summary, setSummary] = useState({ en: '', fr: '' });
  const [missing, setMissing] = useState(false);
  const deactivate = useMutation({
    mutationFn: () => {
      const en = summary.en.trim();
      const fr = summary.fr.trim();
      return api<CrisisDetail>(`/api/v1/crises/${crisis.id}/deactivate`, { method: 'POST', body: { summary: en && fr ? { en, fr } : en || fr } });
    },
    onSuccess: (updated) => {
      client.setQueryData(crisisKey(crisis.id), updated);
      void client.invalidateQueries({ queryKey: ['crises'] });
      setOpen(false);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const empty = !summary.en.trim() && !summary.fr.trim();
    setMissing(empty);
    if (!empty) deactivate.mutate();
  };
  return (
    <div className="cr-deactivate">
      <RoleButton role="editor" reason={t('crisisActions.deactivateEditorsOnly')} onClick={() => setOpen(true)}>{t('crisisActions.deactivate')}</RoleButton>
      <Dialog open={open} onClose={() => setOpen(false)} titleId="cr-deactivate-title">
        <h2 id="cr-deactivate-title">{t('crisisActions.deactivateTitle', { id: crisis.id })}</h2>
        <form className="stack" onSubmit={submit}>
          <p>{t('crisisActions.deactivateText')}</p>
          <label>
            <span>{t('crisisActions.summaryEn')}</span>
            <textarea lang="en" rows={4} value={summary.en} onChange={(e) => setSummary((s) => ({ ...s, en: e.target.value }))} />
          </label>
          <label>
            <span>{t('crisisActions.summaryFr')}</span>
            <textarea lang="fr" rows={4} value={summary.fr} onChange={(e) => setSummary((s) => ({ ...s, fr: e.target.value }))} />
          </label>
          {missing && <Notice kind="error">{t('crisisActions.summaryNeeded')}</Notice>}
          {deactivate.isError && <Notice kind="error">{errorText(deactivate.error)}</Notice>}
          <div className="inc-buttons">
            <button type="submit" className="danger" disabled={deactivate.isPending}>{t('crisisActions.deactivateConfirm')}</button>
            <button type="button" onClick={() => setOpen(false)}>{t('crisisActions.cancel')}</button>
          </div>
        </form>
      </Dialog>
    </div>
  );
}

const en = {
  crisisActions: {
    activateTitle: 'Crisis cell',
    activateHint: 'Mobilise a crisis cell for this incident: every member is paged and the communication deadlines start.',
    activate: 'Activate a crisis cell…',
    editorsOnly: 'Only an editor or an administrator can activate a crisis cell.',
    confirmTitle: 'Activate a crisis cell for incident #{{id}}',
    noCells: 'No crisis cell is configured (crisis.cells in the configuration).',
    cell: 'Cell',
    kind: 'Crisis kind (picks the checklist)',
    defaultKind: 'default',
    reason: 'Reason (optional, in the timeline)',
    confirmText: 'Every member of the cell will be paged now.',
    confirm: 'Activate',
    activating: 'Activating…',
    cancel: 'Cancel',
    prepareTitle: 'Prepare a new draft',
    for: 'For',
    forInternal: 'Internal message (the cell)',
    forPublic: 'Public update',
    forDeadline: 'Deadline: {{title}}',
    prepare: 'Prepare the draft',
    preparing: 'Preparing…',
    prepared: 'Draft #{{id}} prepared with the facts filled in.',
    respondersOnly: 'Only responders, editors and administrators can prepare drafts.',
    refresh: 'Fill again from the facts',
    refreshLabel: 'Fill again from the facts: draft #{{id}}',
    refreshed: 'Filled again from the facts as they are now.',
    deactivate: 'Deactivate the crisis…',
    deactivateEditorsOnly: 'Only an editor or an administrator can deactivate a crisis.',
    deactivateTitle: 'Deactivate crisis #{{id}}',
    deactivateText: 'Members are told; repeating updates not due yet are cancelled, authority deadlines stay.',
    summaryEn: 'Summary (English)',
    summaryFr: 'Summary (French)',
    summaryNeeded: 'Write how the crisis ended, in English, French or both.',
    deactivateConfirm: 'Deactivate',
    summaryShown: 'Summary: {{text}}',
  },
};

const fr: typeof en = {
  crisisActions: {
    activateTitle: 'Cellule de crise',
    activateHint: 'Mobiliser une cellule de crise pour cet incident : chaque membre est alerté et les délais de communication commencent.',
    activate: 'Activer une cellule de crise…',
    editorsOnly: 'Seuls un éditeur ou un administrateur peuvent activer une cellule de crise.',
    confirmTitle: 'Activer une cellule de crise pour l’incident n° {{id}}',
    noCells: 'Aucune cellule de crise n’est configurée (crisis.cells dans la configuration).',
    cell: 'Cellule',
    kind: 'Type de crise (choisit la liste de contrôle)',
    defaultKind: 'par défaut',
    reason: 'Motif (facultatif, dans la chronologie)',
    confirmText: 'Chaque membre de la cellule sera alerté maintenant.',
    confirm: 'Activer',
    activating: 'Activation…',
    cancel: 'Annuler',
    prepareTitle: 'Préparer un nouveau brouillon',
    for: 'Pour',
    forInternal: 'Message interne (la cellule)',
    forPublic: 'Point public',
    forDeadline: 'Échéance : {{title}}',
    prepare: 'Préparer le brouillon',
    preparing: 'Préparation…',
    prepared: 'Brouillon n° {{id}} préparé avec les faits remplis.',
    respondersOnly: 'Seuls les intervenants, éditeurs et administrateurs peuvent préparer des brouillons.',
    refresh: 'Remplir à nouveau avec les faits',
    refreshLabel: 'Remplir à nouveau avec les faits : brouillon n° {{id}}',
    refreshed: 'Rempli à nouveau avec les faits actuels.',
    deactivate: 'Désactiver la crise…',
    deactivateEditorsOnly: 'Seuls un éditeur ou un administrateur peuvent désactiver une crise.',
    deactivateTitle: 'Désactiver la crise n° {{id}}',
    deactivateText: 'Les membres sont prévenus ; les points réguliers pas encore dus sont annulés, les échéances envers les autorités restent.',
    summaryEn: 'Bilan (anglais)',
    summaryFr: 'Bilan (français)',
    summaryNeeded: 'Écrivez comment la crise s’est terminée, en anglais, en français ou les deux.',
    deactivateConfirm: 'Désactiver',
    summaryShown: 'Bilan : {{text}}',
  },
};

i18n.addResourceBundle('en', 'translation', en, true, true);
i18n.addResourceBundle('fr', 'translation', fr, true, true);
