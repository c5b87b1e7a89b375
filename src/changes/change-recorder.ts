/**
 * @module Two duties run in the notification loop, before messages are composed (so a page names
 * the likely cause as soon as it is known):
 * - the changes the checks saw (registry status, name servers, certificates, DNS answers) become
 *   changes: a consumer of the transitions outbox with its own cursor (`changes`), idempotent per
 *   transition, so a crash or a second process records each once;
 * - each open incident's suspects are written to its timeline (kind `change`) whenever they
 *   change: "Suspect changes: …" and "likely cause: …", which notifications and crisis drafts read.
 */
import type { Logger } from 'pino';
import type { Incident, Localized } from '../incidents/incident.types.js';
import type { Store } from '../storage/store.js';
import type { Transition } from '../engine/monitor-state.js';
import type { ChangeService } from './change-service.js';
import type { Change, SuspectList } from './changes.types.js';

export const CHANGES_CONSUMER = 'changes';
const ENGINE_AUTHOR = 'vigie';
const BATCH = 200;

export interface ChangeRecorderDeps {
  store: Store;
  changes: ChangeService;
  /** `changes.record_check_changes` in force. */
  recordCheckChanges: () => boolean;
  log: Logger;
}

/** The likely cause noted on an incident's timeline, as notifications and drafts read it. */
export interface NotedSuspects {
  likelyCause: Localized | null;
  suspects: Array<{ changeId: number; text: Localized }>;
}

export class ChangeRecorder {
  /** What was last computed per incident, so unchanged incidents cost nothing. */
  private readonly seen = new Map<number, string>();

  constructor(private readonly deps: ChangeRecorderDeps) {}

  /** Records pending check changes, then notes new suspects on open incidents. */
  async step(): Promise<void> {
    await this.recordCheckChanges();
    await this.noteSuspects();
  }

  private async recordCheckChanges(): Promise<void> {
    const { store } = this.deps;
    for (let round = 0; round < 50; round++) {
      const { cursor, items } = await store.transitions.claim(CHANGES_CONSUMER, BATCH);
      if (items.length === 0) return;
      if (this.deps.recordCheckChanges()) {
        // One change per run: the events of one monitor at one time go together.
        const runs = new Map<string, Transition[]>();
        for (const t of items) if (t.kind === 'event' && t.eventType) runs.set(`${t.monitorId}@${t.at}`, [...(runs.get(`${t.monitorId}@${t.at}`) ?? []), t]);
        for (const run of runs.values()) await this.deps.changes.recordRunFromCheck(run);
      }
      const last = items[items.length - 1]!.id;
      if (!(await store.transitions.ack(CHANGES_CONSUMER, cursor, last, Date.now()))) return; // another process moved it
    }
  }

  private async noteSuspects(): Promise<void> {
    const active = (await this.deps.store.incidents.active()).filter((i) => i.status !== 'resolved');
    for (const id of [...this.seen.keys()]) if (!active.some((i) => i.id === id)) this.seen.delete(id);
    if (active.length === 0) return;
    // Every change that may be a suspect of an open incident: a new one (even backdated) or a rollback changes the stamp.
    const earliest = Math.min(...active.map((i) => i.firstFailureAt ?? i.openedAt)) - this.deps.changes.correlationWindowMs();
    const candidates = await this.deps.store.changes.list({ from: earliest }, 1000);
    const stamp = `${Math.max(0, ...candidates.map((c) => c.id))}:${Math.max(0, ...candidates.map((c) => c.rolledBackAt ?? 0))}:${candidates.length}`;
    const due = active.filter((i) => this.seen.get(i.id) !== keyOf(i, stamp));
    if (due.length === 0) return;
    const topology = await this.deps.changes.topology();
    for (const incident of due) {
      try {
        const { list, changes } = await this.deps.changes.suspects(incident, topology);
        if (list.suspects.length > 0) await this.note(incident, withRollouts(list, changes), (id) => changes.get(id)?.rolledBackAt ?? null);
        this.seen.set(incident.id, keyOf(incident, stamp));
      } catch (err) {
        this.deps.log.error({ err, incident: incident.id }, 'could not rank the suspect changes of an incident; retrying at the next pass');
      }
    }
  }

  private async note(incident: Incident, list: SuspectList, rolledBack: (id: number) => number | null): Promise<void> {
    const top = list.suspects.slice(0, 3);
    const ids = top.map((s) => `${s.changeId}${rolledBack(s.changeId) ? 'r' : ''}`).join(',');
    const lines = (lang: 'en' | 'fr') => top.map((s) => s.text[lang]).join(lang === 'en' ? '; ' : ' ; ');
    const lead = { en: list.likelyCause ? `${cap(list.likelyCause.text.en)}. ` : '', fr: list.likelyCause ? `${cap(list.likelyCause.text.fr)}. ` : '' };
    await this.deps.store.incidents.addEntry(incident.id, {
      at: Date.now(),
      kind: 'change',
      author: ENGINE_AUTHOR,
      text: { en: `${lead.en}Suspect changes: ${lines('en')}`, fr: `${lead.fr}Changements suspects : ${lines('fr')}` },
      details: {
        likelyCause: list.likelyCause ? { change: list.likelyCause.changeId, text: list.likelyCause.text } : null,
        suspects: top.map((s) => ({ change: s.changeId, rank: s.rank, link: s.link, beforeMs: s.beforeMs, text: s.text })),
      },
      dedupKey: `suspects:${incident.id}:${list.likelyCause?.changeId ?? '-'}:${ids}`,
    });
  }
}

/** Suspects that deployed a rollout's ring say so: "… — rollout kb5009557-dc, ring 0" (the incident names the rollout and the ring). */
function withRollouts(list: SuspectList, changes: ReadonlyMap<number, Change>): SuspectList {
  const tag = (changeId: number, text: Localized): Localized => {
    const c = changes.get(changeId);
    if (!c?.rolloutId || c.ring === null) return text;
    return { en: `${text.en} — rollout ${c.rolloutId}, ring ${c.ring}`, fr: `${text.fr} — déploiement ${c.rolloutId}, anneau ${c.ring}` };
  };
  return {
    suspects: list.suspects.map((s) => ({ ...s, text: tag(s.changeId, s.text) })),
    likelyCause: list.likelyCause ? { ...list.likelyCause, text: tag(list.likelyCause.changeId, list.likelyCause.text) } : null,
  };
}

function keyOf(i: Incident, stamp: string): string {
  return `${i.affected.length}:${i.firstFailureAt ?? i.openedAt}:${i.commonMode}:${stamp}`;
}

function cap(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The suspects last noted on an incident's timeline (newest `change` entry), or undefined. */
export async function notedSuspects(store: Store, incidentId: number): Promise<NotedSuspects | undefined> {
  const entries = (await store.incidents.timeline(incidentId)).filter((e) => e.kind === 'change');
  const last = entries[entries.length - 1];
  if (!last?.details) return undefined;
  const d = last.details as { likelyCause?: { text: Localized } | null; suspects?: Array<{ change: number; text: Localized }> };
  return { likelyCause: d.likelyCause?.text ?? null, suspects: (d.suspects ?? []).map((s) => ({ changeId: s.change, text: s.text })) };
}
