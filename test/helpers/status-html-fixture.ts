/**
 * @module A status page snapshot with everything the HTML shows, for the renderer's unit and
 * browser tests: components in all five states (two groups and a lone one), 90 uptime days with
 * outages and missing data, an open incident with public updates and no update for too long,
 * a maintenance in progress and a scheduled one, and 23 resolved incidents (three history pages).
 * The page definition goes through the real config schema, so its defaults are the real ones.
 */
import { fromCivilDay, civilDay, toInstant } from '../../src/maintenance/zoned-time.js';
import { statusPageSchema } from '../../src/status/status.schema.js';
import type { ComponentSnapshot, ComponentState, PageSnapshot, PublicIncident, UptimeDay } from '../../src/status/status.types.js';

const MINUTE = 60_000;
const ZONE = 'Europe/Paris';

/** 2 June 2026 at 14:00 in Paris (CEST). */
export const FIXTURE_NOW = Date.UTC(2026, 5, 2, 12, 0);

/** `count` days ending today (Paris midnights, oldest first), with outages on a few of them. */
export function fixtureDays(count: number, seed: number): UptimeDay[] {
  const today = civilDay(2026, 6, 2);
  return Array.from({ length: count }, (_, i) => {
    const civil = fromCivilDay(today - (count - 1 - i));
    const day = toInstant({ ...civil, hour: 0, minute: 0, second: 0 }, ZONE);
    if (i < 5 && seed % 2 === 1) return { day, ratio: null, partialMinutes: 0, majorMinutes: 0 };
    if ((i + seed) % 29 === 0) return { day, ratio: 0.9722, partialMinutes: 0, majorMinutes: 40 };
    if ((i + seed) % 17 === 0) return { day, ratio: 0.99, partialMinutes: 15, majorMinutes: 0 };
    return { day, ratio: 1, partialMinutes: 0, majorMinutes: 0 };
  });
}

function component(id: string, name: [string, string], state: ComponentState, position: number, groupId: string | null): ComponentSnapshot {
  const days = fixtureDays(90, position);
  const observed = days.filter((d) => d.ratio !== null);
  return {
    id,
    ref: { kind: 'service', id },
    name: { en: name[0], fr: name[1] },
    description: position === 0 ? { en: 'Calls to 112 and 118', fr: 'Appels au 112 et au 118' } : null,
    groupId,
    position,
    state,
    since: state === 'operational' ? null : FIXTURE_NOW - 35 * MINUTE,
    days,
    uptime: observed.reduce((sum, d) => sum + (d.ratio ?? 0), 0) / observed.length,
    details: null,
  };
}

function resolved(n: number): PublicIncident {
  const startedAt = FIXTURE_NOW - (n + 1) * 3 * 86_400_000;
  const resolvedAt = startedAt + 80 * MINUTE;
  return {
    id: 100 + n,
    title: { en: `Past incident number ${n + 1}`, fr: `Incident passé numéro ${n + 1}` },
    status: 'resolved',
    impact: n % 3 === 0 ? 'major' : 'minor',
    startedAt,
    createdAt: startedAt,
    updatedAt: resolvedAt,
    identifiedAt: startedAt + 10 * MINUTE,
    monitoringAt: startedAt + 60 * MINUTE,
    resolvedAt,
    componentIds: ['web'],
    updates: [
      { id: 1000 + n * 2 + 1, at: resolvedAt, text: { en: 'Fixed.', fr: 'Corrigé.' }, status: 'resolved' },
      { id: 1000 + n * 2, at: startedAt + 10 * MINUTE, text: { en: 'We are looking into it.', fr: 'Nous analysons.' }, status: 'investigating' },
    ],
    lastUpdateAt: resolvedAt,
    updateOverdue: false,
  };
}

