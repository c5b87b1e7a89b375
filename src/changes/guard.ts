/**
 * @module The rollout guard's go/no-go decision for one ring, from facts gathered by the caller
 * (ring monitors, their states, the rings' changes, open incidents, crises, freezes). Pure: no
 * clock, no I/O. Every reason is collected, in a fixed order, with its text in English and French.
 *
 * Ring N > 0 needs ring N−1 deployed, every monitor of rings 0..N−1 up (not flapping, not in a
 * reboot loop, not under maintenance), and ring N−1 healthy for its soak: counted from the later
 * of its change and the moment its last monitor came back up, so a monitor that recovered after
 * the change restarts the soak.
 */
import { MONITOR_STATE } from '../incidents/incident-texts.js';
import { formatDuration } from '../incidents/incident-figures.js';
import type { Localized } from '../incidents/incident.types.js';
import type { GuardDecision, GuardReason, GuardReasonCode, Rollout } from './changes.types.js';

/** What the guard needs to know, gathered by the caller. */
export interface GuardInput {
  rollout: Rollout;
  ring: number;
  now: number;
  /** Monitor ids each ring reaches (resolved by the caller), index = ring. */
  ringMonitors: string[][];
  /** The latest change recorded for each ring (index = ring); rolled back or not, it counts as "deployed at"; null = not deployed yet. */
  ringChanges: Array<{ id: number; at: number; rolledBackAt: number | null } | null>;
  /** Current state of the rings' monitors; a monitor missing here counts as having no state yet (not healthy). */
  states: ReadonlyMap<string, { state: string; since: number; message: string | null; flapping?: boolean }>;
  /** Open incidents on guarded services or ring monitors (already filtered by the caller). */
  openIncidents: Array<{ id: number; title: Localized }>;
  activeCrises: Array<{ id: number; title: Localized }>;
  /** Freezes in force that cover the rollout (already filtered by the caller). */
  activeFreezes: Array<{ id: string; reason: Localized | null; endsAt: number | null }>;
}

type Lang = keyof Localized;

const REASON_ORDER: readonly GuardReasonCode[] = ['rollout_closed', 'ring_not_deployed', 'reboot_loop', 'ring_unhealthy', 'ring_soaking', 'incident_open', 'crisis_active', 'freeze'];

const REBOOT_LOOP = /^\s*(reboot loop|boucle de redémarrage)/i;

// The incident texts' monitor states, and how the guard reads a monitor in a maintenance window.
const STATE_WORDS: Record<string, Localized> = { ...MONITOR_STATE, maintenance: { en: 'under maintenance', fr: 'en maintenance' } };

const CLOSED_WORDS: Record<string, Localized> = {
  completed: { en: 'completed', fr: 'terminé' },
  aborted: { en: 'aborted', fr: 'abandonné' },
};

/** "ring 0 (dc-1)", "anneau 2 (dc-3, dc-4, dc-5 +2)": up to three monitor ids then "+N". */
export function ringLabel(index: number, monitors: readonly string[], lang: Lang): string {
  const word = lang === 'en' ? 'ring' : 'anneau';
  const names = monitors.length > 3 ? `${monitors.slice(0, 3).join(', ')} +${monitors.length - 3}` : monitors.join(', ');
  return names ? `${word} ${index} (${names})` : `${word} ${index}`;
}

function both(make: (lang: Lang) => string): Localized {
  return { en: make('en'), fr: make('fr') };
}

function quote(text: string, lang: Lang): string {
  return lang === 'en' ? `"${text}"` : `« ${text} »`;
}

/** What is wrong with one monitor, or undefined when it is up and steady. */
function monitorProblem(id: string, ring: number, input: GuardInput): GuardReason | undefined {
  const s = input.states.get(id);
  const where = (lang: Lang) => `${id} (${lang === 'en' ? 'ring' : 'anneau'} ${ring})`;
  const said = (lang: Lang) => (s?.message ? `${lang === 'en' ? ':' : ' :'} ${quote(s.message, lang)}` : '');
  if (s?.message && REBOOT_LOOP.test(s.message)) {
    return { code: 'reboot_loop', subject: id, text: both((l) => (l === 'en' ? `${where(l)} is in a reboot loop${said(l)}` : `${where(l)} en boucle de redémarrage${said(l)}`)) };
  }
  if (!s) return { code: 'ring_unhealthy', subject: id, text: both((l) => (l === 'en' ? `${where(l)} has no state yet` : `${where(l)} sans état pour l’instant`)) };
  if (s.state === 'up' && !s.flapping) return undefined;
  const words = STATE_WORDS[s.state] ?? { en: s.state, fr: s.state };
  const what = (l: Lang) => {
    if (!s.flapping) return words[l];
    if (s.state === 'up') return l === 'en' ? 'flapping' : 'instable';
    return l === 'en' ? `${words.en} and flapping` : `${words.fr} et instable`;
  };
  return { code: 'ring_unhealthy', subject: id, text: both((l) => (l === 'en' ? `${where(l)} is ${what(l)}${said(l)}` : `${where(l)} ${what(l)}${said(l)}`)) };
}

