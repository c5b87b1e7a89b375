/**
 * @module The Events API v2 event for one message: `trigger` for news about an open incident,
 * `acknowledge` and `resolve` for the incident's own; one alert per incident through `dedup_key`.
 */
import { truncate } from '../notifier-text.js';
import type { NotificationEvent, NotificationMessage, Severity } from '../types.js';
import type { PagerdutySettings } from './pagerduty.schema.js';

/** The longest `payload.summary` PagerDuty accepts. */
export const SUMMARY_CHARS = 1024;

const SEVERITY: Record<Severity, 'critical' | 'error' | 'warning' | 'info'> = { SEV1: 'critical', SEV2: 'error', SEV3: 'warning', SEV4: 'info' };

/** The `event_action` telling PagerDuty about `event`. */
export function eventAction(event: NotificationEvent): 'trigger' | 'acknowledge' | 'resolve' {
  if (event === 'acknowledged') return 'acknowledge';
  if (event === 'resolved') return 'resolve';
  return 'trigger';
}

/** The JSON event for one message. */
export function pagerdutyEvent(settings: PagerdutySettings, message: NotificationMessage): string {
  const { incident } = message;
  const action = eventAction(message.event);
  const head = { routing_key: settings.routing_secret, event_action: action, dedup_key: incident.key };
  if (action !== 'trigger') return JSON.stringify(head);
  const fr = message.language === 'fr';
  const links = [
    ...(incident.url ? [{ href: incident.url, text: 'Incident' }] : []),
    ...(incident.ackUrl ? [{ href: incident.ackUrl, text: fr ? 'Prendre en compte dans Vigie' : 'Acknowledge in Vigie' }] : []),
  ];
  return JSON.stringify({
    ...head,
    payload: {
      summary: truncate(message.text.subject, SUMMARY_CHARS),
      source: settings.source,
      severity: SEVERITY[incident.severity],
      timestamp: new Date(message.at).toISOString(),
      ...(incident.service ? { component: incident.service } : {}),
      custom_details: {
        event: message.event,
        incident_id: incident.id,
        severity: incident.severity,
        status: incident.status,
        ...(incident.cause ? { cause: incident.cause } : {}),
        first_failure_at: new Date(incident.firstFailureAt).toISOString(),
        details: message.text.full,
      },
    },
    client: 'Vigie',
    ...(incident.url ? { client_url: incident.url } : {}),
    links,
  });
}