/** The fixture snapshot; `change` replaces top-level fields. */
export function fixtureSnapshot(change: Partial<PageSnapshot> = {}): PageSnapshot {
  const page = statusPageSchema.parse({
    id: 'public',
    title: { en: 'Operator status', fr: 'État des services' },
    description: { en: 'Emergency calls and online services', fr: 'Appels d’urgence et services en ligne' },
    components: [
      { group: { en: 'Telephony', fr: 'Téléphonie' }, components: [{ service: 'calls' }, { service: 'sms' }] },
      { group: { en: 'Online', fr: 'En ligne' }, components: [{ service: 'web' }, { service: 'api' }] },
      { service: 'mail' },
    ],
    time_zone: ZONE,
    update_interval: '30m',
    subscriptions: { email: { channel: 'mail' }, webhooks: true },
  });
  const components = [
    component('calls', ['Emergency calls', 'Appels d’urgence'], 'major_outage', 0, 'telephony'),
    component('sms', ['Text messages', 'SMS'], 'degraded_performance', 1, 'telephony'),
    component('web', ['Website', 'Site web'], 'operational', 3, 'online'),
    component('api', ['Public API', 'API publique'], 'partial_outage', 4, 'online'),
    component('mail', ['Mail', 'Messagerie'], 'under_maintenance', 5, null),
  ];
  const startedAt = FIXTURE_NOW - 95 * MINUTE;
  const open: PublicIncident = {
    id: 42,
    title: { en: 'Emergency calls fail in the south', fr: 'Les appels d’urgence échouent dans le sud' },
    status: 'identified',
    impact: 'critical',
    startedAt,
    createdAt: startedAt,
    updatedAt: FIXTURE_NOW - 50 * MINUTE,
    identifiedAt: startedAt + 20 * MINUTE,
    monitoringAt: null,
    resolvedAt: null,
    componentIds: ['calls', 'sms'],
    updates: [
      { id: 2, at: FIXTURE_NOW - 50 * MINUTE, text: { en: 'The cause is a failed link.\nA technician is on site.', fr: 'La cause est un lien coupé.\nUn technicien est sur place.' }, status: 'identified' },
      { id: 1, at: startedAt + 5 * MINUTE, text: { en: 'We are investigating failed calls.', fr: 'Nous analysons des appels en échec.' }, status: 'investigating' },
    ],
    lastUpdateAt: FIXTURE_NOW - 50 * MINUTE,
    updateOverdue: true,
  };
  return {
    page,
    builtAt: FIXTURE_NOW - 3 * MINUTE,
    updatedAt: FIXTURE_NOW - 35 * MINUTE,
    stale: null,
    indicator: 'critical',
    state: 'major_outage',
    groups: [
      { id: 'telephony', name: { en: 'Telephony', fr: 'Téléphonie' }, position: 0, componentIds: ['calls', 'sms'], state: 'major_outage' },
      { id: 'online', name: { en: 'Online', fr: 'En ligne' }, position: 2, componentIds: ['web', 'api'], state: 'partial_outage' },
    ],
    components,
    incidents: [open],
    history: Array.from({ length: 23 }, (_, n) => resolved(n)),
    maintenances: [
      {
        id: 'mail-upgrade:1780394400000',
        title: { en: 'Mail server upgrade', fr: 'Mise à jour de la messagerie' },
        description: { en: 'Mail may be delayed.', fr: 'Le courrier peut être retardé.' },
        status: 'in_progress',
        scheduledFor: FIXTURE_NOW - 30 * MINUTE,
        scheduledUntil: FIXTURE_NOW + 90 * MINUTE,
        componentIds: ['mail'],
      },
      {
        id: 'web-move:1780480800000',
        title: { en: 'Website move', fr: 'Déménagement du site web' },
        description: null,
        status: 'scheduled',
        scheduledFor: FIXTURE_NOW + 2 * 86_400_000,
        scheduledUntil: FIXTURE_NOW + 2 * 86_400_000 + 120 * MINUTE,
        componentIds: ['web'],
      },
    ],
    ...change,
  };
}
