/**
 * @module Fills a crisis draft from the data as it is now: the crisis's primary incident, its
 * estimated impact (traffic lost on its `traffic` monitors, services and places down), the cause
 * hypothesis, the changes suspected of causing it (internal and authority drafts only), the
 * measures taken (checklist items done) and when the next update of the same audience is due;
 * then renders the audience's templates (a stakeholder's own, else
 * `crisis.templates.<audience>`, else the built-in texts) in French and English.
 */
import { notedSuspects } from '../changes/change-recorder.js';
import { toMonitorDefinitions } from '../config/config.schema.js';
import type { Store } from '../storage/store.js';
import type { DraftComposer } from './crisis-service.js';
import { draftFacts, SUSPECTS_TOLD_TO } from './draft-facts.js';
import { renderDraft } from './drafts.js';
import { estimateImpact, impactResolver } from './impact.js';

/** The draft composer over a store (the API, the CLI and the crisis loop use it). */
export async function composeDraft(store: Store, input: Parameters<DraftComposer>[0]): ReturnType<DraftComposer> {
  const { crisis, incidents, audience, stakeholders, deadlines, config, now } = input;
  const incident = incidents.find((i) => i.id === crisis.primaryIncidentId) ?? incidents[0] ?? null;
  const resolver = impactResolver(toMonitorDefinitions(config), config.services);
  const impact = incident ? await estimateImpact(incident, { now, resolver, serviceStates: await store.incidents.serviceStates(), reader: store.passive }) : null;
  const repeating = config.crisis.obligations.find((o) => o.audience === audience && o.everyMs !== undefined);
  const upcoming = deadlines.filter((d) => d.audience === audience && d.metAt === null && d.cancelledAt === null && d.dueAt > now).sort((a, b) => a.dueAt - b.dueAt)[0];
  const nextUpdateAt = repeating?.everyMs !== undefined ? now + repeating.everyMs : (upcoming?.dueAt ?? null);
  const single = stakeholders.length === 1 ? stakeholders[0]! : undefined;
  // Suspect changes are internal: not even read for a public or stakeholder draft.
  const changes = incident && SUSPECTS_TOLD_TO.has(audience) ? await notedSuspects(store, incident.id) : undefined;
  const facts = draftFacts(
    {
      crisis,
      incident,
      impact,
      stakeholder: single?.name ?? (stakeholders.length > 1 ? { en: stakeholders.map((s) => s.name.en).join(', '), fr: stakeholders.map((s) => s.name.fr).join(', ') } : null),
      crisisUrl: `${config.server.public_url ?? `http://${config.server.host}:${config.server.port}`}/api/v1/crises/${crisis.id}`.replace(/([^:])\/\/+/g, '$1/'),
      audience,
      changes,
      nextUpdateAt,
      now,
    },
    { timeZone: config.crisis.time_zone },
  );
  // The stakeholder's own templates win over the audience's.
  const texts = renderDraft(audience, facts, [config.crisis.templates[audience], single?.templates]);
  return {
    texts,
    facts: {
      values: facts,
      impact: impact ? { at: impact.at, window: impact.window, total: impact.total, traffic: impact.traffic, services: impact.services.map((s) => ({ id: s.serviceId, state: s.state, down: s.down, text: s.text })) } : null,
    },
  };
}
