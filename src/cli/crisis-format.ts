/**
 * @module How `vigie crisis` prints crises, deadlines and drafts for a person: aligned tables and
 * labelled lines in English or French, times in UTC, deadlines with the time left or how late.
 * Pure: it formats the API's views.
 */
import type { z } from 'zod';
import type { crisisDetail, crisisView, deadlineView, draftView } from '../api/schemas/crisis.schemas.js';

type Lang = 'en' | 'fr';
type CrisisView = z.output<typeof crisisView>;
type Detail = z.output<typeof crisisDetail>;
type DeadlineView = z.output<typeof deadlineView>;
type DraftView = z.output<typeof draftView>;

const WORDS = {
  en: {
    none: 'no crisis', crisis: 'Crisis', cell: 'Cell', kind: 'kind', activated: 'Activated', by: 'by', rule: 'rule', reason: 'Reason',
    deactivated: 'Deactivated', summary: 'Summary', bridge: 'Bridge', roles: 'Roles', approvers: 'Approves drafts', incidents: 'Incidents',
    checklist: 'Checklist', deadlines: 'Deadlines', drafts: 'Drafts', nobody: 'nobody', activations: 'activations',
    head: { list: ['ID', 'STATUS', 'CELL', 'ACTIVATED', 'INCIDENT', 'TITLE'], deadlines: ['ID', 'STATE', 'DUE', 'WHEN', 'OWNER', 'TITLE'], drafts: ['ID', 'STATUS', 'AUDIENCE', 'DEADLINE', 'SUBJECT'] },
    in: (span: string) => `in ${span}`, late: (span: string) => `late by ${span}`,
    states: { open: 'open', met: 'met', met_late: 'met late', missed: 'missed', cancelled: 'cancelled' },
    statuses: { active: 'active', deactivated: 'deactivated', draft: 'draft', approved: 'approved', sent: 'sent' },
    draft: 'Draft', deadline: 'deadline', to: 'To', subject: 'Subject', approved: 'Approved', sent: 'Sent', edited: 'Edited',
  },
  fr: {
    none: 'aucune crise', crisis: 'Crise', cell: 'Cellule', kind: 'type', activated: 'Activée', by: 'par', rule: 'règle', reason: 'Motif',
    deactivated: 'Désactivée', summary: 'Bilan', bridge: 'Pont', roles: 'Rôles', approvers: 'Approuve les brouillons', incidents: 'Incidents',
    checklist: 'Liste de contrôle', deadlines: 'Échéances', drafts: 'Brouillons', nobody: 'personne', activations: 'activations',
    head: { list: ['N°', 'ÉTAT', 'CELLULE', 'ACTIVÉE', 'INCIDENT', 'TITRE'], deadlines: ['N°', 'ÉTAT', 'ÉCHÉANCE', 'DÉLAI', 'RESPONSABLE', 'TITRE'], drafts: ['N°', 'ÉTAT', 'PUBLIC', 'ÉCHÉANCE', 'OBJET'] },
    in: (span: string) => `dans ${span}`, late: (span: string) => `en retard de ${span}`,
    states: { open: 'ouverte', met: 'tenue', met_late: 'tenue en retard', missed: 'manquée', cancelled: 'annulée' },
    statuses: { active: 'active', deactivated: 'désactivée', draft: 'brouillon', approved: 'approuvé', sent: 'envoyé' },
    draft: 'Brouillon', deadline: 'échéance', to: 'Destinataires', subject: 'Objet', approved: 'Approuvé', sent: 'Envoyé', edited: 'Modifié',
  },
} as const;

/** Aligns rows in columns two spaces apart (the last column is not padded). */
export function table(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd());
}

/** "2026-12-03 09:40 UTC". */
export function shortTime(isoTime: string): string {
  return `${isoTime.slice(0, 16).replace('T', ' ')} UTC`;
}

