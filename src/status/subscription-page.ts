/**
 * @module What subscriptions need to know of each status page: its layout (public component ids
 * and names), how its messages name it (title, address, time zone), its subscription settings,
 * and which of its components an incident touches. Links in messages go to `https://<first host>`
 * when the page has host names, else to `<public_url>/status/<id>`. Pure.
 */
import type { Incident, Localized } from '../incidents/incident.types.js';
import { pageLayout, type LaidOutComponent, type PageLayout } from './page-layout.js';
import type { StatusPageDefinition } from './status.schema.js';
import type { PageFacts } from './subscription-texts.js';

/** A page that takes subscribers. */
export interface SubscriptionPage {
  definition: StatusPageDefinition;
  layout: PageLayout;
  facts: PageFacts;
  /** The `email` channel confirmation and news mails go through; undefined when the page takes no e-mail subscriber. */
  emailChannel: string | undefined;
  webhooks: boolean;
  perAddressPerDay: number;
}

/** What is read of the config. */
export interface SubscriptionConfig {
  status_pages: readonly StatusPageDefinition[];
  services: ReadonlyArray<{ id: string; name: Localized }>;
}

/** The address of a page in messages (no trailing slash). */
export function pageUrl(page: Pick<StatusPageDefinition, 'id' | 'hosts'>, publicUrl: string): string {
  const host = page.hosts[0];
  return host ? `https://${host}` : `${publicUrl.replace(/\/+$/, '')}/status/${encodeURIComponent(page.id)}`;
}

/** The pages of the config that take subscribers, by id. */
export function subscriptionPages(config: SubscriptionConfig, publicUrl: string): Map<string, SubscriptionPage> {
  const names = new Map(config.services.map((s) => [s.id, s.name]));
  const pages = new Map<string, SubscriptionPage>();
  for (const page of config.status_pages) {
    const subs = page.subscriptions;
    if (!subs || (!subs.email && !subs.webhooks)) continue;
    pages.set(page.id, {
      definition: page,
      layout: pageLayout(page, names),
      facts: { id: page.id, title: page.title, url: pageUrl(page, publicUrl), timeZone: page.time_zone },
      emailChannel: subs.email?.channel,
      webhooks: subs.webhooks,
      perAddressPerDay: subs.per_address_per_day,
    });
  }
  return pages;
}

/** The components of a page an incident touches: those showing a service or monitor it folds in. */
export function touchedComponents(layout: PageLayout, incident: Pick<Incident, 'affected' | 'serviceId'>): LaidOutComponent[] {
  const refs = new Set(incident.affected);
  if (incident.serviceId) refs.add(`service:${incident.serviceId}`);
  return layout.components.filter((c) => refs.has(`${c.ref.kind}:${c.ref.id}`));
}