/** Health of rings 0..N−1 (each monitor once, at its first ring). */
function ringHealth(input: GuardInput): { reasons: GuardReason[]; unhealthyRings: Set<number> } {
  const reasons: GuardReason[] = [];
  const unhealthyRings = new Set<number>();
  const seen = new Set<string>();
  for (let k = 0; k < input.ring; k++) {
    for (const id of input.ringMonitors[k] ?? []) {
      const problem = monitorProblem(id, k, input);
      if (problem) unhealthyRings.add(k);
      if (seen.has(id)) continue;
      seen.add(id);
      if (problem) reasons.push(problem);
    }
  }
  return { reasons, unhealthyRings };
}

/** Ring N−1's soak: a reason while it lasts, else the line for `checked`. */
function soak(input: GuardInput, change: { id: number; at: number; rolledBackAt: number | null }): { reason?: GuardReason; checked?: Localized } {
  const prev = input.ring - 1;
  const monitors = input.ringMonitors[prev] ?? [];
  const soakMs = input.rollout.rings[prev]!.soakMs;
  let healthySince = change.at;
  let recovered: string | undefined;
  for (const id of monitors) {
    const since = input.states.get(id)?.since ?? change.at;
    if (since > healthySince) [healthySince, recovered] = [since, id];
  }
  const elapsed = Math.max(0, input.now - healthySince);
  const label = (l: Lang) => ringLabel(prev, monitors, l);
  const from = (l: Lang) => (recovered === undefined ? '' : l === 'en' ? ` (since ${recovered} came back up)` : ` (depuis le retour de ${recovered})`);
  if (input.now - healthySince < soakMs) {
    const remainingMs = healthySince + soakMs - input.now;
    return {
      reason: {
        code: 'ring_soaking',
        remainingMs,
        text: both((l) =>
          l === 'en'
            ? `${label(l)} healthy for ${formatDuration(elapsed)} of its ${formatDuration(soakMs)} soak${from(l)}; ${formatDuration(remainingMs)} to go`
            : `${label(l)} sain depuis ${formatDuration(elapsed)} sur ${formatDuration(soakMs)} d’observation${from(l)} ; encore ${formatDuration(remainingMs)}`,
        ),
      },
    };
  }
  const rolledBack = (l: Lang) => (change.rolledBackAt === null ? '' : l === 'en' ? `; its change #${change.id} was rolled back` : ` ; son changement n° ${change.id} a été annulé`);
  return {
    checked: both((l) =>
      l === 'en'
        ? `${label(l)} healthy for ${formatDuration(elapsed)} since ${recovered === undefined ? 'its change' : `${recovered} came back up`} (soak ${formatDuration(soakMs)})${rolledBack(l)}`
        : `${label(l)} sain depuis ${formatDuration(elapsed)}, compté ${recovered === undefined ? 'depuis son changement' : `depuis le retour de ${recovered}`} (observation : ${formatDuration(soakMs)})${rolledBack(l)}`,
    ),
  };
}