/** "14 min", "2 h 05 min". */
export function span(ms: number): string {
  const m = Math.round(Math.abs(ms) / 60_000);
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** When a deadline is due relative to now: "in 14 min", "late by 3 min", or nothing once settled on time. */
export function deadlineWhen(d: Pick<DeadlineView, 'dueInMs' | 'lateByMs'>, lang: Lang): string {
  if (d.dueInMs !== null) return WORDS[lang].in(span(d.dueInMs));
  if (d.lateByMs !== null) return WORDS[lang].late(span(d.lateByMs));
  return '—';
}

const names = (people: readonly { id: string; name: string }[], lang: Lang) => (people.length > 0 ? people.map((p) => `${p.name} (${p.id})`).join(', ') : WORDS[lang].nobody);

/** One line per crisis, newest first, under a header. */
export function formatCrisisList(items: readonly CrisisView[], lang: Lang): string {
  const w = WORDS[lang];
  if (items.length === 0) return `${w.none}\n`;
  const rows = items.map((c) => [String(c.id), w.statuses[c.status], c.cell.id, shortTime(c.activatedAt), c.primaryIncident === null ? '—' : `#${c.primaryIncident}`, c.title[lang]]);
  return `${table([w.head.list, ...rows]).join('\n')}\n`;
}

export function formatDeadlines(deadlines: readonly DeadlineView[], lang: Lang): string[] {
  const w = WORDS[lang];
  const rows = deadlines.map((d) => [String(d.id), w.states[d.state], shortTime(d.dueAt), deadlineWhen(d, lang), `${d.owner.name[lang]}: ${d.owner.people.map((p) => p.name).join(', ') || w.nobody}`, d.title[lang]]);
  return table([w.head.deadlines, ...rows]);
}

export function formatDrafts(drafts: readonly DraftView[], lang: Lang): string[] {
  const w = WORDS[lang];
  const rows = drafts.map((d) => [String(d.id), w.statuses[d.status], d.audience, d.deadline === null ? '—' : String(d.deadline), d.texts[lang].subject]);
  return table([w.head.drafts, ...rows]);
}

/** A crisis with its roles, checklist, incidents, deadlines and drafts. */
export function formatCrisisDetail(c: Detail, lang: Lang): string {
  const w = WORDS[lang];
  const indent = (lines: string[]) => lines.map((l) => `  ${l}`);
  const lines = [
    `${w.crisis} #${c.id} — ${w.statuses[c.status]} — ${c.title[lang]}`,
    `${w.cell}: ${c.cell.name?.[lang] ?? c.cell.id} (${c.cell.id}), ${w.kind} ${c.kind}${c.activations > 1 ? `, ${c.activations} ${w.activations}` : ''}`,
    `${w.activated}: ${shortTime(c.activatedAt)} ${w.by} ${c.rule ? `${w.rule} ${c.rule}` : c.activatedBy}`,
    `${w.reason}: ${c.reason[lang]}`,
  ];
  if (c.deactivatedAt) lines.push(`${w.deactivated}: ${shortTime(c.deactivatedAt)} ${w.by} ${c.deactivatedBy ?? '—'}`);
  if (c.summary) lines.push(`${w.summary}: ${c.summary[lang]}`);
  if (c.bridge) lines.push(`${w.bridge}: ${c.bridge}`);
  lines.push(`${w.roles}:`, ...indent(table(c.roles.map((r) => [r.name[lang], names(r.people, lang)]))));
  lines.push(`${w.approvers}: ${names(c.approvers, lang)}`);
  lines.push(`${w.incidents}:`, ...indent(table(c.incidents.map((i) => [`#${i.id}`, i.severity, i.status, i.title[lang]]))));
  if (c.checklist.length > 0) {
    lines.push(`${w.checklist}:`, ...indent(c.checklist.map((i) => `[${i.index}] ${i.done ? '[x]' : '[ ]'} ${i.text[lang]}${i.done ? ` — ${i.doneBy ?? ''}, ${shortTime(i.doneAt!)}` : ''}`)));
  }
  if (c.deadlines.length > 0) lines.push(`${w.deadlines}:`, ...indent(formatDeadlines(c.deadlines, lang)));
  if (c.drafts.length > 0) lines.push(`${w.drafts}:`, ...indent(formatDrafts(c.drafts, lang)));
  return `${lines.join('\n')}\n`;
}

/** A draft with its text in `lang`. */
export function formatDraft(d: DraftView, lang: Lang): string {
  const w = WORDS[lang];
  const to = d.stakeholders.length > 0 ? d.stakeholders.map((s) => s.name[lang]).join(', ') : d.audience;
  const lines = [`${w.draft} #${d.id} (${w.crisis.toLowerCase()} #${d.crisisId}) — ${w.statuses[d.status]} — ${d.audience}${d.deadline !== null ? `, ${w.deadline} #${d.deadline}` : ''}`, `${w.to}: ${to}`];
  if (d.editedBy) lines.push(`${w.edited}: ${d.editedBy}`);
  if (d.approvedBy) lines.push(`${w.approved}: ${d.approvedBy.name} (${d.approvedBy.id}), ${shortTime(d.approvedAt!)}`);
  if (d.sentAt) lines.push(`${w.sent}: ${d.sentBy ?? '—'}, ${shortTime(d.sentAt)}`);
  lines.push(`${w.subject}: ${d.texts[lang].subject}`, '', d.texts[lang].body);
  return `${lines.join('\n')}\n`;
}

/** A deadline on one line. */
export function formatDeadline(d: DeadlineView, lang: Lang): string {
  return `${formatDeadlines([d], lang)[1]}\n`;
}
