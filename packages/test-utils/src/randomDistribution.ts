/** A random probability vector of length n (Dirichlet(1) via normalised exponentials); a share of zeros. */
export function randomDistribution(rng: { next(): number }, n: number, zeroFraction = 0): number[] {
  const raw: number[] = [];
  for (let i = 0; i < n; i++) raw.push(rng.next() < zeroFraction ? 0 : -Math.log(1 - rng.next()));
  if (!raw.some((v) => v > 0)) raw[0] = 1;
  const total = raw.reduce((a, b) => a + b, 0);
  return raw.map((v) => v / total);
}
