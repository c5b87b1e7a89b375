/**
 * @module The words of a post-incident report in French and English: labels, facts, figures with
 * how each is measured, deadline outcomes, communications and timeline rows, every time in UTC
 * with its offset from the start (`T+3 min 20 s`). Pure; the renderers only lay these out.
 */
import { formatDuration } from '../incidents/incident-figures.js';
import type { Localized } from '../incidents/incident.types.js';
import { statusText } from '../incidents/incident-texts.js';
import type { Audience, CrisisRole } from './crisis.types.js';
import { ROLE_NAMES } from './crisis-messages.js';
import type { IncidentReport, ReportFigure, ReportLabel, ReportTexts } from './report.schema.js';

type Lang = 'en' | 'fr';
type ReportData = Omit<IncidentReport, 'texts'>;

const LABELS: Record<Lang, Record<ReportLabel, string>> = {
  en: {
    report: 'Post-incident report', generated: 'Generated at', facts: 'Incident', figures: 'Figures', figure: 'Figure', duration: 'Duration', measured: 'Measured from → to',
    deadlines: 'Communication deadlines', deadline: 'Deadline', audience: 'Audience', due: 'Due', outcome: 'Met at / missed', owner: 'Owner',
    impact: 'Impact estimate', total: 'Estimated total', communications: 'Communications sent', subject: 'Subject', timeline: 'Timeline', time: 'Time (UTC)',
    offset: 'Since start', event: 'Event', author: 'Author', text: 'Details', none: 'none', notes: 'Notes',
  },
  fr: {
    report: 'Rapport post-incident', generated: 'Généré le', facts: 'Incident', figures: 'Chiffres', figure: 'Indicateur', duration: 'Durée', measured: 'Mesuré de → à',
    deadlines: 'Échéances de communication', deadline: 'Échéance', audience: 'Destinataires', due: 'Date limite', outcome: 'Respectée le / manquée', owner: 'Responsable',
    impact: "Estimation de l'impact", total: 'Total estimé', communications: 'Communications envoyées', subject: 'Objet', timeline: 'Chronologie', time: 'Heure (UTC)',
    offset: 'Depuis le début', event: 'Événement', author: 'Auteur', text: 'Détails', none: 'aucune', notes: 'Notes',
  },
};

const FIGURES: Record<ReportFigure, { label: Localized; measured: Localized }> = {
  timeToDetectMs: {
    label: { en: 'Time to detect', fr: 'Délai de détection' },
    measured: { en: 'first failure → incident opened', fr: "premier échec → ouverture de l'incident" },
  },
  timeToAcknowledgeMs: {
    label: { en: 'Time to acknowledge', fr: 'Délai de prise en compte' },
    measured: { en: 'incident opened → acknowledged', fr: "ouverture de l'incident → prise en compte" },
  },
  timeToCrisisActivationMs: {
    label: { en: 'Time to crisis cell activation', fr: "Délai d'activation de la cellule de crise" },
    measured: { en: 'start → crisis cell activated', fr: 'début → activation de la cellule de crise' },
  },
  timeToFirstInternalCommunicationMs: {
    label: { en: 'Time to first internal communication', fr: 'Délai de première communication interne' },
    measured: { en: 'start → first message sent to responders, or internal deadline met', fr: 'début → premier message envoyé aux intervenants, ou échéance interne respectée' },
  },
  timeToFirstPublicCommunicationMs: {
    label: { en: 'Time to first public communication', fr: 'Délai de première communication publique' },
    measured: { en: 'start → first public update or message, or public deadline met', fr: 'début → première mise à jour ou communication publique, ou échéance publique respectée' },
  },
  timeToFirstAuthorityCommunicationMs: {
    label: { en: 'Time to first communication to the authorities', fr: 'Délai de première communication aux autorités' },
    measured: { en: 'start → first message to the authorities, or authority deadline met', fr: 'début → premier message aux autorités, ou échéance autorités respectée' },
  },
  timeToRecoveryMs: {
    label: { en: 'Time to recover', fr: 'Délai de rétablissement' },
    measured: { en: 'start → everything recovered (else resolved)', fr: 'début → tout rétabli (sinon résolu)' },
  },
};

const AUDIENCE: Record<Audience, Localized> = {
  internal: { en: 'Internal', fr: 'Interne' },
  public: { en: 'Public', fr: 'Public' },
  authority: { en: 'Authorities', fr: 'Autorités' },
  stakeholder: { en: 'Stakeholders', fr: 'Parties prenantes' },
};

