/** @module "Did you mean" suggestions for misspelt keys and values. */

/** Levenshtein edit distance between two strings. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
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
