/** The q-quantile (0..1) of samples, nearest-rank; NaN when there are none. Sorts in place. */
export function percentile(samples: number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  samples.sort((a, b) => a - b);
  const rank = Math.min(samples.length - 1, Math.max(0, Math.ceil(q * samples.length) - 1));
  return samples[rank]!;
}