/** A role's name as a label: "Crisis lead", "Directeur de crise". */
function roleLabel(role: CrisisRole, lang: Lang): string {
  const name = ROLE_NAMES[role]?.[lang] ?? role;
  return name.charAt(0).toUpperCase() + name.slice(1);
}

const KIND: Record<string, Localized> = {
  first_failure: { en: 'First failure', fr: 'Premier échec' },
  opened: { en: 'Opened', fr: 'Ouverture' },
  monitor_state: { en: 'Monitor', fr: 'Sonde' },
  service_state: { en: 'Service', fr: 'Service' },
  grouped: { en: 'Grouped', fr: 'Regroupement' },
  common_mode: { en: 'Common-mode failure', fr: 'Défaillance de mode commun' },
  severity: { en: 'Severity', fr: 'Gravité' },
  acknowledged: { en: 'Acknowledged', fr: 'Prise en compte' },
  mitigated: { en: 'Mitigated', fr: 'Atténuation' },
  update_internal: { en: 'Internal note', fr: 'Note interne' },
  update_public: { en: 'Public update', fr: 'Communication publique' },
  recovered: { en: 'Recovered', fr: 'Rétablissement' },
  resolved: { en: 'Resolved', fr: 'Résolution' },
  reopened: { en: 'Reopened', fr: 'Réouverture' },
  escalation: { en: 'Escalation', fr: 'Escalade' },
  notification: { en: 'Notification', fr: 'Notification' },
  crisis: { en: 'Crisis', fr: 'Crise' },
  deadline: { en: 'Deadline', fr: 'Échéance' },
  communication: { en: 'Communication', fr: 'Communication' },
};

const FACT: Record<string, Localized> = {
  incident: { en: 'Incident', fr: 'Incident' },
  status: { en: 'Status', fr: 'Statut' },
  severity: { en: 'Severity', fr: 'Gravité' },
  service: { en: 'Service', fr: 'Service' },
  summary: { en: 'Summary', fr: 'Résumé' },
  start: { en: 'Start', fr: 'Début' },
  firstFailure: { en: 'First failure', fr: 'Premier échec' },
  opened: { en: 'Opened', fr: 'Ouverture' },
  acknowledged: { en: 'Acknowledged', fr: 'Prise en compte' },
  recovered: { en: 'Recovered', fr: 'Rétablissement' },
  resolved: { en: 'Resolved', fr: 'Résolution' },
  reopened: { en: 'Reopened', fr: 'Réouvertures' },
  crisis: { en: 'Crisis cell', fr: 'Cellule de crise' },
  linked: { en: 'Incidents of the crisis', fr: 'Incidents de la crise' },
};

/** A time for people: `2026-03-30 14:02:05 UTC`. */
export function formatTime(isoTime: string): string {
  return `${isoTime.slice(0, 10)} ${isoTime.slice(11, 19)} UTC`;
}

/** An offset from the start: `T+3 min 20 s`, `T−45 s`. */
export function formatOffset(ms: number): string {
  return `T${ms < 0 ? '−' : '+'}${formatDuration(Math.abs(ms))}`;
}

function outcomeText(d: ReportData['deadlines'][number], start: number, lang: Lang): string {
  const at = (t: string) => `${formatTime(t)} (${formatOffset(Date.parse(t) - start)})`;
  const late = formatDuration(d.lateByMs);
  switch (d.outcome) {
    case 'met':
      return lang === 'en' ? `Met at ${at(d.metAt!)}` : `Respectée le ${at(d.metAt!)}`;
    case 'late':
      return lang === 'en' ? `Met late at ${at(d.metAt!)}, late by ${late}` : `Respectée en retard le ${at(d.metAt!)}, retard de ${late}`;
    case 'missed':
      return lang === 'en' ? `Missed (not met): late by ${late}` : `Manquée (non respectée) : retard de ${late}`;
    case 'cancelled':
      return lang === 'en' ? `Cancelled at ${formatTime(d.cancelledAt!)}` : `Annulée le ${formatTime(d.cancelledAt!)}`;
    case 'open':
      return lang === 'en' ? 'Open' : 'En cours';
  }
}