/** The conditions besides the rings: incidents, crises, freezes (each only when the rollout's guard turns it on). */
function conditions(input: GuardInput): { reasons: GuardReason[]; checked: Localized[] } {
  const { guard } = input.rollout;
  const reasons: GuardReason[] = [];
  const checked: Localized[] = [];
  const off = (what: Localized) => checked.push({ en: `${what.en} (turned off for this rollout)`, fr: `${what.fr} (contrôle désactivé pour ce déploiement)` });
  if (!guard.incidents) off({ en: 'open incidents not checked', fr: 'incidents ouverts non vérifiés' });
  else if (input.openIncidents.length === 0) checked.push({ en: 'no open incident on guarded services', fr: 'aucun incident ouvert sur les services concernés' });
  else for (const i of input.openIncidents) reasons.push({ code: 'incident_open', subject: String(i.id), text: { en: `incident #${i.id} is open: ${i.title.en}`, fr: `incident n° ${i.id} ouvert : ${i.title.fr}` } });
  if (!guard.crisis) off({ en: 'crises not checked', fr: 'crises non vérifiées' });
  else if (input.activeCrises.length === 0) checked.push({ en: 'no active crisis', fr: 'aucune crise en cours' });
  else for (const c of input.activeCrises) reasons.push({ code: 'crisis_active', subject: String(c.id), text: { en: `crisis #${c.id} is active: ${c.title.en}`, fr: `crise n° ${c.id} en cours : ${c.title.fr}` } });
  if (!guard.freezes) off({ en: 'change freezes not checked', fr: 'gels des changements non vérifiés' });
  else if (input.activeFreezes.length === 0) checked.push({ en: 'no freeze in force', fr: 'aucun gel des changements en vigueur' });
  else
    for (const f of input.activeFreezes) {
      const ends = (l: Lang) => (f.endsAt === null ? '' : l === 'en' ? ` (ends in ${formatDuration(Math.max(0, f.endsAt - input.now))})` : ` (fin dans ${formatDuration(Math.max(0, f.endsAt - input.now))})`);
      const why = (l: Lang) => (f.reason === null ? '' : l === 'en' ? `: ${f.reason.en}` : ` : ${f.reason.fr}`);
      reasons.push({ code: 'freeze', subject: f.id, text: both((l) => (l === 'en' ? `freeze ${f.id} in force${ends(l)}${why(l)}` : `gel des changements ${f.id} en vigueur${ends(l)}${why(l)}`)) });
    }
  return { reasons, checked };
}

/**
 * The guard's go/no-go for deploying `input.ring`. Throws a RangeError when the ring is not one
 * of the rollout's. `checked` lists, in plain words, the conditions that passed (for a go, all of them).
 */
export function decideGuard(input: GuardInput): GuardDecision {
  const { rollout, ring, now } = input;
  const count = rollout.rings.length;
  if (!Number.isInteger(ring) || ring < 0 || ring >= count) {
    throw new RangeError(count === 0 ? `rollout "${rollout.id}" has no rings; ring ${ring} does not exist` : `ring ${ring} does not exist: rollout "${rollout.id}" has rings 0 to ${count - 1}`);
  }
  const reasons: GuardReason[] = [];
  const checked: Localized[] = [];
  if (rollout.status !== 'active') {
    const words = CLOSED_WORDS[rollout.status] ?? { en: rollout.status, fr: rollout.status };
    reasons.push({ code: 'rollout_closed', text: { en: `rollout ${rollout.id} is ${words.en}: no ring may be deployed`, fr: `déploiement ${rollout.id} ${words.fr} : plus aucun anneau ne peut être déployé` } });
  }
  if (ring === 0) {
    checked.push({ en: 'ring 0 is the first ring: no earlier ring to wait for', fr: 'anneau 0 : premier anneau, aucun anneau précédent à attendre' });
  } else {
    const prev = ring - 1;
    const change = input.ringChanges[prev] ?? null;
    if (change === null) {
      reasons.push({
        code: 'ring_not_deployed',
        text: both((l) =>
          l === 'en'
            ? `${ringLabel(prev, input.ringMonitors[prev] ?? [], l)} has not been deployed yet: deploy it before ${ringLabel(ring, input.ringMonitors[ring] ?? [], l)}`
            : `${ringLabel(prev, input.ringMonitors[prev] ?? [], l)} pas encore déployé : à déployer avant l’${ringLabel(ring, input.ringMonitors[ring] ?? [], l)}`,
        ),
      });
    }
    const health = ringHealth(input);
    reasons.push(...health.reasons);
    for (let k = 0; k < prev; k++) {
      if (!health.unhealthyRings.has(k)) checked.push(both((l) => (l === 'en' ? `${ringLabel(k, input.ringMonitors[k] ?? [], l)}: every monitor up` : `${ringLabel(k, input.ringMonitors[k] ?? [], l)} : toutes les sondes disponibles`)));
    }
    if (change !== null && !health.unhealthyRings.has(prev)) {
      const s = soak(input, change);
      if (s.reason) reasons.push(s.reason);
      if (s.checked) checked.push(s.checked);
    }
  }
  const rest = conditions(input);
  reasons.push(...rest.reasons);
  checked.push(...rest.checked);
  reasons.sort((a, b) => REASON_ORDER.indexOf(a.code) - REASON_ORDER.indexOf(b.code));
  return { rolloutId: rollout.id, ring, verdict: reasons.length === 0 ? 'go' : 'no-go', reasons, checked, at: now };
}
