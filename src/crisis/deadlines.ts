/**
 * @module From communication obligations to the deadlines of a crisis, and when each reminder is
 * due. Internal notices, public updates and authority notifications count from when the incident
 * was detected (opened); the NIS2 preset gives an early warning at 24 h, a notification at 72 h
 * and a final report one calendar month after the notification; the GDPR preset a notification
 * to the supervisory authority at 72 h. A repeating obligation (`every`) adds the next deadline
 * when one is met. Pure.
 */
import type { Localized } from '../incidents/incident.types.js';
import { matches, type IncidentFacts } from '../notifications/route-match.js';
import type { Audience, Obligation } from './crisis.schema.js';
import type { Deadline, DeadlineDraft } from './crisis.types.js';

const HOUR = 3_600_000;

/** One step of a preset. */
interface PresetStep {
  step: string;
  title: Localized;
  withinMs?: number;
  /** Due this many calendar months after the step named `after` is met (or due, while it is not). */
  months?: { count: number; after: string };
}

/** The authority deadlines of each preset. */
export const PRESETS: Record<'nis2' | 'gdpr', PresetStep[]> = {
  nis2: [
    { step: 'early_warning', title: { en: 'NIS2 early warning to the CSIRT or competent authority (24 h)', fr: 'NIS2 : alerte précoce au CSIRT ou à l’autorité compétente (24 h)' }, withinMs: 24 * HOUR },
    { step: 'notification', title: { en: 'NIS2 incident notification (72 h)', fr: 'NIS2 : notification d’incident (72 h)' }, withinMs: 72 * HOUR },
    { step: 'final_report', title: { en: 'NIS2 final report (1 month after the notification)', fr: 'NIS2 : rapport final (1 mois après la notification)' }, months: { count: 1, after: 'notification' } },
  ],
  gdpr: [{ step: 'notification', title: { en: 'GDPR personal data breach notification to the supervisory authority (72 h)', fr: 'RGPD : notification de la violation de données à l’autorité de contrôle (72 h)' }, withinMs: 72 * HOUR }],
};

const DEFAULT_TITLES: Record<Audience, Localized> = {
  internal: { en: 'Internal notice', fr: 'Information interne' },
  public: { en: 'Public update', fr: 'Point de situation public' },
  authority: { en: 'Authority notification', fr: 'Notification aux autorités' },
  stakeholder: { en: 'Stakeholder notice', fr: 'Information des parties prenantes' },
};

/** `at` plus `count` calendar months (UTC), clamped to the end of a shorter month. */
export function addMonths(at: number, count: number): number {
  const d = new Date(at);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + count, 1, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return target.getTime();
}

/** The key of the n-th deadline of a repeating obligation. */
export const repeatKey = (obligationId: string, n: number) => `${obligationId}#${n}`;

/** The deadlines the obligations that match an incident give, counted from `start`. */
export function deadlinesFor(obligations: readonly Obligation[], facts: IncidentFacts, start: number): DeadlineDraft[] {
  const out: DeadlineDraft[] = [];
  for (const o of obligations) {
    if (!matches(o.match, facts)) continue;
    const base = { obligationId: o.id, audience: o.audience, stakeholders: o.stakeholders, owner: o.owner, startsAt: start };
    if (o.preset) {
      const due = new Map<string, number>();
      for (const step of PRESETS[o.preset]) {
        const at = step.withinMs !== undefined ? start + step.withinMs : addMonths(due.get(step.months!.after)!, step.months!.count);
        due.set(step.step, at);
        out.push({ ...base, key: `${o.id}.${step.step}`, title: step.title, dueAt: at });
      }
    } else {
      const key = o.everyMs !== undefined ? repeatKey(o.id, 1) : o.id;
      out.push({ ...base, key, title: o.title ?? DEFAULT_TITLES[o.audience], dueAt: start + o.withinMs! });
    }
  }
  return out;
}

/**
 * What meeting a deadline at `at` changes: the next deadline of a repeating obligation, and the
 * new due time of preset steps that count from this one (NIS2 final report).
 */
export function afterMet(met: Deadline, obligations: readonly Obligation[], siblings: readonly Deadline[], at: number): { next?: DeadlineDraft; moved: { id: number; dueAt: number }[] } {
  const o = obligations.find((x) => x.id === met.obligationId);
  if (!o) return { moved: [] };
  if (o.preset) {
    const step = met.key.slice(o.id.length + 1);
    const moved = PRESETS[o.preset]
      .filter((s) => s.months?.after === step)
      .flatMap((s) => siblings.filter((d) => d.key === `${o.id}.${s.step}` && d.metAt === null).map((d) => ({ id: d.id, dueAt: addMonths(at, s.months!.count) })));
    return { moved };
  }
  if (o.everyMs === undefined) return { moved: [] };
  const n = Number(met.key.slice(met.key.lastIndexOf('#') + 1)) || 1;
  return {
    next: { obligationId: o.id, audience: o.audience, stakeholders: o.stakeholders, owner: o.owner, startsAt: at, key: repeatKey(o.id, n + 1), title: o.title ?? DEFAULT_TITLES[o.audience], dueAt: at + o.everyMs },
    moved: [],
  };
}

/** When each reminder of a deadline is due: the fractions of its time, then the due time itself. */
export function reminderTimes(d: Pick<Deadline, 'startsAt' | 'dueAt'>, fractions: readonly number[]): number[] {
  const span = Math.max(0, d.dueAt - d.startsAt);
  return [...[...fractions].sort((a, b) => a - b).map((f) => d.startsAt + Math.round(f * span)), d.dueAt];
}

/** How many reminders are due at `now` (the caller sends only the last one after a pause). */
export function remindersDue(d: Pick<Deadline, 'startsAt' | 'dueAt'>, fractions: readonly number[], now: number): number {
  return reminderTimes(d, fractions).filter((t) => t <= now).length;
}