function factsOf(r: ReportData, lang: Lang): ReportTexts['facts'] {
  const i = r.incident;
  const when = (t: string | null) => (t === null ? '—' : `${formatTime(t)} (${formatOffset(Date.parse(t) - Date.parse(i.startedAt))})`);
  const facts: ReportTexts['facts'] = [
    { label: FACT.incident![lang], value: `${lang === 'en' ? '#' : 'n° '}${i.id} — ${i.title[lang]}` },
    { label: FACT.status![lang], value: statusText(i.status)[lang] },
    { label: FACT.severity![lang], value: i.severity },
  ];
  if (i.serviceId !== null) facts.push({ label: FACT.service![lang], value: i.serviceId });
  if (i.summary !== null) facts.push({ label: FACT.summary![lang], value: i.summary[lang] });
  facts.push({ label: i.firstFailureAt === null ? FACT.start![lang] : FACT.firstFailure![lang], value: formatTime(i.startedAt) });
  facts.push({ label: FACT.opened![lang], value: when(i.openedAt) }, { label: FACT.acknowledged![lang], value: when(i.acknowledgedAt) });
  facts.push({ label: FACT.recovered![lang], value: when(i.recoveredAt) }, { label: FACT.resolved![lang], value: when(i.resolvedAt) });
  if (i.reopened > 0) facts.push({ label: FACT.reopened![lang], value: String(i.reopened) });
  const c = r.crisis;
  if (c === null) {
    facts.push({ label: FACT.crisis![lang], value: lang === 'en' ? 'not activated' : 'non activée' });
  } else {
    const by = lang === 'en' ? `activated ${when(c.activatedAt)} by ${c.activatedBy}` : `activée le ${when(c.activatedAt)} par ${c.activatedBy}`;
    const value = lang === 'en' ? `#${c.id} — ${c.title.en}; ${by}: ${c.reason.en}` : `n° ${c.id} — ${c.title.fr} ; ${by} : ${c.reason.fr}`;
    facts.push({ label: FACT.crisis![lang], value });
    if (c.incidentIds.length > 1) facts.push({ label: FACT.linked![lang], value: c.incidentIds.map((id) => (lang === 'en' ? `#${id}` : `n° ${id}`)).join(', ') });
  }
  return facts;
}

function impactOf(impact: ReportData['impact'], lang: Lang): string | null {
  if (impact === null) return null;
  if (impact.total === null) return impact.text[lang];
  const total = impact.total.toLocaleString(lang === 'en' ? 'en-GB' : 'fr-FR');
  return `${impact.text[lang]} (${LABELS[lang].total}${lang === 'fr' ? ' :' : ':'} ${total})`;
}

/** The texts of a report in one language. */
export function reportTexts(r: ReportData, lang: Lang): ReportTexts {
  const start = Date.parse(r.incident.startedAt);
  const l = LABELS[lang];
  const who = (role: CrisisRole, people: string[]) => (people.length > 0 ? `${roleLabel(role, lang)} (${people.join(', ')})` : roleLabel(role, lang));
  const notes =
    lang === 'en'
      ? ['Times are UTC; “T+” is the time since the start of the incident (its first failure, else its opening).', 'A figure shows “—” when the step did not happen; a step taken before the start counts as 0 s.']
      : ["Heures en UTC ; « T+ » est le temps écoulé depuis le début de l'incident (son premier échec, sinon son ouverture).", "Un indicateur affiche « — » quand l'étape n'a pas eu lieu ; une étape antérieure au début compte pour 0 s."];
  if (r.impact === null) notes.push(lang === 'en' ? 'No impact estimate was available.' : "Aucune estimation de l'impact n'était disponible.");
  return {
    title: `${l.report} — ${lang === 'en' ? 'incident' : 'incident n°'} ${r.incident.id}${lang === 'fr' ? ' :' : ':'} ${r.incident.title[lang]}`,
    generated: `${l.generated} ${formatTime(r.generatedAt)}`,
    labels: l,
    facts: factsOf(r, lang),
    figures: (Object.keys(FIGURES) as ReportFigure[]).map((key) => ({ key, label: FIGURES[key].label[lang], value: formatDuration(r.figures[key]), measured: FIGURES[key].measured[lang] })),
    deadlines: r.deadlines.map((d) => ({
      title: d.title[lang],
      audience: AUDIENCE[d.audience][lang],
      due: `${formatTime(d.dueAt)} (${formatOffset(d.dueOffsetMs)})`,
      outcome: outcomeText(d, start, lang),
      owner: who(d.owner, d.ownerPeople),
    })),
    communications: r.communications.map((c) => ({ time: formatTime(c.sentAt), offset: formatOffset(Date.parse(c.sentAt) - start), audience: AUDIENCE[c.audience][lang], subject: c.subject[lang] })),
    impact: impactOf(r.impact, lang),
    timeline: r.timeline.map((e) => ({ time: formatTime(e.at), offset: formatOffset(e.offsetMs), event: KIND[e.kind]?.[lang] ?? e.kind, author: e.author ?? '', text: e.text[lang] })),
    notes,
  };
}
