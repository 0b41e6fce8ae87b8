import { writeFileSync } from "node:fs";
import path from "node:path";
import { loadCatalog } from "@ib/core/catalog";
import { freePort } from "@ib/testkit";
import type { ChildApp } from "../env/child-app";
import { chooseComposeTarget, composeRequestBody, unlimitedQuotaFile } from "../fixtures";
import { composePostLoad } from "../load/compose-post-load";
import { cpuSecondsOf } from "../load/cpu-time";
import { type LoadResult, probe, runHttpLoad, warmThenMeasure } from "../load/http-load";
import { repoRoot } from "../run";
import type { ResultRow, Scenario } from "./types";

const TARGET_SHARE = 0.9;
const BREAKER_PAIRS = 11;
const NO_BREAKER_PAIRS = 3;
const NAME = "POST /compose, composer dead";

/** Runs with and without the worker, side by side. */
interface Pairs {
  alone: LoadResult[];
  worker: LoadResult[];
  /** Each pair's rate with the worker against the rate without, in run order. */
  shares: number[];
  /** The worker's CPU over its runs, as a share of one core. */
  workerCpu: number;
}

/**
 * What a composer outage costs the API on the same machine: `POST /compose` at full speed with
 * a worker whose composer is a closed port, against the same with no worker. This machine's
 * load swings by more than the effect, so the two are measured in short runs side by side, the
 * order swapped each pair, and the median of the pairs' shares is the figure. "No worker" is
 * the worker frozen (SIGSTOP: no CPU, no traffic), so switching takes no time; it resumes
 * (SIGCONT) for the runs with a worker. First with the circuit breaker (it opens, the worker
 * waits), then without (COMPOSER_BREAKER_FAILURES=0: every compose retried on its own back-off,
 * as before the breaker). The worker's own CPU use over its runs is printed too.
 */
export const composerOutage: Scenario = {
  id: "composer-outage",
  title: NAME,
  async run(run) {
    const { options } = run;
    const catalogDir = path.join(repoRoot, "distributions");
    const stack = await run.stack("outage");
    const quotaFile = path.join(run.logDir, "outage-quotas.json");
    writeFileSync(quotaFile, unlimitedQuotaFile());
    const api = await stack.startApi("api", { QUOTA_FILE: quotaFile, DISTRIBUTIONS_DIR: catalogDir });
    const deadPort = await freePort();
    const deadComposer = { url: `http://127.0.0.1:${deadPort}`, tokenUrl: `http://127.0.0.1:${deadPort}/token` };

    const body = JSON.stringify(composeRequestBody(chooseComposeTarget(loadCatalog(catalogDir))));
    const load = composePostLoad(api.url, body, { ...options, durationSeconds: Math.max(2, Math.round(options.durationSeconds / 2)) });
    const check = await probe(load, 201);
    if (!check.ok) return [{ name: NAME, skipped: check.reason }];
    // Warms the API (and fills the queue the workers will find).
    await warmThenMeasure(load, options.warmupSeconds);

    const pairs = async (name: string, env: Record<string, string>, count: number): Promise<Pairs> => {
      const worker: ChildApp = await stack.startWorker(deadComposer, name, env);
      const result: Pairs = { alone: [], worker: [], shares: [], workerCpu: 0 };
      let cpu = 0;
      let seconds = 0;
      const withWorker = async () => {
        worker.signal("SIGCONT");
        const before = cpuSecondsOf(worker.pid) ?? 0;
        const started = performance.now();
        const r = await runHttpLoad(load);
        cpu += (cpuSecondsOf(worker.pid) ?? before) - before;
        seconds += (performance.now() - started) / 1_000;
        worker.signal("SIGSTOP");
        return r;
      };
      const alone = () => runHttpLoad(load);
      try {
        // The worker meets the dead composer (and its breaker opens) before the first pair.
        await runHttpLoad({ ...load, durationSeconds: Math.max(1, options.warmupSeconds) });
        worker.signal("SIGSTOP");
        for (let i = 0; i < count; i++) {
          let a: LoadResult;
          let w: LoadResult;
          if (i % 2 === 0) {
            a = await alone();
            w = await withWorker();
          } else {
            w = await withWorker();
            a = await alone();
          }
          result.alone.push(a);
          result.worker.push(w);
          result.shares.push(w.reqPerSec / a.reqPerSec);
        }
      } finally {
        worker.signal("SIGCONT");
        await worker.stop();
      }
      result.workerCpu = seconds > 0 ? cpu / seconds : 0;
      return result;
    };

    const breaker = await pairs("worker-breaker", {}, BREAKER_PAIRS);
    const noBreaker = await pairs("worker-no-breaker", { COMPOSER_BREAKER_FAILURES: "0" }, NO_BREAKER_PAIRS);
    const percent = (x: number) => `${(x * 100).toFixed(0)}%`;
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const combined = (results: LoadResult[]): Partial<ResultRow> => ({
      rate: results.reduce((sum, r) => sum + r.reqPerSec, 0) / results.length,
      p50Ms: median(results.map((r) => r.p50Ms)),
      p99Ms: Math.max(...results.map((r) => r.p99Ms)),
      non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
      errors: results.reduce((sum, r) => sum + r.errors, 0),
    });
    const shareNote = (p: Pairs) => `median share ${percent(median(p.shares))} of the rate with no worker (pairs: ${p.shares.map(percent).join(", ")})`;
    const met = median(breaker.shares) >= TARGET_SHARE && breaker.worker.every((r) => r.non2xx === 0);
    return [
      {
        name: `${NAME}: worker with its circuit breaker`,
        ...combined(breaker.worker),
        notes: [shareNote(breaker), `worker CPU ${percent(breaker.workerCpu)} of a core`],
        target: { text: `>= ${TARGET_SHARE * 100}% of the rate with no worker (median)`, met },
      },
      { name: "  no worker (its pairs)", ...combined(breaker.alone) },
      {
        name: "  worker without a breaker (COMPOSER_BREAKER_FAILURES=0)",
        ...combined(noBreaker.worker),
        notes: [shareNote(noBreaker), `worker CPU ${percent(noBreaker.workerCpu)} of a core`],
      },
      { name: "  no worker (its pairs)", ...combined(noBreaker.alone) },
    ];
  },
};
