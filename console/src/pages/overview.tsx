/**
 * @module The overview: a banner per active crisis with its open deadlines counting down, the
 * services with their state and redundancy ("4 of 6 healthy"), and the open incidents.
 */
import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../api.js';
import { useFormat, type Formatter } from '../format.js';
import { OpenIncidents } from '../open-incidents.js';
import type { Crisis, Service } from '../types.js';
import { Failure, Loading } from '../ui.js';

/** The current time, ticking every second while mounted (for countdowns). */
function useNow(): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

function useActiveCrises() {
  return useQuery({
    queryKey: ['crises', 'active'],
    queryFn: async () => {
      const list = await api<{ items: Crisis[] }>('/api/v1/crises?status=active');
      return Promise.all(list.items.map((c) => api<Crisis>(`/api/v1/crises/${c.id}`)));
    },
    refetchInterval: 60_000,
  });
}

function CrisisBanners({ format }: { format: Formatter }) {
  const { t } = useTranslation();
  const crises = useActiveCrises();
  const now = useNow();
  if (!crises.data || crises.data.length === 0) return null;
  return (
    <>
      {crises.data.map((crisis) => {
        const open = (crisis.deadlines ?? []).filter((d) => d.state === 'open' || d.state === 'missed');
        return (
          <section key={crisis.id} className="crisis-banner" aria-labelledby={`crisis-${crisis.id}`}>
            <h2 id={`crisis-${crisis.id}`}>{t('overview.crisisActive', { title: format.text(crisis.title) || format.text(crisis.cell.name) })}</h2>
            <p><Link to={`/crises/${crisis.id}`}>{t('overview.crisisLink', { id: crisis.id, cell: format.text(crisis.cell.name) })}</Link></p>
            {open.length > 0 && (
              <ul className="deadlines">
                {open.map((d) => {
                  const due = Date.parse(d.dueAt);
                  const title = format.text(d.title);
                  const time = format.dateTime(due);
                  return (
                    <li key={d.id} className={due < now ? 'overdue' : undefined}>
                      {due >= now ? t('overview.deadlineIn', { title, left: format.duration(due - now), time }) : t('overview.deadlineOverdue', { title, late: format.duration(now - due), time })}
                    </li>
                  );
                })}
              </ul>
            )}
          </section>
        );
      })}
    </>
  );
}

function Services({ format }: { format: Formatter }) {
  const { t } = useTranslation();
  const services = useQuery({ queryKey: ['services'], queryFn: () => api<{ items: Service[] }>('/api/v1/services') });
  if (services.isPending) return <Loading />;
  if (services.isError) return <Failure error={services.error} onRetry={() => void services.refetch()} />;
  if (services.data.items.length === 0) return <p>{t('overview.noServices')}</p>;
  return (
    <ul className="cards">
      {services.data.items.map((s) => {
        const reason = s.reasons.find((r) => r.code.startsWith('redundancy')) ?? s.reasons[0];
        return (
          <li key={s.id} className={`card service-${s.state ?? 'none'}`}>
            <h3><Link to={`/services/${encodeURIComponent(s.id)}`}>{format.text(s.name)}</Link></h3>
            <p className="state-line">
              <span className={`badge badge-${s.state ?? 'none'}`}>{t(`serviceState.${s.state ?? 'none'}`)}</span>
              {s.since && <span className="muted"> {t('overview.since', { time: format.dateTime(s.since) })}</span>}
            </p>
            {s.redundancy && (
              <p>{t('overview.redundancy', { healthy: format.number(s.redundancy.healthy), total: format.number(s.redundancy.total), min: format.number(s.redundancy.minHealthy) })}</p>
            )}
            {reason && <p className="muted">{format.text(reason)}</p>}
          </li>
        );
      })}
    </ul>
  );
}

export default function OverviewPage() {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <>
      <h1>{t('overview.title')}</h1>
      <CrisisBanners format={format} />
      <section aria-labelledby="services-title">
        <h2 id="services-title">{t('overview.services')}</h2>
        <Services format={format} />
      </section>
      <section aria-labelledby="incidents-title">
        <h2 id="incidents-title">{t('overview.incidents')}</h2>
        <OpenIncidents format={format} />
      </section>
    </>
  );
}
