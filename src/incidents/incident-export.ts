/**
 * @module An incident as a document an inquiry can use: JSON (the incident, its figures and
 * its timeline with ISO times) and Markdown (a summary table, the figures and the timeline, in
 * English or French). Pure.
 */
import type { Incident, IncidentFigures, TimelineEntry } from './incident.types.js';
import { formatDuration, incidentFigures } from './incident-figures.js';
import { messagesOf, statusText } from './incident-texts.js';

/** The JSON export. */
export interface IncidentDocument {
  incident: Omit<Incident, 'firstFailureAt' | 'openedAt' | 'lastFailureAt' | 'recoveredAt' | 'acknowledgedAt' | 'mitigatedAt' | 'resolvedAt' | 'updatedAt'> & Record<string, unknown>;
  figures: IncidentFigures;
  timeline: Array<Omit<TimelineEntry, 'at' | 'incidentId'> & { at: string }>;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The incident, its figures and its timeline with ISO 8601 times. */
export function incidentDocument(incident: Incident, timeline: readonly TimelineEntry[]): IncidentDocument {
  return {
    incident: {
      ...incident,
      firstFailureAt: iso(incident.firstFailureAt),
      openedAt: iso(incident.openedAt),
      lastFailureAt: iso(incident.lastFailureAt),
      recoveredAt: iso(incident.recoveredAt),
      acknowledgedAt: iso(incident.acknowledgedAt),
      mitigatedAt: iso(incident.mitigatedAt),
      resolvedAt: iso(incident.resolvedAt),
      updatedAt: iso(incident.updatedAt),
    },
    figures: incidentFigures(incident),
    timeline: timeline.map(({ incidentId: _incidentId, ...entry }) => ({ ...entry, at: new Date(entry.at).toISOString() })),
  };
}

const LABELS = {
  en: { status: 'Status', severity: 'Severity', service: 'Service', root: 'Root cause', common: 'Common-mode failure', opened: 'Opened', first: 'First failure', ttd: 'Time to detect', tta: 'Time to acknowledge', ttr: 'Time to resolve', figures: 'Figures', timeline: 'Timeline', summary: 'Summary', yes: 'yes', no: 'no', time: 'Time (UTC)', event: 'Event', author: 'Author' },
  fr: { status: 'Statut', severity: 'Gravité', service: 'Service', root: 'Cause première', common: 'Défaillance de mode commun', opened: 'Ouvert', first: 'Premier échec', ttd: 'Délai de détection', tta: 'Délai de prise en compte', ttr: 'Délai de résolution', figures: 'Chiffres', timeline: 'Chronologie', summary: 'Résumé', yes: 'oui', no: 'non', time: 'Heure (UTC)', event: 'Événement', author: 'Auteur' },
};

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/**
 * An entry's text in `lang`. Entries written before monitor-state texts were fully localized
 * carry the check's English message inside their French text, with the French message stored
 * beside it (`details.messages`): the French message is put back in its place.
 */
export function entryText(entry: Pick<TimelineEntry, 'text' | 'details'>, lang: 'en' | 'fr'): string {
  const text = entry.text[lang];
  if (lang === 'en') return text;
  const messages = messagesOf(entry.details);
  if (!messages?.en || messages.fr === undefined || messages.en === messages.fr) return text;
  return text.split(messages.en).join(messages.fr);
}

/** The incident as Markdown, in English or French. */
export function incidentMarkdown(incident: Incident, timeline: readonly TimelineEntry[], lang: 'en' | 'fr' = 'en'): string {
  const l = LABELS[lang];
  const figures = incidentFigures(incident);
  const lines = [`# Incident #${incident.id} — ${incident.title[lang]}`, ''];
  lines.push(`| | |`, `| --- | --- |`);
  lines.push(`| ${l.status} | ${statusText(incident.status)[lang]} |`, `| ${l.severity} | ${incident.severity} |`);
  if (incident.serviceId) lines.push(`| ${l.service} | ${incident.serviceId} |`);
  if (incident.rootCause) lines.push(`| ${l.root} | ${incident.rootCause.kind} ${incident.rootCause.id} |`);
  lines.push(`| ${l.common} | ${incident.commonMode ? l.yes : l.no} |`);
  if (incident.firstFailureAt !== null) lines.push(`| ${l.first} | ${iso(incident.firstFailureAt)} |`);
  lines.push(`| ${l.opened} | ${iso(incident.openedAt)} |`, '');
  if (incident.summary) lines.push(`## ${l.summary}`, '', incident.summary[lang], '');
  lines.push(`## ${l.figures}`, '');
  const colon = lang === 'fr' ? ' :' : ':';
  lines.push(`- ${l.ttd}${colon} ${formatDuration(figures.timeToDetectMs)}`, `- ${l.tta}${colon} ${formatDuration(figures.timeToAcknowledgeMs)}`, `- ${l.ttr}${colon} ${formatDuration(figures.timeToResolveMs)}`, '');
  lines.push(`## ${l.timeline}`, '', `| ${l.time} | ${l.event} | ${l.author} | |`, '| --- | --- | --- | --- |');
  for (const entry of timeline) {
    lines.push(`| ${new Date(entry.at).toISOString()} | ${entry.kind} | ${cell(entry.author ?? '')} | ${cell(entryText(entry, lang))} |`);
  }
  return `${lines.join('\n')}\n`;
}
