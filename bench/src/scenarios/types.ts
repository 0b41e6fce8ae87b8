import type { BenchRun } from "../run";

/** One line of the final table. */
export interface ResultRow {
  name: string;
  /** Throughput, in `unit` (req/s by default). */
  rate?: number;
  unit?: string;
  p50Ms?: number;
  p99Ms?: number;
  non2xx?: number;
  errors?: number;
  /** Extra figures: RSS, share of the limit, sample counts. */
  notes?: string[];
  target?: { text: string; met: boolean };
  /** Set when the scenario could not run: why. */
  skipped?: string;
}

/**
 * A benchmark scenario: one file in this folder, listed in ./index.ts. `unavailable` says why
 * it cannot run on this machine or at this stage of the code (null = runnable); `run` measures
 * and returns its rows. Processes a scenario starts through `run.stack(...)` are stopped by the
 * run; the shared API with the seeded database is `run.main()`.
 */
export interface Scenario {
  id: string;
  title: string;
  unavailable?(run: BenchRun): Promise<string | null> | string | null;
  run(run: BenchRun): Promise<ResultRow[]>;
}

export const skippedRow = (name: string, reason: string): ResultRow => ({ name, skipped: reason });
