/**
 * @module /changes: the recent changes (newest first) and the rollouts with their rings — what
 * each ring reaches, when it was deployed, the guard's go / no-go for it now (asked with
 * `record=false`, so looking never writes the rollout's timeline) — and each rollout's timeline.
 */
import { useQueries, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { useFormat, type Formatter } from '../format.js';
import i18n from '../i18n.js';
import type { Change, GuardVerdict, Rollout } from '../types.js';
import { Failure, Loading } from '../ui.js';

i18n.addResourceBundle('en', 'translation', {
  changes: {
    title: 'Changes and rollouts',
    recent: 'Recent changes',
    none: 'No change recorded.',
    colAt: 'When',
    colSummary: 'Change',
    colKind: 'Kind',
    colRef: 'Reference',
    colSource: 'Source',
    colRollout: 'Rollout',
    colState: 'State',
    ring: '{{rollout}}, ring {{ring}}',
    rolledBack: 'rolled back {{time}}',
    active: 'in force',
    byCheck: 'seen by a check',
    rollouts: 'Rollouts',
    noRollouts: 'No rollout.',
    status_active: 'active',
    status_completed: 'completed',
    status_aborted: 'aborted',
    rollout: '{{title}} ({{id}})',
    rings: 'Rings of {{id}}',
    colRing: 'Ring',
    colReaches: 'Monitors',
    colDeployed: 'Deployed',
    colSoak: 'Soak',
    colGuard: 'Guard now',
    notDeployed: 'not yet',
    go: 'go',
    nogo: 'no-go',
    guardLoading: 'asking…',
    timeline: 'Timeline of {{id}}',
    times: '×{{n}}, last {{time}}',
  },
}, true, true);
i18n.addResourceBundle('fr', 'translation', {
  changes: {
    title: 'Changements et déploiements',
    recent: 'Changements récents',
    none: 'Aucun changement enregistré.',
    colAt: 'Quand',
    colSummary: 'Changement',
    colKind: 'Type',
    colRef: 'Référence',
    colSource: 'Source',
    colRollout: 'Déploiement',
    colState: 'État',
    ring: '{{rollout}}, anneau {{ring}}',
    rolledBack: 'annulé {{time}}',
    active: 'en vigueur',
    byCheck: 'vu par une sonde',
    rollouts: 'Déploiements par anneaux',
    noRollouts: 'Aucun déploiement.',
    status_active: 'en cours',
    status_completed: 'terminé',
    status_aborted: 'abandonné',
    rollout: '{{title}} ({{id}})',
    rings: 'Anneaux de {{id}}',
    colRing: 'Anneau',
    colReaches: 'Sondes',
    colDeployed: 'Déployé',
    colSoak: 'Observation',
    colGuard: 'Garde maintenant',
    notDeployed: 'pas encore',
    go: 'feu vert',
    nogo: 'feu rouge',
    guardLoading: 'en cours…',
    timeline: 'Chronologie de {{id}}',
    times: '×{{n}}, dernière fois {{time}}',
  },
}, true, true);

function Changes({ format }: { format: Formatter }) {
  const { t } = useTranslation();
  const changes = useQuery({ queryKey: ['changes'], queryFn: () => api<{ items: Change[] }>('/api/v1/changes?limit=100'), refetchInterval: 60_000 });
  if (changes.isPending) return <Loading />;
  if (changes.isError) return <Failure error={changes.error} onRetry={() => void changes.refetch()} />;
  if (changes.data.items.length === 0) return <p>{t('changes.none')}</p>;
  return (
    <div className="table-wrap">
      <table className="settings-table changes-table">
        <caption className="settings-vh">{t('changes.recent')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('changes.colAt')}</th>
            <th scope="col">{t('changes.colSummary')}</th>
            <th scope="col">{t('changes.colKind')}</th>
            <th scope="col">{t('changes.colRef')}</th>
            <th scope="col">{t('changes.colSource')}</th>
            <th scope="col">{t('changes.colRollout')}</th>
            <th scope="col">{t('changes.colState')}</th>
          </tr>
        </thead>
        <tbody>
          {changes.data.items.map((c) => (
            <tr key={c.id}>
              <td>{format.dateTime(c.timestamp)}</td>
              <th scope="row">{c.summary}</th>
              <td>{c.kind}</td>
              <td>{c.external_ref ?? ''}</td>
              <td>{c.origin === 'check' ? t('changes.byCheck') : [c.source, c.author].filter(Boolean).join(' · ')}</td>
              <td>{c.rollout !== null && c.ring !== null ? t('changes.ring', { rollout: c.rollout, ring: c.ring }) : ''}</td>
              <td>
                {c.rolled_back_at
                  ? <span className="badge badge-degraded">{t('changes.rolledBack', { time: format.dateTime(c.rolled_back_at) })}</span>
                  : <span className="badge">{t('changes.active')}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function GuardCell({ verdict, format }: { verdict: GuardVerdict | undefined; format: Formatter }) {
  const { t } = useTranslation();
  if (!verdict) return <span className="muted">{t('changes.guardLoading')}</span>;
  return (
    <div className="guard">
      <span className={`badge ${verdict.verdict === 'go' ? 'badge-up' : 'badge-down'}`}>{verdict.verdict === 'go' ? t('changes.go') : t('changes.nogo')}</span>
      {verdict.reasons.length > 0 && (
        <ul className="guard-reasons">
          {verdict.reasons.map((r, i) => <li key={i}>{format.text(r.text)}</li>)}
        </ul>
      )}
    </div>
  );
}

function RolloutView({ id, format }: { id: string; format: Formatter }) {
  const { t } = useTranslation();
  const rollout = useQuery({ queryKey: ['rollouts', id], queryFn: () => api<Rollout>(`/api/v1/rollouts/${encodeURIComponent(id)}`), refetchInterval: 60_000 });
  const rings = rollout.data?.rings ?? [];
  const guards = useQueries({
    queries: rings.map((ring) => ({
      queryKey: ['rollouts', id, 'guard', ring.index],
      queryFn: () => api<GuardVerdict>(`/api/v1/rollouts/${encodeURIComponent(id)}/guard?ring=${ring.index}&record=false`),
      refetchInterval: 30_000,
      staleTime: 10_000,
    })),
  });
  if (rollout.isPending) return <Loading />;
  if (rollout.isError) return <Failure error={rollout.error} onRetry={() => void rollout.refetch()} />;
  const r = rollout.data;
  const headingId = `rollout-${r.id}`;
  return (
    <section className="rollout" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {t('changes.rollout', { title: r.title, id: r.id })}{' '}
        <span className={`badge ${r.status === 'active' ? 'badge-pending' : r.status === 'aborted' ? 'badge-down' : 'badge-up'}`}>{t(`changes.status_${r.status}`)}</span>
      </h3>
      <div className="table-wrap">
        <table className="settings-table">
          <caption>{t('changes.rings', { id: r.id })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('changes.colRing')}</th>
              <th scope="col">{t('changes.colReaches')}</th>
              <th scope="col">{t('changes.colDeployed')}</th>
              <th scope="col">{t('changes.colSoak')}</th>
              <th scope="col">{t('changes.colGuard')}</th>
            </tr>
          </thead>
          <tbody>
            {r.rings.map((ring, i) => (
              <tr key={ring.index}>
                <th scope="row">{ring.name ? `${ring.index} — ${ring.name}` : ring.index}</th>
                <td>{ring.reaches.join(', ')}</td>
                <td>{ring.deployed_at ? format.dateTime(ring.deployed_at) : t('changes.notDeployed')}</td>
                <td>{format.duration(ring.soak_ms)}</td>
                <td>{guards[i]?.isError ? <Failure error={guards[i].error} /> : <GuardCell verdict={guards[i]?.data} format={format} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {r.timeline && r.timeline.length > 0 && (
        <>
          <h4>{t('changes.timeline', { id: r.id })}</h4>
          <ol className="rollout-timeline">
            {r.timeline.map((e) => (
              <li key={e.id}>
                <span className="muted">{format.dateTime(e.at)}</span> {format.text(e.text)}
                {e.count > 1 && <span className="muted"> {t('changes.times', { n: e.count, time: format.dateTime(e.last_at) })}</span>}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

function Rollouts({ format }: { format: Formatter }) {
  const { t } = useTranslation();
  const rollouts = useQuery({ queryKey: ['rollouts'], queryFn: () => api<{ items: Rollout[] }>('/api/v1/rollouts?limit=20'), refetchInterval: 60_000 });
  if (rollouts.isPending) return <Loading />;
  if (rollouts.isError) return <Failure error={rollouts.error} onRetry={() => void rollouts.refetch()} />;
  if (rollouts.data.items.length === 0) return <p>{t('changes.noRollouts')}</p>;
  return (
    <>
      {rollouts.data.items.map((r) => <RolloutView key={r.id} id={r.id} format={format} />)}
    </>
  );
}

export default function ChangesPage() {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <>
      <h1>{t('changes.title')}</h1>
      <section aria-labelledby="changes-recent">
        <h2 id="changes-recent">{t('changes.recent')}</h2>
        <Changes format={format} />
      </section>
      <section aria-labelledby="changes-rollouts">
        <h2 id="changes-rollouts">{t('changes.rollouts')}</h2>
        <Rollouts format={format} />
      </section>
    </>
  );
}
