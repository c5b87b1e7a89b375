/**
 * @module A monitor's page, at /monitors/:id: its state and since when, the last result, where it
 * is defined (a file monitor names its file and line: it is changed there), what each location
 * sees (its state and last check), the latency chart with phase timings over 24 hours or 7 days,
 * uptime bars, recent results and
 * transitions; pause, resume and run now for editors (edit and delete for API monitors).
 */
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api, ApiError } from '../api.js';
import { useFormat, type Formatter } from '../format.js';
import { removeMonitor, upsertMonitors } from '../monitors-data.js';
import { can, useSession } from '../session.js';
import type { CheckResult, LocationState, MonitorDetail, Transition, UptimeWindow } from '../types.js';
import { Failure, Loading, Notice, useErrorText } from '../ui.js';
import { LatencyChart } from './monitor-chart.js';
import './monitor-texts.js';

const RANGES = { '24h': 86_400_000, '7d': 7 * 86_400_000 } as const;
type Range = keyof typeof RANGES;
const WINDOWS = ['24h', '7d', '30d', '90d'] as const;
const REFRESH_MS = 10_000;
/** At most this many results are drawn (pages of 1,000). */
const CHART_PAGES = 5;

const path = (id: string, rest = '') => `/api/v1/monitors/${encodeURIComponent(id)}${rest}`;

async function resultsSince(id: string, from: number, signal: AbortSignal): Promise<CheckResult[]> {
  const all: CheckResult[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < CHART_PAGES; page++) {
    const query = new URLSearchParams({ from: String(from), limit: '1000', ...(cursor ? { cursor } : {}) });
    const answer: { items: CheckResult[]; nextCursor: string | null } = await api(path(id, `/results?${query}`), { signal });
    all.push(...answer.items);
    cursor = answer.nextCursor;
    if (!cursor) break;
  }
  return all;
}

export default function MonitorPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const format = useFormat();
  const monitor = useQuery({ queryKey: ['monitor', id], queryFn: () => api<MonitorDetail>(path(id)), refetchInterval: REFRESH_MS });
  if (monitor.isPending) return <Loading />;
  if (monitor.isError) return <Failure error={monitor.error} onRetry={() => void monitor.refetch()} />;
  const m = monitor.data;
  return (
    <div className="monitor-page">
      <p><Link to="/monitors">{t('monitor.back')}</Link></p>
      <h1>{m.name ?? m.id}</h1>
      <Summary m={m} format={format} />
      <Actions m={m} />
      {m.locations && <Locations locations={m.locations} format={format} />}
      <History id={m.id} format={format} />
    </div>
  );
}

function Summary({ m, format }: { m: MonitorDetail; format: Formatter }) {
  const { t } = useTranslation();
  const last = m.state.lastResult;
  return (
    <section aria-labelledby="monitor-summary" className="monitor-summary">
      <h2 id="monitor-summary" className="visually-hidden">{t('monitor.state')}</h2>
      <dl className="facts">
        <dt>{t('monitor.state')}</dt>
        <dd>
          <span className={`badge badge-${m.state.state}`}>{t(`state.${m.state.state}`)}</span>{' '}
          {m.state.since ? t('monitor.since', { time: format.dateTime(m.state.since) }) : t('monitor.noSince')}
          {m.state.flapping && <span className="badge badge-degraded">{t('monitor.flapping')}</span>}
        </dd>
        <dt>{t('monitor.lastMessage')}</dt>
        <dd>{last ? `${format.dateTime(last.at)} — ${last.message ?? t(`state.${last.status}`)}` : t('monitor.noSince')}</dd>
        <dt>{t('monitor.type')}</dt>
        <dd className="monitor-type">
          {m.type}
          {m.intervalMs !== null && ` · ${t('monitor.every', { interval: format.duration(m.intervalMs), timeout: m.timeoutMs === null ? '—' : format.duration(m.timeoutMs) })}`}
        </dd>
        {m.tags.length > 0 && (<><dt>{t('monitor.tags')}</dt><dd>{m.tags.join(', ')}</dd></>)}
      </dl>
      {m.description && <p>{m.description}</p>}
      {m.source === 'file' ? (
        <Notice kind="info">{m.configSource ? t('monitor.sourceAt', m.configSource) : t('monitor.sourceFile')}</Notice>
      ) : (
        <p className="muted">{t('monitor.sourceApi')}</p>
      )}
    </section>
  );
}

