import { distance } from 'fastest-levenshtein';

/**
 * The candidate closest to a mistyped `word` by Levenshtein distance on `normalize`d forms
 * (default: lower case), or undefined when none is near: at most ⌈len/3⌉ edits, so
 * `rign2d` → `ring2d` and `stpes` → `steps`, but `imagenet` suggests nothing.
 *
 * @example
 * closestMatch('fashoin-mnist', ['mnist', 'fashion-mnist']); // 'fashion-mnist'
 */
export function closestMatch(
  word: string,
  candidates: readonly string[],
  normalize: (s: string) => string = (s) => s.toLowerCase(),
): string | undefined {
  const w = normalize(word);
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.ceil(w.length / 3)) + 1;
  for (const candidate of candidates) {
    const d = distance(w, normalize(candidate));
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}
