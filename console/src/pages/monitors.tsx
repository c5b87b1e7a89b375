/**
 * @module The monitors page: every monitor loaded once, then filtered (state, type, tag),
 * searched (id, name) and sorted in memory; rows virtualised; bulk pause and resume of the
 * selected monitors for editors and admins. States follow the live feed.
 */
import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { api, ApiError } from '../api.js';
import { useFormat } from '../format.js';
import { SEARCH_ID } from '../layout.js';
import { fetchAllMonitors, MONITORS_KEY, upsertMonitors } from '../monitors-data.js';
import { facets, filterAndSort, type Filters, type Sort, type SortKey } from '../monitors-filter.js';
import { MonitorsTable } from '../monitors-table.js';
import { can, useSession } from '../session.js';
import type { Monitor, MonitorState } from '../types.js';
import { Failure, Notice } from '../ui.js';
import './monitor-texts.js';

const STATES: MonitorState[] = ['down', 'degraded', 'unknown', 'pending', 'paused', 'up'];
const NO_FILTERS: Filters = { search: '', state: '', type: '', tag: '' };
const BULK_PARALLEL = 6;

type BulkResult = { ok: number; failed: Array<{ id: string; message: string }> };

function useBulk() {
  const client = useQueryClient();
  const [progress, setProgress] = useState<{ done: number; total: number }>();
  const [result, setResult] = useState<BulkResult>();
  const run = async (action: 'pause' | 'resume', ids: string[]) => {
    setResult(undefined);
    setProgress({ done: 0, total: ids.length });
    const outcome: BulkResult = { ok: 0, failed: [] };
    const changed: Monitor[] = [];
    let next = 0;
    const worker = async () => {
      while (next < ids.length) {
        const id = ids[next++]!;
        try {
          changed.push(await api<Monitor>(`/api/v1/monitors/${encodeURIComponent(id)}/${action}`, { method: 'POST' }));
          outcome.ok += 1;
        } catch (err) {
          outcome.failed.push({ id, message: err instanceof ApiError ? err.message : String(err) });
        }
        setProgress({ done: outcome.ok + outcome.failed.length, total: ids.length });
      }
    };
    await Promise.all(Array.from({ length: Math.min(BULK_PARALLEL, ids.length) }, worker));
    upsertMonitors(client, changed);
    setProgress(undefined);
    setResult(outcome);
  };
  return { run, progress, result };
}

export default function MonitorsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const session = useSession();
  const location = useLocation();
  const [loading, setLoading] = useState<{ loaded: number; total: number }>();
  const monitors = useQuery({
    queryKey: MONITORS_KEY,
    queryFn: ({ signal }) => fetchAllMonitors(signal, (loaded, total) => setLoading({ loaded, total })),
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [sort, setSort] = useState<Sort>({ key: 'state', descending: false });
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const search = useDeferredValue(filters.search);
  const bulk = useBulk();
  const searchRef = useRef<HTMLInputElement>(null);
  const editor = can(session?.user.role, 'editor');

  useEffect(() => {
    if ((location.state as { focusSearch?: boolean } | null)?.focusSearch) searchRef.current?.focus();
  }, [location.state]);

  const all = monitors.data ?? [];
  const { types, tags } = useMemo(() => facets(all), [all]);
  const rows = useMemo(() => filterAndSort(all, { ...filters, search }, sort), [all, filters.state, filters.type, filters.tag, search, sort]);

  const set = (key: keyof Filters) => (e: { target: { value: string } }) => setFilters((f) => ({ ...f, [key]: e.target.value }));
  const onSort = (key: SortKey) => setSort((s) => ({ key, descending: s.key === key ? !s.descending : false }));
  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const toggleAll = () => setSelected((s) => (rows.length > 0 && rows.every((m) => s.has(m.id)) ? new Set() : new Set(rows.map((m) => m.id))));
  const act = async (action: 'pause' | 'resume') => {
    await bulk.run(action, [...selected]);
  };

  return (
    <>
      <div className="monitor-head">
        <h1>{t('monitors.title')}</h1>
        {editor && <Link className="monitor-button-link" to="/monitors/new">{t('nav.newMonitor')}</Link>}
      </div>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label className="grow">
          <span>{t('monitors.search')}</span>
          <input id={SEARCH_ID} ref={searchRef} type="search" value={filters.search} onChange={set('search')} aria-keyshortcuts="/" autoComplete="off" />
        </label>
        <label>
          <span>{t('monitors.state')}</span>
          <select value={filters.state} onChange={set('state')}>
            <option value="">{t('monitors.any')}</option>
            {STATES.map((s) => <option key={s} value={s}>{t(`state.${s}`)}</option>)}
          </select>
        </label>
        <label>
          <span>{t('monitors.type')}</span>
          <select value={filters.type} onChange={set('type')}>
            <option value="">{t('monitors.any')}</option>
            {types.map((type) => <option key={type} value={type}>{type}</option>)}
          </select>
        </label>
        <label>
          <span>{t('monitors.tag')}</span>
          <select value={filters.tag} onChange={set('tag')}>
            <option value="">{t('monitors.any')}</option>
            {tags.map((tag) => <option key={tag} value={tag}>{tag}</option>)}
          </select>
        </label>
        <button type="button" onClick={() => setFilters(NO_FILTERS)}>{t('monitors.clear')}</button>
      </form>

      {monitors.isPending && <p role="status">{loading ? t('monitors.loadingProgress', { loaded: format.number(loading.loaded), total: format.number(loading.total) }) : t('app.loading')}</p>}
      {monitors.isError && <Failure error={monitors.error} onRetry={() => void monitors.refetch()} />}
      {monitors.data && (
        <>
          <div className="list-bar">
            <p role="status" aria-live="polite">{t('monitors.count', { count: all.length, total: format.number(all.length), shown: format.number(rows.length) })}</p>
            {editor && selected.size > 0 && (
              <div className="bulk" role="group" aria-label={t('monitors.selected', { count: selected.size, n: format.number(selected.size) })}>
                <span>{t('monitors.selected', { count: selected.size, n: format.number(selected.size) })}</span>
                <button type="button" disabled={bulk.progress !== undefined} onClick={() => void act('pause')}>{t('monitors.pause')}</button>
                <button type="button" disabled={bulk.progress !== undefined} onClick={() => void act('resume')}>{t('monitors.resume')}</button>
                <button type="button" className="link-button" onClick={() => setSelected(new Set())}>{t('monitors.clearSelection')}</button>
              </div>
            )}
          </div>
          {bulk.progress && <p role="status">{t('monitors.working', { done: format.number(bulk.progress.done), total: format.number(bulk.progress.total) })}</p>}
          {bulk.result && (
            <Notice kind={bulk.result.failed.length > 0 ? 'error' : 'ok'}>
              {t('monitors.bulkDone', { ok: format.number(bulk.result.ok), failed: format.number(bulk.result.failed.length) })}
              {bulk.result.failed[0] && ` ${t('monitors.bulkFailedFirst', { id: bulk.result.failed[0].id, message: bulk.result.failed[0].message })}`}
            </Notice>
          )}
          {all.length === 0 ? (
            <p>{t('monitors.none')}</p>
          ) : rows.length === 0 ? (
            <p>{t('monitors.empty')}</p>
          ) : (
            <MonitorsTable rows={rows} sort={sort} onSort={onSort} selectable={editor} selected={selected} onToggle={toggle} onToggleAll={toggleAll} format={format} />
          )}
        </>
      )}
    </>
  );
}
