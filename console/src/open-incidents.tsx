/**
 * @module The open incidents (open, acknowledged or mitigated), newest first, each linking to its
 * page: all of them on the overview, or those about one service on its page. Refreshed by the
 * live feed's incident events (query key under `['incidents']`).
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from './api.js';
import type { Formatter } from './format.js';
import type { Incident } from './types.js';
import { Failure, Loading } from './ui.js';

const OPEN_STATUSES = 'open,acknowledged,mitigated';

export function OpenIncidents({ format, service }: { format: Formatter; service?: string }) {
  const { t } = useTranslation();
  const filter = service === undefined ? '' : `&service=${encodeURIComponent(service)}`;
  const incidents = useQuery({
    queryKey: service === undefined ? ['incidents', 'open'] : ['incidents', 'open', service],
    queryFn: () => api<{ items: Incident[]; total: number }>(`/api/v1/incidents?status=${OPEN_STATUSES}&limit=100${filter}`),
  });
  if (incidents.isPending) return <Loading />;
  if (incidents.isError) return <Failure error={incidents.error} onRetry={() => void incidents.refetch()} />;
  if (incidents.data.items.length === 0) return <p>{t('overview.noIncidents')}</p>;
  return (
    <ul className="incidents">
      {incidents.data.items.map((i) => (
        <li key={i.id}>
          <span className={`badge badge-sev badge-${i.severity.toLowerCase()}`}>{i.severity}</span>{' '}
          <Link to={`/incidents/${i.id}`}><strong>{format.text(i.title)}</strong></Link>{' '}
          <span className="badge">{t(`incidentStatus.${i.status}`, { defaultValue: i.status })}</span>{' '}
          <span className="muted">{t('overview.opened', { time: format.dateTime(i.openedAt) })}</span>
        </li>
      ))}
    </ul>
  );
}
