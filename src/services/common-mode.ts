/**
 * @module Common-mode failure: when a share of a redundancy group's members (default 50 %) went
 * down within a short window (default 5 min), the failure is likely one cause hitting every
 * member — redundancy is not protecting the service. Pure: down times are given.
 */
import type { Localized } from './service.types.js';

/** Default window within which the members' failures count as simultaneous. */
export const DEFAULT_COMMON_MODE_WINDOW_MS = 5 * 60_000;
/** Default share of the group that must fail within the window. */
export const DEFAULT_COMMON_MODE_SHARE = 0.5;

/** One member of a redundancy group: since when it is down (epoch ms), `null` when it is not. */
export interface GroupMemberDown {
  id: string;
  downSince: number | null;
}

/** Options of {@link detectCommonMode}. */
export interface CommonModeOptions {
  windowMs?: number;
  /** 0 < share ≤ 1. */
  share?: number;
  /** What members are called ("call servers"); default "members" / "membres". */
  memberLabel?: Localized;
}

/** What {@link detectCommonMode} finds. */
export interface CommonModeVerdict {
  commonMode: boolean;
  /** Members that failed together (the largest set within one window). */
  failed: number;
  total: number;
  /** Ids of those members, in the order they failed. */
  members: string[];
  /** From the first to the last of those failures, in ms. */
  spanMs: number;
  /** Plain words for people; set only when `commonMode`. */
  summary?: Localized;
}

/** A short duration as people write it: `90 s`, `4 min`, `4 min 30 s`. */
export function shortDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  return s % 60 === 0 ? `${s / 60} min` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

/** The largest run of sorted times that fits within `windowMs`. */
function largestCluster(sorted: readonly { id: string; at: number }[], windowMs: number): { id: string; at: number }[] {
  let best: { id: string; at: number }[] = [];
  let from = 0;
  for (let to = 0; to < sorted.length; to++) {
    while (sorted[to]!.at - sorted[from]!.at > windowMs) from++;
    if (to - from + 1 > best.length) best = sorted.slice(from, to + 1);
  }
  return best;
}

/**
 * Finds whether the down members of a group failed together: at least `share` of the group (and at
 * least two members) went down within `windowMs` of each other.
 */
export function detectCommonMode(members: readonly GroupMemberDown[], options: CommonModeOptions = {}): CommonModeVerdict {
  const windowMs = options.windowMs ?? DEFAULT_COMMON_MODE_WINDOW_MS;
  const share = options.share ?? DEFAULT_COMMON_MODE_SHARE;
  const down = members.filter((m): m is { id: string; downSince: number } => m.downSince !== null).map((m) => ({ id: m.id, at: m.downSince }));
  down.sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
  const cluster = largestCluster(down, windowMs);
  const total = members.length;
  const failed = cluster.length;
  const spanMs = failed > 0 ? cluster.at(-1)!.at - cluster[0]!.at : 0;
  const commonMode = total > 0 && failed >= 2 && failed / total >= share;
  const verdict: CommonModeVerdict = { commonMode, failed, total, members: cluster.map((m) => m.id), spanMs };
  if (commonMode) verdict.summary = commonModeSummary(failed, total, spanMs, options.memberLabel);
  return verdict;
}

/** "4 of 6 call servers failed within 90 s", and in French. */
export function commonModeFacts(failed: number, total: number, spanMs: number, label?: Localized): Localized {
  const noun = label ?? { en: 'members', fr: 'membres' };
  const span = shortDuration(Math.max(spanMs, 1000)); // "within 1 s" rather than "within 0 s"
  return { en: `${failed} of ${total} ${noun.en} failed within ${span}`, fr: `${failed} ${noun.fr} sur ${total} sont tombés en panne en ${span}` };
}

/** "4 of 6 call servers failed within 90 s — a common cause is likely; redundancy is not protecting the service", and in French. */
export function commonModeSummary(failed: number, total: number, spanMs: number, label?: Localized): Localized {
  const facts = commonModeFacts(failed, total, spanMs, label);
  return {
    en: `${facts.en} — a common cause is likely; redundancy is not protecting the service`,
    fr: `${facts.fr} — une cause commune est probable ; la redondance ne protège pas le service`,
  };
}

/**
 * The sentence for a common-mode failure that took in more members since `reported` of them were
 * reported ("common-mode failure grew: 6 of 6 call servers failed within 2 min"); undefined when
 * it did not grow (the same members, fewer once some recovered, or no common mode any more).
 */
export function commonModeGrowth(reported: number, verdict: CommonModeVerdict, label?: Localized): Localized | undefined {
  if (!verdict.commonMode || verdict.failed <= reported) return undefined;
  const facts = commonModeFacts(verdict.failed, verdict.total, verdict.spanMs, label);
  return { en: `common-mode failure grew: ${facts.en}`, fr: `la défaillance de mode commun s’étend : ${facts.fr}` };
}
