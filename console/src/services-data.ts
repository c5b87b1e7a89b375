/**
 * @module The services as `GET /api/v1/services` gives them (members, redundancy, dependencies),
 * read through the query cache under `['services']`, which the live feed refreshes on service
 * events and on monitor state changes (a member may change without its service changing).
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from './api.js';
import type { Formatter } from './format.js';
import type { GraphService } from './services-layout.js';
import type { Service, Texts } from './types.js';

export interface ServiceMember {
  id: string;
  kind: 'monitor' | 'service';
  role: 'component' | 'redundant';
  state: string;
}

/** A service with what the services pages read besides the overview's fields. */
export interface ServiceDetail extends Service {
  description?: Texts;
  tags: string[];
  members: ServiceMember[];
  dependsOn: Array<{ service: string; impact: 'outage' | 'degraded' }>;
  uptime: Record<'24h' | '7d' | '30d' | '90d', number | null>;
}

export const SERVICES_KEY = ['services'] as const;

export function useServices() {
  return useQuery({ queryKey: SERVICES_KEY, queryFn: () => api<{ items: ServiceDetail[] }>('/api/v1/services') });
}

/** The graph's view of a service: its dependencies and the services it is made of. */
export function graphService(s: ServiceDetail): GraphService {
  return { id: s.id, dependsOn: s.dependsOn.map((d) => d.service), contains: s.members.filter((m) => m.kind === 'service').map((m) => m.id) };
}

/** The state word of a service (never colour alone). */
export function useServiceWords(format: Formatter) {
  const { t } = useTranslation();
  return {
    state: (s: Pick<Service, 'state'>) => t(`serviceState.${s.state ?? 'none'}`),
    /** "4 of 6 healthy", or undefined for a service without redundancy. */
    redundancy: (s: Pick<Service, 'redundancy'>, withMin = false) =>
      s.redundancy
        ? t(withMin ? 'services.redundancyNeeds' : 'services.redundancy', { healthy: format.number(s.redundancy.healthy), total: format.number(s.redundancy.total), min: format.number(s.redundancy.minHealthy) })
        : undefined,
  };
}
