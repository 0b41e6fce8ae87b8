import { percentile } from "../load/percentiles";

/** Latencies and outcomes of one request name. */
export class EndpointStats {
  readonly latenciesMs: number[] = [];
  failures = 0;
  /** Refused by policy (403 quota, 429 rate limit): answered correctly, counted apart. */
  refused = 0;
  firstFailure?: string;

  record(ms: number, outcome: "ok" | "refused" | { failure: string }): void {
    this.latenciesMs.push(ms);
    if (outcome === "refused") this.refused++;
    else if (outcome !== "ok") {
      this.failures++;
      this.firstFailure ??= outcome.failure;
    }
  }

  get count(): number {
    return this.latenciesMs.length;
  }
}

export interface Summary {
  count: number;
  failures: number;
  refused: number;
  failRatio: number;
  meanMs: number;
  medianMs: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Summarises one or several endpoints' samples together. */
export function summarize(stats: EndpointStats[]): Summary {
  const samples = stats.flatMap((s) => s.latenciesMs);
  const count = samples.length;
  const failures = stats.reduce((n, s) => n + s.failures, 0);
  const refused = stats.reduce((n, s) => n + s.refused, 0);
  return {
    count,
    failures,
    refused,
    failRatio: count === 0 ? 0 : failures / count,
    meanMs: count === 0 ? Number.NaN : samples.reduce((a, b) => a + b, 0) / count,
    medianMs: percentile(samples, 0.5),
    p95Ms: percentile(samples, 0.95),
    p99Ms: percentile(samples, 0.99),
    maxMs: count === 0 ? Number.NaN : samples[samples.length - 1]!,
  };
}
