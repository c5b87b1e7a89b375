/**
 * @module /services/:id: one service — its state in words, why, its k-of-n count, its members
 * with their states (monitors link to their page), what it depends on and what needs it, its
 * uptime, and the open incidents touching it; kept live by the event feed.
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, ApiError } from '../api.js';
import { useFormat, type Formatter } from '../format.js';
import { OpenIncidents } from '../open-incidents.js';
import { graphService, SERVICES_KEY, useServices, useServiceWords, type ServiceDetail, type ServiceMember } from '../services-data.js';
import { dependantsOf } from '../services-layout.js';
import '../services-texts.js';
import { Failure, Loading, Notice } from '../ui.js';

const PERIODS = ['24h', '7d', '30d', '90d'] as const;

function serviceLink(id: string, names: ReadonlyMap<string, string>) {
  return <Link to={`/services/${encodeURIComponent(id)}`}>{names.get(id) ?? id}</Link>;
}

function Members({ members, names }: { members: readonly ServiceMember[]; names: ReadonlyMap<string, string> }) {
  const { t } = useTranslation();
  if (members.length === 0) return <p>{t('service.noMembers')}</p>;
  const stateWord = (m: ServiceMember) => (m.kind === 'service' ? t(`serviceState.${m.state}`, { defaultValue: m.state }) : t(`state.${m.state}`, { defaultValue: m.state }));
  return (
    <div className="table-wrap">
      <table className="settings-table">
        <thead>
          <tr>
            <th scope="col">{t('service.colMember')}</th>
            <th scope="col">{t('service.colKind')}</th>
            <th scope="col">{t('service.colRole')}</th>
            <th scope="col">{t('service.colState')}</th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={`${m.role}:${m.id}`} data-member={m.id}>
              <th scope="row">{m.kind === 'service' ? serviceLink(m.id, names) : <Link to={`/monitors/${encodeURIComponent(m.id)}`}>{m.id}</Link>}</th>
              <td>{t(`service.kind_${m.kind}`)}</td>
              <td>{t(`service.role_${m.role}`)}</td>
              <td><span className={`badge badge-${m.state}`}>{stateWord(m)}</span></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Detail({ service, all, format }: { service: ServiceDetail; all: readonly ServiceDetail[]; format: Formatter }) {
  const { t } = useTranslation();
  const words = useServiceWords(format);
  const names = new Map(all.map((s) => [s.id, format.text(s.name) || s.id]));
  const dependants = dependantsOf(service.id, all.map(graphService));
  const redundancy = words.redundancy(service, true);
  return (
    <>
      <p className="state-line">
        <span className={`badge badge-${service.state ?? 'none'}`}>{words.state(service)}</span>
        {service.since && <span className="muted"> {t('service.since', { time: format.dateTime(service.since) })}</span>}
      </p>
      {service.description && <p>{format.text(service.description)}</p>}
      {redundancy && <p className="service-redundancy">{redundancy}</p>}
      <p className="muted">{t('service.criticality', { value: service.criticality })}</p>
      {service.reasons.length > 0 && (
        <section aria-labelledby="service-reasons">
          <h2 id="service-reasons">{t('service.reasons')}</h2>
          <ul>{service.reasons.map((r, i) => <li key={i}>{format.text(r)}</li>)}</ul>
        </section>
      )}
      <section aria-labelledby="service-members">
        <h2 id="service-members">{t('service.members')}</h2>
        <Members members={service.members} names={names} />
      </section>
      <section aria-labelledby="service-depends">
        <h2 id="service-depends">{t('service.dependsOn')}</h2>
        {service.dependsOn.length === 0 ? <p>{t('service.noDependsOn')}</p> : (
          <ul className="service-deps">
            {service.dependsOn.map((d) => <li key={d.service}>{serviceLink(d.service, names)} <span className="muted">({t(`service.impact_${d.impact}`)})</span></li>)}
          </ul>
        )}
      </section>
      <section aria-labelledby="service-dependants">
        <h2 id="service-dependants">{t('service.dependants')}</h2>
        {dependants.length === 0 ? <p>{t('service.noDependants')}</p> : <ul className="service-deps">{dependants.map((d) => <li key={d}>{serviceLink(d, names)}</li>)}</ul>}
      </section>
      <section aria-labelledby="service-incidents">
        <h2 id="service-incidents">{t('service.incidents')}</h2>
        <OpenIncidents format={format} service={service.id} />
      </section>
      <section aria-labelledby="service-uptime">
        <h2 id="service-uptime">{t('service.uptime')}</h2>
        <ul className="service-uptime">
          {PERIODS.map((p) => {
            const ratio = service.uptime[p];
            return <li key={p}>{t('service.uptimeValue', { period: p, value: ratio === null ? t('service.noData') : `${format.number(ratio * 100, 3)} %` })}</li>;
          })}
        </ul>
      </section>
    </>
  );
}

export default function ServicePage() {
  const { t } = useTranslation();
  const format = useFormat();
  const id = useParams()['id'] ?? '';
  const all = useServices();
  const service = useQuery({ queryKey: [...SERVICES_KEY, id], queryFn: () => api<ServiceDetail>(`/api/v1/services/${encodeURIComponent(id)}`) });
  const missing = service.error instanceof ApiError && service.error.status === 404;
  const title = service.data ? format.text(service.data.name) || service.data.id : missing ? t('services.title') : id;
  return (
    <>
      <p><Link to="/services">{t('service.back')}</Link></p>
      <h1>{title}</h1>
      {missing ? (
        <Notice kind="error"><p>{t('service.notFound', { id })}</p></Notice>
      ) : service.isError ? (
        <Failure error={service.error} onRetry={() => void service.refetch()} />
      ) : all.isError ? (
        <Failure error={all.error} onRetry={() => void all.refetch()} />
      ) : service.isPending || all.isPending ? (
        <Loading />
      ) : (
        <Detail service={service.data} all={all.data.items} format={format} />
      )}
    </>
  );
}
