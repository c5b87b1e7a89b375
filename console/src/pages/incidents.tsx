/**
 * @module The incidents page: open and recent incidents, filtered by status and severity on the
 * server and searched by title or number in the page; kept current by the live feed (an
 * `incident` event refreshes every `['incidents', …]` query).
 */
import { useDeferredValue, useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../api.js';
import { useFormat } from '../format.js';
import '../incidents-texts.js';
import { SEARCH_ID } from '../layout.js';
import type { Incident } from '../types.js';
import { Failure, Loading } from '../ui.js';

const STATUSES = ['open', 'acknowledged', 'mitigated', 'resolved'] as const;
const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;
const ACTIVE = 'open,acknowledged,mitigated';
const LIMIT = 200;

interface Filters {
  status: string;
  severity: string;
  search: string;
}

const INITIAL: Filters = { status: 'active', severity: '', search: '' };

function listPath(filters: Filters): string {
  const query = new URLSearchParams({ limit: String(LIMIT) });
  if (filters.status) query.set('status', filters.status === 'active' ? ACTIVE : filters.status);
  if (filters.severity) query.set('severity', filters.severity);
  return `/api/v1/incidents?${query.toString()}`;
}

export default function IncidentsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const [filters, setFilters] = useState<Filters>(INITIAL);
  const search = useDeferredValue(filters.search.trim().toLowerCase());
  const incidents = useQuery({
    queryKey: ['incidents', 'list', filters.status, filters.severity],
    queryFn: () => api<{ items: Incident[]; total: number }>(listPath(filters)),
  });
  const rows = useMemo(() => {
    const items = incidents.data?.items ?? [];
    if (!search) return items;
    const number = search.replace(/^#/, '');
    return items.filter((i) => String(i.id) === number || i.title.en.toLowerCase().includes(search) || i.title.fr.toLowerCase().includes(search));
  }, [incidents.data, search]);
  const set = (key: keyof Filters) => (e: { target: { value: string } }) => setFilters((f) => ({ ...f, [key]: e.target.value }));

  return (
    <>
      <h1>{t('incidents.title')}</h1>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label className="grow">
          <span>{t('incidents.search')}</span>
          <input id={SEARCH_ID} type="search" value={filters.search} onChange={set('search')} aria-keyshortcuts="/" autoComplete="off" />
        </label>
        <label>
          <span>{t('incidents.status')}</span>
          <select value={filters.status} onChange={set('status')}>
            <option value="active">{t('incidents.active')}</option>
            <option value="">{t('incidents.any')}</option>
            {STATUSES.map((s) => <option key={s} value={s}>{t(`incidentStatus.${s}`)}</option>)}
          </select>
        </label>
        <label>
          <span>{t('incidents.severity')}</span>
          <select value={filters.severity} onChange={set('severity')}>
            <option value="">{t('incidents.any')}</option>
            {SEVERITIES.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </label>
        <button type="button" onClick={() => setFilters(INITIAL)}>{t('incidents.clear')}</button>
      </form>
      {incidents.isPending && <Loading />}
      {incidents.isError && <Failure error={incidents.error} onRetry={() => void incidents.refetch()} />}
      {incidents.data && (
        <>
          <p role="status" aria-live="polite" className="incidents-count">
            {t('incidents.count', { count: incidents.data.total, shown: format.number(rows.length), total: format.number(incidents.data.total) })}
          </p>
          {rows.length === 0 ? (
            <p>{t('incidents.none')}</p>
          ) : (
            <table className="incidents-table">
              <caption className="inc-sr">{t('incidents.list')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('incidents.colId')}</th>
                  <th scope="col">{t('incidents.colTitle')}</th>
                  <th scope="col">{t('incidents.colSeverity')}</th>
                  <th scope="col">{t('incidents.colStatus')}</th>
                  <th scope="col">{t('incidents.colService')}</th>
                  <th scope="col">{t('incidents.colOpened')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((i) => (
                  <tr key={i.id}>
                    <td>{format.number(i.id)}</td>
                    <td><Link to={`/incidents/${i.id}`}>{format.text(i.title)}</Link></td>
                    <td><span className={`badge badge-sev badge-${i.severity.toLowerCase()}`}>{i.severity}</span></td>
                    <td><span className={`badge badge-incident-${i.status}`}>{t(`incidentStatus.${i.status}`, { defaultValue: i.status })}</span></td>
                    <td>{i.serviceId ?? '—'}</td>
                    <td>{format.dateTime(i.openedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </>
  );
}
