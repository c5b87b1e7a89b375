/** @module "Did you mean" suggestions for misspelt keys and values. */

/** Edit distance counting insertions, deletions, substitutions and swaps of two neighbours (`tsl` → `tls` is 1). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The closest candidate to `input` (case-insensitive edit distance ≤ 2, or one being a prefix of
 * the other), or `undefined` when none is close enough. Very short inputs allow fewer edits, so
 * that `x` does not suggest `id`.
 */
export function suggest(input: string, candidates: readonly string[]): string | undefined {
  const needle = input.toLowerCase();
  const maxDistance = Math.min(2, Math.max(1, Math.floor(needle.length / 2)));
  let best: { candidate: string; score: number } | undefined;
  for (const candidate of candidates) {
    const other = candidate.toLowerCase();
    const distance = editDistance(needle, other);
    const prefix = needle.length >= 2 && other.length >= 2 && (other.startsWith(needle) || needle.startsWith(other));
    if (distance > maxDistance && !prefix) continue;
    const score = distance > maxDistance ? maxDistance + 1 : distance;
    if (!best || score < best.score) best = { candidate, score };
  }
  return best?.candidate;
}
