/**
 * @module The Alert API request for one message: create the alert (its `alias` is the incident's
 * key, so Opsgenie folds repeats into one open alert), or acknowledge or close it by alias.
 */
import { truncate } from '../notifier-text.js';
import type { NotificationMessage, Severity } from '../types.js';
import type { OpsgenieSettings } from './opsgenie.schema.js';

/** Opsgenie's limits on alert fields. */
export const LIMITS = { message: 130, alias: 512, description: 15_000, entity: 512, note: 25_000 } as const;

const PRIORITY: Record<Severity, 'P1' | 'P2' | 'P3' | 'P4'> = { SEV1: 'P1', SEV2: 'P2', SEV3: 'P3', SEV4: 'P4' };

/** Path (under the base URL) and JSON body of the request telling Opsgenie about `message`. */
export function opsgenieRequest(settings: OpsgenieSettings, message: NotificationMessage): { path: string; body: string } {
  const { incident } = message;
  const alias = truncate(incident.key, LIMITS.alias);
  if (message.event === 'acknowledged' || message.event === 'resolved') {
    const action = message.event === 'acknowledged' ? 'acknowledge' : 'close';
    return {
      path: `/v2/alerts/${encodeURIComponent(alias)}/${action}?identifierType=alias`,
      body: JSON.stringify({ source: settings.source, note: truncate(message.text.short, LIMITS.note) }),
    };
  }
  const details: Record<string, string> = {
    event: message.event,
    incident_id: String(incident.id),
    severity: incident.severity,
    status: incident.status,
    first_failure_at: new Date(incident.firstFailureAt).toISOString(),
    ...(incident.cause ? { cause: incident.cause } : {}),
    ...(incident.url ? { url: incident.url } : {}),
    ...(incident.ackUrl ? { ack_url: incident.ackUrl } : {}),
  };
  return {
    path: '/v2/alerts',
    body: JSON.stringify({
      message: truncate(message.text.subject, LIMITS.message),
      alias,
      description: truncate(message.text.full, LIMITS.description),
      priority: PRIORITY[incident.severity],
      source: settings.source,
      ...(incident.service ? { entity: truncate(incident.service, LIMITS.entity) } : {}),
      tags: settings.tags,
      details,
    }),
  };
}
