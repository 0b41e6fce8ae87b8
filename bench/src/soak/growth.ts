/** Resident memory of the API and the worker at one moment of a soak (ms since its start). */
export interface RssSample {
  atMs: number;
  api: number;
  worker: number;
}

export interface Growth {
  /** Mean RSS over the first stretch after the warm-up, and over the last stretch, bytes. */
  startBytes: number;
  endBytes: number;
  percent: number;
  /** Highest sample of the whole run, warm-up included. */
  peakBytes: number;
}

/**
 * How much one process's memory grew after the warm-up: the mean of the samples in the last
 * stretch against the mean of those in the first, each stretch a quarter of the measured time
 * (at most a minute), so one garbage collection does not decide the figure.
 */
export function growth(samples: RssSample[], who: "api" | "worker", warmupMs: number): Growth {
  const measured = samples.filter((s) => s.atMs >= warmupMs);
  if (measured.length < 2) throw new Error(`too few samples after the warm-up (${measured.length})`);
  const first = measured[0]!.atMs;
  const last = measured.at(-1)!.atMs;
  const stretch = Math.min(60_000, (last - first) / 4);
  const mean = (xs: RssSample[]) => xs.reduce((n, s) => n + s[who], 0) / xs.length;
  const startBytes = mean(measured.filter((s) => s.atMs <= first + stretch));
  const endBytes = mean(measured.filter((s) => s.atMs >= last - stretch));
  return {
    startBytes,
    endBytes,
    percent: (endBytes / startBytes - 1) * 100,
    peakBytes: Math.max(...samples.map((s) => s[who])),
  };
}
