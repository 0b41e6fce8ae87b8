import { writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadCatalog } from "@ib/core/catalog";
import { megabytes, memoryOf } from "@ib/testkit";
import { benchAbort } from "../abort";
import { commandArgs } from "../command-line";
import { sleep } from "../env/child-app";
import { chooseComposeTarget, composeRequestBody, postIdentities, unlimitedQuotaFile } from "../fixtures";
import { Traffic } from "../load/traffic";
import { parseOptions } from "../options";
import { BenchRun, repoRoot } from "../run";
import { growth, type RssSample } from "./growth";

const flags = {
  minutes: { default: "10", help: "minutes of constant load" },
  "warmup-minutes": { default: "2", help: "minutes left out before the growth is measured (at most a third of the run)" },
  rate: { default: "50", help: "POST /compose per second (and as many GET /composes/{id})" },
  "max-growth": { default: "10", help: "fail above this RSS growth after warm-up, percent" },
  "sample-seconds": { default: "5", help: "seconds between two RSS samples" },
} as const;

const usage = () =>
  ["usage: pnpm soak [-- options]", ...Object.entries(flags).map(([n, f]) => `  --${n.padEnd(16)} ${f.help} (default ${f.default})`)].join("\n");

const { values } = parseArgs({
  args: commandArgs(),
  options: { ...Object.fromEntries(Object.keys(flags).map((n) => [n, { type: "string" as const }])), help: { type: "boolean", short: "h" } },
});
if (values.help) {
  console.log(usage());
  process.exit(0);
}
const number = (name: keyof typeof flags, min: number): number => {
  const n = Number((values as Record<string, string | undefined>)[name] ?? flags[name].default);
  if (!Number.isFinite(n) || n < min) {
    console.error(`--${name} must be a number >= ${min}\n\n${usage()}`);
    process.exit(2);
  }
  return n;
};
const minutes = number("minutes", 1);
const warmupMinutes = Math.min(number("warmup-minutes", 0), minutes / 3);
const rate = number("rate", 1);
const maxGrowth = number("max-growth", 0);
const sampleMs = number("sample-seconds", 1) * 1000;

/**
 * Constant load for N minutes against an API, a worker and the simulator (builds of about ten
 * seconds, so the worker always has builds starting and ending): POST /compose and
 * GET /composes/{id} at `--rate` each, resident memory of the API and the worker sampled. The
 * growth compares the mean RSS of the first and the last stretch after the warm-up; above
 * `--max-growth` percent the command fails.
 */
const run = new BenchRun({ ...(parseOptions([], process.env) as Exclude<ReturnType<typeof parseOptions>, "help">), logLevel: "warn" });
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    run.log(`${signal}: stopping`);
    benchAbort.abort();
  });
}
let failed = false;
try {
  const catalogDir = path.join(repoRoot, "distributions");
  const stack = await run.stack("soak");
  const sim = await stack.startSimulator({ TIME_SCALE: String(10 / 370), LATENCY_MS: "0" });
  const worker = await stack.startWorker(sim);
  const quotaFile = path.join(run.logDir, "soak-quotas.json");
  writeFileSync(quotaFile, unlimitedQuotaFile());
  const api = await stack.startApi("api", { QUOTA_FILE: quotaFile, DISTRIBUTIONS_DIR: catalogDir });
  const body = JSON.stringify(composeRequestBody(chooseComposeTarget(loadCatalog(catalogDir)), "soak"));
  const traffic = new Traffic({ apiUrl: api.url, identities: postIdentities(), body }, { postsPerSecond: rate, getsPerSecond: rate, timeoutMs: 10_000 });
  run.log(`soak: ${minutes} min at ${rate} POST/s + ${rate} GET/s, warm-up ${warmupMinutes.toFixed(1)} min; logs in ${run.logDir}`);

  const samples: RssSample[] = [];
  const end = Date.now() + minutes * 60_000;
  traffic.start();
  while (Date.now() < end && !benchAbort.signal.aborted) {
    await sleep(Math.min(sampleMs, Math.max(1, end - Date.now())));
    const a = memoryOf(api.app.pid);
    const w = memoryOf(worker.pid);
    if (!a || !w) throw new Error(`a process died during the soak:\n${api.app.lastLogLines()}\n${worker.lastLogLines()}`);
    samples.push({ atMs: minutes * 60_000 - (end - Date.now()), api: a.rssBytes, worker: w.rssBytes });
  }
  await traffic.stop();
  if (benchAbort.signal.aborted) throw new Error("interrupted");

  const answered = traffic.samples.filter((s) => s.status !== undefined);
  const errors = traffic.samples.length - answered.length + answered.filter((s) => s.status! >= 500).length;
  const seconds = minutes * 60;
  console.log(
    `\nsoak: ${minutes} min, ${(traffic.accepted.length / seconds).toFixed(0)} composes/s accepted, ` +
      `${(answered.length / seconds).toFixed(0)} answers/s, ${errors} errors or 5xx`,
  );
  for (const who of ["api", "worker"] as const) {
    const g = growth(samples, who, warmupMinutes * 60_000);
    const verdict = g.percent <= maxGrowth ? "ok" : "FAILED";
    console.log(
      `${who.padEnd(6)} RSS ${megabytes(g.startBytes)} after warm-up -> ${megabytes(g.endBytes)} at the end: ` +
        `${g.percent >= 0 ? "+" : ""}${g.percent.toFixed(1)} % (peak ${megabytes(g.peakBytes)}; limit +${maxGrowth} %) ${verdict}`,
    );
    if (g.percent > maxGrowth) failed = true;
  }
} catch (err) {
  failed = true;
  run.log(`soak failed: ${(err as Error).stack ?? String(err)}`);
} finally {
  await run.close();
}
process.exit(benchAbort.signal.aborted ? 130 : failed ? 1 : 0);
