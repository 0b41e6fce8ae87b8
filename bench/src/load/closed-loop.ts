import { performance } from "node:perf_hooks";
import { benchAbort, throwIfAborted } from "../abort";
import { percentile } from "./percentiles";

export interface LoopResult {
  opsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  total: number;
  errors: number;
  firstError?: string;
}

/**
 * `callers` concurrent loops calling `operation` back to back for `durationSeconds`, in this
 * process: the ceiling of an operation without HTTP in front of it.
 */
export async function runClosedLoop(
  operation: (i: number) => Promise<unknown>,
  callers: number,
  durationSeconds: number,
): Promise<LoopResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let next = 0;
  const start = performance.now();
  const end = start + durationSeconds * 1000;
  const caller = async () => {
    while (performance.now() < end && !benchAbort.signal.aborted) {
      const t0 = performance.now();
      try {
        await operation(next++);
        latencies.push(performance.now() - t0);
      } catch (err) {
        errors++;
        firstError ??= err instanceof Error ? err.message : String(err);
      }
    }
  };
  await Promise.all(Array.from({ length: callers }, caller));
  throwIfAborted();
  const elapsed = (performance.now() - start) / 1000;
  return {
    opsPerSec: latencies.length / elapsed,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    total: latencies.length,
    errors,
    firstError,
  };
}

/** Runs `operation` exactly `total` times with at most `concurrency` calls in flight. */
export async function runCount(
  operation: (i: number) => Promise<unknown>,
  total: number,
  concurrency: number,
): Promise<void> {
  let next = 0;
  const caller = async () => {
    while (next < total && !benchAbort.signal.aborted) await operation(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, caller));
  throwIfAborted();
}
