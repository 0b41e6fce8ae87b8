import type { Summary } from "./stats";

export interface Gate {
  name: string;
  /** The measured value, in ms or as a ratio. */
  value: (s: { reads: Summary; compose: Summary; all: Summary }) => number;
  unit: "ms" | "ratio";
  upstream: number;
  ours: number;
}

/**
 * Upstream's load-test thresholds (its Locust run: reads = every request but POST /compose),
 * and ours beside them: the queue-backed POST /compose answers in milliseconds, and the SLO
 * counts a request as good under 500 ms.
 */
export const gates: Gate[] = [
  { name: "fail ratio (all)", unit: "ratio", value: (s) => s.all.failRatio, upstream: 0.01, ours: 0.001 },
  { name: "reads mean", unit: "ms", value: (s) => s.reads.meanMs, upstream: 200, ours: 50 },
  { name: "reads median", unit: "ms", value: (s) => s.reads.medianMs, upstream: 280, ours: 25 },
  { name: "reads p95", unit: "ms", value: (s) => s.reads.p95Ms, upstream: 500, ours: 100 },
  { name: "POST /compose p95", unit: "ms", value: (s) => s.compose.p95Ms, upstream: 6_000, ours: 500 },
];

export interface GateResult {
  gate: Gate;
  value: number;
  upstreamPassed: boolean;
  oursPassed: boolean;
}

/** A gate with no samples (NaN) fails: a run that measured nothing proves nothing. */
export function evaluateGates(s: { reads: Summary; compose: Summary; all: Summary }): GateResult[] {
  return gates.map((gate) => {
    const value = gate.value(s);
    return { gate, value, upstreamPassed: value <= gate.upstream, oursPassed: value <= gate.ours };
  });
}
