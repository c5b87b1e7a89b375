/**
 * @module /services: every service as a dependency graph (SVG, a box per service with its state
 * in words and its k-of-n count) and the same as a table (for screen readers and phones), both
 * kept live by the event feed. A service opens /services/:id.
 */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../format.js';
import { useServices, useServiceWords } from '../services-data.js';
import { ServicesGraph } from '../services-graph.js';
import '../services-texts.js';
import { Failure, Loading } from '../ui.js';

export default function ServicesPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const words = useServiceWords(format);
  const services = useServices();
  const body = () => {
    if (services.isPending) return <Loading />;
    if (services.isError) return <Failure error={services.error} onRetry={() => void services.refetch()} />;
    const items = services.data.items;
    if (items.length === 0) return <p>{t('services.none')}</p>;
    const names = new Map(items.map((s) => [s.id, format.text(s.name) || s.id]));
    return (
      <>
        <section aria-labelledby="services-graph-title">
          <h2 id="services-graph-title">{t('services.graph')}</h2>
          <p className="muted">{t('services.graphHelp')}</p>
          <ServicesGraph services={items} format={format} />
        </section>
        <section aria-labelledby="services-table-title">
          <h2 id="services-table-title">{t('services.table')}</h2>
          <div className="table-wrap">
            <table className="settings-table services-table">
              <thead>
                <tr>
                  <th scope="col">{t('services.colService')}</th>
                  <th scope="col">{t('services.colState')}</th>
                  <th scope="col">{t('services.colRedundancy')}</th>
                  <th scope="col">{t('services.colDependsOn')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((s) => (
                  <tr key={s.id} data-service={s.id}>
                    <th scope="row"><Link to={`/services/${encodeURIComponent(s.id)}`}>{names.get(s.id)}</Link></th>
                    <td><span className={`badge badge-${s.state ?? 'none'}`}>{words.state(s)}</span></td>
                    <td>{words.redundancy(s, true) ?? t('services.nothing')}</td>
                    <td>{s.dependsOn.length === 0 ? t('services.nothing') : s.dependsOn.map((d) => names.get(d.service) ?? d.service).join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      </>
    );
  };
  return (
    <>
      <h1>{t('services.title')}</h1>
      {body()}
    </>
  );
}
