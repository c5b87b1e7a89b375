/**
 * @module /settings/audit (admins): the audit log, newest first, a page of 100 at a time (the
 * next page asked with the `next_cursor` of the previous one).
 */
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { useFormat } from '../format.js';
import i18n from '../i18n.js';
import { useSession } from '../session.js';
import type { AuditEntry } from '../types.js';
import { Failure, Loading } from '../ui.js';
import { AdminPage } from './settings-shared.js';

i18n.addResourceBundle('en', 'translation', {
  audit: {
    title: 'Audit log',
    list: 'Who changed what, newest first',
    none: 'Nothing recorded yet.',
    colAt: 'When',
    colActor: 'Who',
    colAction: 'What',
    colTarget: 'On',
    colDetails: 'Details',
    colIp: 'Address',
    kind_user: 'user',
    kind_token: 'token',
    kind_system: 'system',
    more: 'Show older entries',
    end: 'This is the oldest entry.',
    shown: '{{n}} entries shown',
  },
}, true, true);
i18n.addResourceBundle('fr', 'translation', {
  audit: {
    title: 'Journal d’audit',
    list: 'Qui a changé quoi, du plus récent au plus ancien',
    none: 'Rien d’enregistré pour l’instant.',
    colAt: 'Quand',
    colActor: 'Qui',
    colAction: 'Quoi',
    colTarget: 'Sur',
    colDetails: 'Détails',
    colIp: 'Adresse',
    kind_user: 'utilisateur',
    kind_token: 'jeton',
    kind_system: 'système',
    more: 'Afficher les entrées plus anciennes',
    end: 'C’est l’entrée la plus ancienne.',
    shown: '{{n}} entrées affichées',
  },
}, true, true);

const PAGE = 100;

type AuditPage = { items: AuditEntry[]; next_cursor: string | null };

function details(entry: AuditEntry): string {
  const keys = Object.keys(entry.details);
  return keys.length === 0 ? '' : keys.map((k) => `${k}: ${typeof entry.details[k] === 'string' ? entry.details[k] : JSON.stringify(entry.details[k])}`).join(', ');
}

export default function AuditPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const admin = useSession()?.user.role === 'admin';
  const log = useInfiniteQuery({
    queryKey: ['audit'],
    queryFn: ({ pageParam }) => api<AuditPage>(`/api/v1/audit?limit=${PAGE}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`),
    initialPageParam: '',
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    enabled: admin,
    staleTime: 0,
  });
  const entries = log.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <AdminPage title={t('audit.title')}>
      {log.isPending && <Loading />}
      {log.isError && <Failure error={log.error} onRetry={() => void log.refetch()} />}
      {log.data && entries.length === 0 && <p>{t('audit.none')}</p>}
      {entries.length > 0 && (
        <>
          <div className="table-wrap">
            <table className="settings-table audit-table">
              <caption>{t('audit.list')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('audit.colAt')}</th>
                  <th scope="col">{t('audit.colActor')}</th>
                  <th scope="col">{t('audit.colAction')}</th>
                  <th scope="col">{t('audit.colTarget')}</th>
                  <th scope="col">{t('audit.colDetails')}</th>
                  <th scope="col">{t('audit.colIp')}</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((e) => (
                  <tr key={e.id}>
                    <td>{format.dateTime(e.at)}</td>
                    <td>{e.actor} <span className="muted">({t(`audit.kind_${e.actor_kind}`)})</span></td>
                    <td><code>{e.action}</code></td>
                    <td>{e.target ?? ''}</td>
                    <td className="audit-details">{details(e)}</td>
                    <td>{e.ip ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p role="status" className="muted">{t('audit.shown', { n: format.number(entries.length) })}</p>
          {log.hasNextPage ? (
            <button type="button" disabled={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>{t('audit.more')}</button>
          ) : (
            <p className="muted">{t('audit.end')}</p>
          )}
        </>
      )}
    </AdminPage>
  );
}