function Actions({ m }: { m: MonitorDetail }) {
  const { t } = useTranslation();
  const session = useSession();
  const client = useQueryClient();
  const navigate = useNavigate();
  const errorText = useErrorText();
  const [busy, setBusy] = useState<string>();
  const [outcome, setOutcome] = useState<{ kind: 'ok' | 'error'; text: string }>();
  if (!can(session?.user.role, 'editor')) {
    return <p><Link to={`/monitors/${encodeURIComponent(m.id)}/edit`}>{t('monitor.view')}</Link></p>;
  }

  const act = async (action: 'pause' | 'resume' | 'run' | 'delete') => {
    if (action === 'delete' && !confirm(t('monitor.confirmDelete', { id: m.id }))) return;
    setBusy(action);
    setOutcome(undefined);
    try {
      if (action === 'delete') {
        await api(path(m.id), { method: 'DELETE' });
        removeMonitor(client, m.id);
        navigate('/monitors');
        return;
      }
      if (action === 'run') {
        const result = await api<{ status: string; message: string }>(path(m.id, '/run'), { method: 'POST' });
        setOutcome({ kind: 'ok', text: t('monitor.ranResult', { status: t(`state.${result.status}`), message: result.message }) });
      } else {
        const changed = await api<MonitorDetail>(path(m.id, `/${action}`), { method: 'POST' });
        client.setQueryData(['monitor', m.id], changed);
        upsertMonitors(client, [changed]);
      }
      await client.invalidateQueries({ queryKey: ['monitor', m.id] });
    } catch (err) {
      setOutcome({ kind: 'error', text: err instanceof ApiError && err.status === 403 ? t('errors.forbidden') : errorText(err) });
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <section aria-label={t('monitor.actions')}>
      <div className="monitor-actions">
        {m.paused ? (
          <button type="button" disabled={busy !== undefined} onClick={() => void act('resume')}>{t('monitor.resume')}</button>
        ) : (
          <button type="button" disabled={busy !== undefined} onClick={() => void act('pause')}>{t('monitor.pause')}</button>
        )}
        <button type="button" disabled={busy !== undefined} onClick={() => void act('run')}>{busy === 'run' ? t('monitor.running') : t('monitor.run')}</button>
        <Link className="monitor-button-link" to={`/monitors/${encodeURIComponent(m.id)}/edit`}>{m.source === 'file' ? t('monitor.view') : t('monitor.edit')}</Link>
        {m.source === 'api' && <button type="button" className="danger" disabled={busy !== undefined} onClick={() => void act('delete')}>{t('monitor.delete')}</button>}
      </div>
      {outcome && <Notice kind={outcome.kind}>{outcome.text}</Notice>}
    </section>
  );
}

function History({ id, format }: { id: string; format: Formatter }) {
  const { t } = useTranslation();
  const [range, setRange] = useState<Range>('24h');
  const chart = useQuery({ queryKey: ['monitor', id, 'results', range], queryFn: ({ signal }) => resultsSince(id, Date.now() - RANGES[range], signal), refetchInterval: REFRESH_MS });
  const uptime = useQuery({ queryKey: ['monitor', id, 'uptime'], queryFn: () => api<Record<string, UptimeWindow>>(path(id, '/uptime')), refetchInterval: 60_000 });
  const recent = useQuery({ queryKey: ['monitor', id, 'recent'], queryFn: () => api<{ items: CheckResult[] }>(path(id, '/results?limit=20')), refetchInterval: REFRESH_MS });
  const transitions = useQuery({ queryKey: ['monitor', id, 'transitions'], queryFn: () => api<{ items: Transition[] }>(path(id, '/transitions?limit=20')), refetchInterval: REFRESH_MS });
  const rangeLabel = t(range === '24h' ? 'monitor.range24h' : 'monitor.range7d');

  return (
    <>
      <section aria-labelledby="monitor-latency">
        <div className="monitor-head">
          <h2 id="monitor-latency">{t('monitor.latency')}</h2>
          <div role="group" aria-label={t('monitor.range')} className="range-picker">
            {(Object.keys(RANGES) as Range[]).map((r) => (
              <button key={r} type="button" aria-pressed={range === r} className={range === r ? 'pressed' : 'unpressed'} onClick={() => setRange(r)}>
                {t(r === '24h' ? 'monitor.range24h' : 'monitor.range7d')}
              </button>
            ))}
          </div>
        </div>
        {chart.isPending ? <Loading /> : chart.isError ? <Failure error={chart.error} /> : <LatencyChart results={chart.data} rangeLabel={rangeLabel} format={format} />}
      </section>

      <section aria-labelledby="monitor-uptime">
        <h2 id="monitor-uptime">{t('monitor.uptime')}</h2>
        {uptime.data && (
          <ul className="uptime-bars">
            {WINDOWS.map((w) => {
              const win = uptime.data[w];
              const ratio = win?.ratio ?? null;
              return (
                <li key={w}>
                  <span className="uptime-label">{t(`monitor.uptimeWindow.${w}`)}</span>
                  <svg className="uptime-bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
                    <rect className="uptime-track" x="0" y="0" width="100" height="10" />
                    {ratio !== null && <rect className={ratio >= 0.999 ? 'uptime-good' : ratio >= 0.99 ? 'uptime-fair' : 'uptime-poor'} x="0" y="0" width={String(ratio * 100)} height="10" />}
                  </svg>
                  <span>{ratio === null || !win ? t('monitor.uptimeNone') : t('monitor.uptimeValue', { ratio: format.number(ratio * 100, 2), count: format.number(win.count), down: format.number(win.down) })}</span>
                </li>
              );
            })}
          </ul>
        )}
        {uptime.isError && <Failure error={uptime.error} />}
      </section>

      <section aria-labelledby="monitor-results">
        <h2 id="monitor-results">{t('monitor.results')}</h2>
        {recent.data && (recent.data.items.length === 0 ? <p>{t('monitor.noResults')}</p> : <ResultsTable results={recent.data.items} format={format} labelledBy="monitor-results" />)}
        {recent.isError && <Failure error={recent.error} />}
      </section>

      <section aria-labelledby="monitor-transitions">
        <h2 id="monitor-transitions">{t('monitor.transitions')}</h2>
        {transitions.data && (transitions.data.items.length === 0 ? <p>{t('monitor.noTransitions')}</p> : (
          <div className="table-wrap">
            <table aria-labelledby="monitor-transitions">
              <thead><tr><th scope="col">{t('monitor.at')}</th><th scope="col">{t('monitor.change')}</th><th scope="col">{t('monitor.reason')}</th></tr></thead>
              <tbody>
                {transitions.data.items.map((tr) => (
                  <tr key={tr.id}>
                    <td>{format.dateTime(tr.at)}</td>
                    <td>{tr.fromState ? t(`state.${tr.fromState}`) : '—'} → {tr.toState ? t(`state.${tr.toState}`) : '—'}</td>
                    <td>{tr.reason ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
        {transitions.isError && <Failure error={transitions.error} />}
      </section>
    </>
  );
}

/** What each declared location sees: its own state (or silent), since when, and its last check. */
function Locations({ locations, format }: { locations: readonly LocationState[]; format: Formatter }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="monitor-locations">
      <h2 id="monitor-locations">{t('monitor.locations')}</h2>
      <div className="table-wrap">
        <table aria-labelledby="monitor-locations" aria-describedby="monitor-locations-caption" data-testid="monitor-locations">
          <thead>
            <tr><th scope="col">{t('monitor.location')}</th><th scope="col">{t('monitor.state')}</th><th scope="col">{t('monitor.lastCheck')}</th><th scope="col">{t('monitor.latencyCol')}</th><th scope="col">{t('monitor.message')}</th></tr>
          </thead>
          <tbody>
            {locations.map((l) => (
              <tr key={l.name}>
                <th scope="row">{l.name}</th>
                <td>
                  <span className={`badge badge-${l.state}`}>{t(`state.${l.state}`)}</span>
                  {l.silent && <> <span className="badge badge-unknown" title={t('monitor.silentHint')}>{t('monitor.silent')}</span></>}
                  {l.since && <span className="muted"> {t('monitor.since', { time: format.dateTime(l.since) })}</span>}
                </td>
                <td>{l.lastResult ? format.dateTime(l.lastResult.at) : t('monitor.noCheck')}</td>
                <td className="num">{l.lastResult?.latencyMs == null ? '—' : t('monitor.ms', { value: format.number(l.lastResult.latencyMs, 1) })}</td>
                <td>{l.lastResult?.message ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p id="monitor-locations-caption" className="muted">{t('monitor.locationsCaption')}</p>
    </section>
  );
}

function ResultsTable({ results, format, labelledBy }: { results: readonly CheckResult[]; format: Formatter; labelledBy: string }) {
  const { t } = useTranslation();
  return (
    <div className="table-wrap">
      <table aria-labelledby={labelledBy}>
        <thead>
          <tr><th scope="col">{t('monitor.at')}</th><th scope="col">{t('monitor.location')}</th><th scope="col">{t('monitor.status')}</th><th scope="col">{t('monitor.latencyCol')}</th><th scope="col">{t('monitor.message')}</th></tr>
        </thead>
        <tbody>
          {results.map((r) => (
            <tr key={r.id}>
              <td>{format.dateTime(r.at)}</td>
              <td>{r.location}</td>
              <td><span className={`badge badge-${r.status}`}>{t(`state.${r.status}`)}</span></td>
              <td className="num">{r.latencyMs === null ? '—' : t('monitor.ms', { value: format.number(r.latencyMs, 1) })}</td>
              <td>{r.message ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
